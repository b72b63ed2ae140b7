import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client, Events } from 'discord.js';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  CHANNEL_TYPES,
  CLOSE_CODES,
  channelRouteOf,
  DISCORD_ERRORS,
  type DiscordError,
  DiscordFaults,
  discordRefusal,
  isThreadType,
  MESSAGE_CONTENT_INTENT,
  memberOverwrite,
  PERMISSION_BITS,
  withoutMessageContent,
} from './discord-faults.js';

/**
 * A fake Discord on 127.0.0.1: the REST API routes sa-quiz uses (recording every call with its
 * JSON or multipart body) and a gateway speaking enough of the protocol for discord.js (HELLO,
 * heartbeat ACK, IDENTIFY → READY + one GUILD_CREATE per guild, numbered dispatches). It also
 * builds the gateway payloads real Discord would send when people write, edit, delete, run slash
 * commands and press buttons, shaped like Discord's documented payloads.
 */

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName?: string;
  readonly bot?: boolean;
  /** The language of the user's Discord client, sent as an interaction's `locale` (default `ko`). */
  readonly locale?: string;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  /**
   * Channels of the guild; `type` is Discord's channel type (0 text by default, 2 voice, 5
   * announcement, 13 stage, 15 forum, 16 media: see CHANNEL_TYPES in discord-faults.ts).
   */
  readonly channels: readonly { readonly id: string; readonly name: string; readonly type?: number }[];
  /** `preferred_locale` (and an interaction's `guild_locale`); default `ko`. */
  readonly locale?: string;
  /** Guild features, e.g. `COMMUNITY` (only Community servers choose their preferred locale). */
  readonly features?: readonly string[];
}

export interface RecordedFile {
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly text: string;
}

export interface RecordedCall {
  readonly method: string;
  /** The path after `/api/v10`, e.g. `/channels/1/messages`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The JSON body, or a multipart body's `payload_json`; null when there was none. */
  readonly body: Record<string, unknown> | null;
  readonly files: readonly RecordedFile[];
  readonly status: number;
}

export interface InjectedError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
}

export const UNKNOWN_CHANNEL: InjectedError = { status: 404, code: 10003, message: 'Unknown Channel' };
export const MISSING_PERMISSIONS: InjectedError = {
  status: 403,
  code: 50013,
  message: 'Missing Permissions',
};

/** Discord's permission bits the tests need (as the decimal strings Discord sends). */
export const PERMISSIONS = {
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 38n)), // view, send, history, threads
  manageGuild: String((1n << 5n) | (1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 38n)),
  /** What the invite URL in docs/discord.md grants the bot (326417632320). */
  bot: '326417632320',
} as const;

/** Bits of the permissions the bot needs, to take one away: `withoutPermission(PERMISSIONS.bot, 38)`. */
export function withoutPermission(permissions: string, bit: number): string {
  return String(BigInt(permissions) & ~(1n << BigInt(bit)));
}

interface Reply {
  readonly status: number;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  readonly contentType?: string;
}

interface ChannelRecord {
  id: string;
  type: number;
  name: string;
  guild_id?: string;
  parent_id?: string | null;
  thread_metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

type Json = Record<string, unknown>;

const API_PREFIX = '/api/v10';
const THREAD_TYPE = 11;

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  /** IDENTIFY payloads the gateway received (intents, token...). */
  readonly identifies: Json[] = [];
  readonly applicationId = '900000000000000001';
  readonly botUser: FakeUser = { id: '900000000000000002', username: 'sa-quiz', bot: true };
  /** How the fake refuses things: tokens, intents, DMs, injected route failures (see discord-faults.ts). */
  readonly faults = new DiscordFaults();

  private readonly channels = new Map<string, ChannelRecord>();
  private readonly messages = new Map<string, Json>();
  private readonly files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  private readonly failures = new Map<string, InjectedError>();
  private readonly sockets = new Set<WebSocket>();
  /** The intents each gateway connection identified with. */
  private readonly socketIntents = new Map<WebSocket, number>();
  private readonly listeners = new Set<() => void>();
  private readonly heartbeatWaiters: (() => void)[] = [];
  /** Interaction token → the channel it happened in (webhook messages belong there). */
  private readonly interactionChannels = new Map<string, string>();
  /** URLs of attachment downloads, in order. */
  readonly downloads: string[] = [];
  /** Every dispatch sent after READY, in order (to replay one, as a resumed session would). */
  readonly dispatched: { readonly event: string; readonly data: unknown }[] = [];
  /** RESUME payloads (op 6) the gateway received: a client that lost its connection and came back. */
  readonly resumes: Json[] = [];
  /** The same dispatches with their sequence numbers, replayed to a resuming client as Discord does. */
  private readonly numbered: { readonly s: number; readonly t: string; readonly d: unknown }[] = [];
  private nextId = 1_350_000_000_000_000_000n;
  private sequence = 0;
  /** Clients being watched by `caughtUp`, with the last dispatch sequence each has received. */
  private readonly watched = new Map<Client, number>();

  private constructor(
    private readonly server: Server,
    private readonly gateway: WebSocketServer,
    readonly guilds: readonly FakeGuild[],
  ) {
    for (const guild of guilds)
      for (const channel of guild.channels)
        this.channels.set(channel.id, {
          id: channel.id,
          type: channel.type ?? 0,
          name: channel.name,
          guild_id: guild.id,
        });
  }

  /** Starts the fake on a free port of 127.0.0.1. */
  static async start(guilds: readonly FakeGuild[]): Promise<FakeDiscord> {
    const server = createServer();
    const gateway = new WebSocketServer({ server, path: '/gw' });
    const fake = new FakeDiscord(server, gateway, guilds);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    gateway.on('connection', (socket) => fake.onConnection(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The value for discord.js's `rest.api` (DISCORD_API_URL). */
  get apiUrl(): string {
    return `${this.origin}/api`;
  }

  /** A new snowflake, increasing. */
  id(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- test controls

  /** Every REST call to `channelId` (and its messages and threads) fails with `error` until cleared. */
  failChannel(channelId: string, error: InjectedError): void {
    this.failures.set(channelId, error);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Serves `bytes` as a CDN attachment and returns its URL. */
  addFile(name: string, bytes: Uint8Array, contentType = 'text/plain; charset=utf-8'): string {
    const path = `/attachments/${this.id()}/${encodeURIComponent(name)}`;
    this.files.set(path, { bytes, contentType });
    return `${this.origin}${path}`;
  }

  /** The calls matching `method` and a path pattern. */
  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /**
   * Every call that sends a message: channel messages and their edits, interaction replies (4) and
   * updates (7), webhook messages. Deferrals (5, 6) and modals (9) carry no message.
   */
  messageCalls(): RecordedCall[] {
    return this.calls.filter(
      (c) =>
        (c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path)) ||
        (c.method === 'PATCH' && /^\/channels\/\d+\/messages\/\d+$/.test(c.path)) ||
        (c.method === 'POST' &&
          /^\/interactions\/.+\/callback$/.test(c.path) &&
          (c.body?.type === 4 || c.body?.type === 7)) ||
        /^\/webhooks\//.test(c.path),
    );
  }

  /** Resolves with the first recorded call (past or future) matching `predicate`. */
  async waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find(predicate);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error('timed out waiting for a Discord API call'));
      }, timeoutMs);
      const check = (): void => {
        const call = this.calls.find(predicate);
        if (!call) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(call);
      };
      this.listeners.add(check);
    });
  }

  // ---------------------------------------------------------------- gateway

  private send(socket: WebSocket, payload: Json): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }

  /**
   * Sends a dispatch (op 0) with the next sequence number to every connected client. A session
   * without the Message Content intent gets other people's messages without their content, as
   * Discord sends them.
   */
  dispatch(event: string, data: unknown): void {
    this.dispatched.push({ event, data });
    this.sequence += 1;
    const numbered = { s: this.sequence, t: event, d: data };
    this.numbered.push(numbered);
    for (const socket of this.sockets) this.sendDispatch(socket, numbered);
  }

  private sendDispatch(socket: WebSocket, p: { s: number; t: string; d: unknown }): void {
    const intents = this.socketIntents.get(socket) ?? MESSAGE_CONTENT_INTENT;
    const d =
      (intents & MESSAGE_CONTENT_INTENT) === 0 ? withoutMessageContent(p.t, p.d, this.botUser.id) : p.d;
    this.send(socket, { op: 0, t: p.t, s: p.s, d });
  }

  /**
   * Waits until the client has read everything dispatched so far: asks for a heartbeat (op 1),
   * which the client answers after the messages before it, in order.
   */
  /**
   * Resolves once `client` has received every dispatch sent so far. discord.js emits `raw` just
   * before it handles a packet, and does so synchronously; a heartbeat round-trip alone can
   * overtake dispatch handling on a busy machine.
   */
  async caughtUp(client: Client, timeoutMs = 10_000): Promise<void> {
    if (!this.watched.has(client)) throw new Error('call watch(client) before the client logs in');
    const deadline = Date.now() + timeoutMs;
    while ((this.watched.get(client) ?? 0) < this.sequence) {
      if (Date.now() > deadline)
        throw new Error(`client saw dispatch ${this.watched.get(client)} of ${this.sequence}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Starts counting the dispatches `client` receives; call it before `login`. */
  watch(client: Client): void {
    this.watched.set(client, 0);
    client.on(Events.Raw, (packet: { s?: number | null }) => {
      if (typeof packet.s === 'number')
        this.watched.set(client, Math.max(this.watched.get(client) ?? 0, packet.s));
    });
  }

  async sync(): Promise<void> {
    if (this.sockets.size === 0) return;
    const answered = new Promise<void>((resolve) => this.heartbeatWaiters.push(resolve));
    for (const socket of this.sockets) this.send(socket, { op: 1, d: this.sequence });
    await answered;
  }

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.socketIntents.delete(socket);
    });
    socket.on('message', (raw) => this.onGatewayMessage(socket, JSON.parse(String(raw)) as Json));
    this.send(socket, { op: 10, d: { heartbeat_interval: 41_250 } });
  }

  private onGatewayMessage(socket: WebSocket, payload: Json): void {
    switch (payload.op) {
      case 1: {
        this.send(socket, { op: 11 });
        for (const resolve of this.heartbeatWaiters.splice(0)) resolve();
        return;
      }
      case 2: {
        const identify = payload.d as Json;
        this.identifies.push(identify);
        if (!this.faults.tokenAccepted(`Bot ${String(identify.token ?? '')}`)) {
          socket.close(CLOSE_CODES.authenticationFailed, 'Authentication failed.');
          return;
        }
        const intents = Number(identify.intents ?? 0);
        // The developer portal's Message Content switch is off: Discord closes the connection.
        if ((intents & MESSAGE_CONTENT_INTENT) !== 0 && !this.faults.messageContentAllowed) {
          socket.close(CLOSE_CODES.disallowedIntents, 'Disallowed intent(s).');
          return;
        }
        this.socketIntents.set(socket, intents);
        this.sequence += 1;
        this.send(socket, { op: 0, t: 'READY', s: this.sequence, d: this.readyPayload() });
        for (const guild of this.guilds) {
          this.sequence += 1;
          this.send(socket, { op: 0, t: 'GUILD_CREATE', s: this.sequence, d: this.guildPayload(guild) });
        }
        return;
      }
      case 6: {
        // A resumed session keeps the intents it identified with, and gets what it missed.
        const resume = payload.d as Json;
        this.resumes.push(resume);
        const last = this.identifies[this.identifies.length - 1];
        if (last) this.socketIntents.set(socket, Number(last.intents ?? 0));
        const seen = Number(resume.seq ?? 0);
        for (const missed of this.numbered.filter((p) => p.s > seen)) this.sendDispatch(socket, missed);
        this.sequence += 1;
        this.send(socket, { op: 0, t: 'RESUMED', s: this.sequence, d: {} });
        return;
      }
      default:
        return;
    }
  }

  private readyPayload(): Json {
    return {
      v: 10,
      user: this.userPayload(this.botUser),
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: 'fake-session',
      resume_gateway_url: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/gw`,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 1 << 19 },
      private_channels: [],
      relationships: [],
      presences: [],
    };
  }

  private guildPayload(guild: FakeGuild): Json {
    // Like Discord, only active threads come with the guild; archived ones must be fetched.
    const threads = [...this.channels.values()].filter(
      (c) => isThreadType(c.type) && c.guild_id === guild.id && c.thread_metadata?.archived !== true,
    );
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: '1',
      unavailable: false,
      large: false,
      member_count: 3,
      joined_at: new Date().toISOString(),
      features: guild.features ?? [],
      preferred_locale: guild.locale ?? 'ko',
      roles: [
        {
          id: guild.id,
          name: '@everyone',
          permissions: PERMISSIONS.member,
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        // Discord gives a bot the role its invite URL asked for, managed by the integration.
        {
          id: this.botRoleId(guild.id),
          name: this.botUser.username,
          permissions: PERMISSIONS.bot,
          position: 1,
          color: 0,
          hoist: false,
          managed: true,
          mentionable: false,
          flags: 0,
          tags: { bot_id: this.botUser.id },
        },
      ],
      emojis: [],
      stickers: [],
      channels: guild.channels.map((c) => this.guildChannelPayload(c.id)),
      threads,
      members: [{ ...this.memberPayload(this.botUser), roles: [this.botRoleId(guild.id)] }],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** The id of the bot's managed role in a guild. */
  private botRoleId(guildId: string): string {
    return `${guildId.slice(0, -3)}999`;
  }

  /** A guild channel as GUILD_CREATE and CHANNEL_UPDATE carry it, with the bot's overwrite if any. */
  private guildChannelPayload(channelId: string): Json {
    const channel = this.channels.get(channelId);
    const guild = this.guilds.find((g) => g.channels.some((c) => c.id === channelId));
    return {
      id: channelId,
      type: channel?.type ?? 0,
      name: channel?.name ?? '',
      guild_id: guild?.id,
      position: guild?.channels.findIndex((c) => c.id === channelId) ?? 0,
      permission_overwrites: channel?.permission_overwrites ?? [],
      parent_id: null,
      nsfw: false,
    };
  }

  // ---------------------------------------------------------------- payloads Discord sends

  userPayload(user: FakeUser): Json {
    return {
      id: user.id,
      username: user.username,
      global_name: user.globalName ?? null,
      discriminator: '0',
      avatar: null,
      bot: user.bot ?? false,
      public_flags: 0,
    };
  }

  private memberPayload(user: FakeUser, permissions?: string): Json {
    return {
      user: this.userPayload(user),
      nick: null,
      avatar: null,
      roles: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      ...(permissions ? { permissions } : {}),
    };
  }

  private guildOf(channelId: string): string {
    const channel = this.channels.get(channelId);
    if (!channel?.guild_id) throw new Error(`the fake knows no guild channel ${channelId}`);
    return channel.guild_id;
  }

  private messagePayload(id: string, channelId: string, author: FakeUser, content: string): Json {
    const channel = this.channels.get(channelId);
    return {
      id,
      channel_id: channelId,
      guild_id: this.guildOf(channelId),
      author: this.userPayload(author),
      member: { ...this.memberPayload(author), user: undefined },
      content,
      embeds: [],
      attachments: [],
      components: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: 0,
      flags: 0,
      channel_type: channel?.type ?? 0,
    };
  }

  /** Someone writes in a channel or thread: dispatches MESSAGE_CREATE and returns the message id. */
  userMessage(channelId: string, author: FakeUser, content: string, id = this.id()): string {
    const payload = this.messagePayload(id, channelId, author, content);
    this.messages.set(id, payload);
    this.dispatch('MESSAGE_CREATE', payload);
    return id;
  }

  /** Someone edits their message: MESSAGE_UPDATE with the full message and its edit time. */
  editMessage(messageId: string, content: string): void {
    const previous = this.messages.get(messageId);
    if (!previous) throw new Error(`unknown message ${messageId}`);
    const updated = { ...previous, content, edited_timestamp: new Date().toISOString() };
    this.messages.set(messageId, updated);
    this.dispatch('MESSAGE_UPDATE', updated);
  }

  /** Someone deletes a message: MESSAGE_DELETE carries only ids. */
  deleteMessage(messageId: string): void {
    const previous = this.messages.get(messageId);
    if (!previous) throw new Error(`unknown message ${messageId}`);
    this.messages.delete(messageId);
    this.dispatch('MESSAGE_DELETE', {
      id: messageId,
      channel_id: previous.channel_id,
      guild_id: previous.guild_id,
    });
  }

  /** The bot's own permissions Discord reports with interactions (`app_permissions`), per channel. */
  private readonly botPermissions = new Map<string, string>();

  /**
   * The bot's permissions in `channelId` from now on (default PERMISSIONS.bot), as an admin's
   * channel override would set them: `app_permissions` reports them, the REST routes enforce them
   * (see discordRefusal), and CHANNEL_UPDATE carries the override to the gateway cache.
   */
  setBotPermissions(channelId: string, permissions: string): void {
    this.botPermissions.set(channelId, permissions);
    const channel = this.channels.get(channelId);
    if (!channel) return;
    const inGuild = BigInt(PERMISSIONS.member) | BigInt(PERMISSIONS.bot);
    channel.permission_overwrites = [memberOverwrite(this.botUser.id, inGuild, BigInt(permissions))];
    this.dispatch('CHANNEL_UPDATE', this.guildChannelPayload(channelId));
  }

  /** The bot's permissions in a channel; a thread has its parent's. */
  private botPermissionsIn(channel: ChannelRecord): bigint {
    const home = isThreadType(channel.type) ? (channel.parent_id ?? channel.id) : channel.id;
    return BigInt(this.botPermissions.get(home) ?? PERMISSIONS.bot);
  }

  private interactionBase(
    type: number,
    user: FakeUser,
    channelId: string,
    permissions: string,
  ): Json & { id: string; token: string } {
    const channel = this.channels.get(channelId);
    const guildId = this.guildOf(channelId);
    const guild = this.guilds.find((g) => g.id === guildId);
    const id = this.id();
    this.interactionChannels.set(`token-${id}`, channelId);
    return {
      id,
      token: `token-${id}`,
      application_id: this.applicationId,
      type,
      version: 1,
      guild_id: guildId,
      guild: { id: guildId, locale: guild?.locale ?? 'ko', features: guild?.features ?? [] },
      channel_id: channelId,
      channel: { ...channel, permissions },
      member: this.memberPayload(user, permissions),
      locale: user.locale ?? 'ko',
      guild_locale: guild?.locale ?? 'ko',
      app_permissions: this.botPermissions.get(channelId) ?? PERMISSIONS.bot,
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  /**
   * Someone runs a slash command: INTERACTION_CREATE (type 2). `options` are Discord's option
   * objects (e.g. a subcommand with its options); attachments go into `resolved`.
   */
  slashCommand(args: {
    user: FakeUser;
    channelId: string;
    name: string;
    options?: readonly Json[];
    permissions?: string;
    attachments?: readonly Json[];
  }): { id: string; token: string } {
    const base = this.interactionBase(2, args.user, args.channelId, args.permissions ?? PERMISSIONS.member);
    const resolved =
      args.attachments && args.attachments.length > 0
        ? { attachments: Object.fromEntries(args.attachments.map((a) => [a.id as string, a])) }
        : undefined;
    this.dispatch('INTERACTION_CREATE', {
      ...base,
      data: {
        id: `cmd-${args.name}`,
        name: args.name,
        type: 1,
        guild_id: base.guild_id,
        options: args.options ?? [],
        ...(resolved ? { resolved } : {}),
      },
    });
    return { id: base.id, token: base.token };
  }

  /** An attachment object for `slashCommand({attachments})`, served at a fake CDN URL. */
  attachment(name: string, bytes: Uint8Array, declaredSize = bytes.length): Json {
    const url = this.addFile(name, bytes);
    return {
      id: this.id(),
      filename: name,
      size: declaredSize,
      url,
      proxy_url: url,
      content_type: 'text/plain; charset=utf-8',
    };
  }

  /** Someone presses a button on `message` (a message object as the bot sent it): INTERACTION_CREATE type 3. */
  buttonPress(args: {
    user: FakeUser;
    channelId: string;
    customId: string;
    message: Json;
    permissions?: string;
  }): { id: string; token: string } {
    const base = this.interactionBase(3, args.user, args.channelId, args.permissions ?? PERMISSIONS.member);
    this.dispatch('INTERACTION_CREATE', {
      ...base,
      message: args.message,
      data: { custom_id: args.customId, component_type: 2 },
    });
    return { id: base.id, token: base.token };
  }

  /** Someone submits a modal: INTERACTION_CREATE type 5 with one text input per field. */
  modalSubmit(args: {
    user: FakeUser;
    channelId: string;
    customId: string;
    fields: Readonly<Record<string, string>>;
  }): { id: string; token: string } {
    const base = this.interactionBase(5, args.user, args.channelId, PERMISSIONS.member);
    this.dispatch('INTERACTION_CREATE', {
      ...base,
      data: {
        custom_id: args.customId,
        components: Object.entries(args.fields).map(([customId, value]) => ({
          type: 1,
          components: [{ type: 4, custom_id: customId, value }],
        })),
      },
    });
    return { id: base.id, token: base.token };
  }

  /** The message (as stored by the fake) with that id: what the bot posted or a user wrote. */
  message(id: string): Json {
    const message = this.messages.get(id);
    if (!message) throw new Error(`unknown message ${id}`);
    return message;
  }

  /** The messages a channel or thread holds now, oldest first (what Discord stored). */
  messagesIn(channelId: string): Json[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  channel(id: string): ChannelRecord | undefined {
    return this.channels.get(id);
  }

  // ---------------------------------------------------------------- REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const { body, files } = await parseBody(req.headers['content-type'] ?? '', raw);
    // Interaction callbacks and webhooks are authorised by the interaction token, not the bot's.
    const botAuth = !/^\/(interactions|webhooks|attachments)\//.test(path);
    let reply: Reply;
    try {
      reply =
        botAuth && !this.faults.tokenAccepted(req.headers.authorization)
          ? refusal(DISCORD_ERRORS.unauthorized)
          : this.route(method, decodeURIComponent(path), url, body);
    } catch (error) {
      reply = { status: 500, json: { message: String(error), code: 0 } };
    }
    if (path.startsWith('/attachments/') === false) {
      this.calls.push({
        method,
        path: decodeURIComponent(path),
        query: url.searchParams,
        body,
        files,
        status: reply.status,
      });
      for (const listener of [...this.listeners]) listener();
    }
    if (reply.bytes) {
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/octet-stream' });
      res.end(Buffer.from(reply.bytes));
    } else if (reply.json === undefined) {
      res.writeHead(reply.status);
      res.end();
    } else {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.json));
    }
  }

  private route(method: string, path: string, url: URL, body: Json | null): Reply {
    const file = this.files.get(url.pathname);
    if (method === 'GET' && file) {
      this.downloads.push(url.toString());
      return { status: 200, bytes: file.bytes, contentType: file.contentType };
    }
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        json: {
          url: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/gw`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    const channelRoute = /^\/channels\/(\d+)(\/.*)?$/.exec(path);
    if (channelRoute) {
      const channelId = channelRoute[1] ?? '';
      const failure =
        this.failures.get(channelId) ?? this.failures.get(this.channels.get(channelId)?.parent_id ?? '');
      if (failure) return { status: failure.status, json: { message: failure.message, code: failure.code } };
      return this.channelRoute(method, channelId, channelRoute[2] ?? '', body, url.searchParams);
    }
    let m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (m && method === 'POST') {
      return url.searchParams.get('with_response') === 'true'
        ? { status: 200, json: { interaction: { id: m[1], type: 2 } } }
        : { status: 204 };
    }
    m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (m) {
      if (method === 'DELETE') return { status: 204 };
      const id = m[3] === '@original' || m[3] === undefined ? this.id() : m[3];
      return {
        status: 200,
        json: this.botMessage(id, this.interactionChannels.get(m[2] ?? '') ?? '0', body),
      };
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      // One DM channel per recipient, as on Discord: opening it again returns the same one.
      const recipientId = String(body?.recipient_id ?? '');
      const existing = [...this.channels.values()].find(
        (c) => c.type === 1 && (c.recipients as Json[] | undefined)?.[0]?.id === recipientId,
      );
      const id = existing?.id ?? this.id();
      const recipients = [this.userPayload({ id: recipientId, username: 'admin' })];
      if (!existing) this.channels.set(id, { id, type: 1, name: '', recipients });
      return { status: 200, json: { id, type: 1, recipients, last_message_id: null } };
    }
    m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (m && method === 'PUT' && Array.isArray(body)) {
      return {
        status: 200,
        json: (body as Json[]).map((c) => ({ ...c, id: this.id(), application_id: m?.[1], version: '1' })),
      };
    }
    return { status: 404, json: { message: '404: Not Found', code: 0 } };
  }

  private botMessage(id: string, channelId: string, body: Json | null): Json {
    const message = {
      id,
      channel_id: channelId,
      author: this.userPayload(this.botUser),
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: 0,
      flags: body?.flags ?? 0,
      ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...(this.channels.get(channelId)?.guild_id ? { guild_id: this.channels.get(channelId)?.guild_id } : {}),
    };
    return message;
  }

  /** The nonces Discord no longer remembers (it keeps them a few minutes): `expireNonces()`. */
  private readonly expiredNonces = new Set<string>();

  /** Minutes have passed: a retry with an earlier nonce now creates a new message. */
  expireNonces(): void {
    for (const message of this.messages.values()) this.expiredNonces.add(String(message.id));
  }

  private postMessage(channel: ChannelRecord, body: Json | null): Reply {
    // enforce_nonce: the same author's earlier message with this nonce comes back, nothing new.
    if (body?.enforce_nonce === true && body.nonce !== undefined) {
      const earlier = [...this.messages.values()].find(
        (m) => m.channel_id === channel.id && m.nonce === body.nonce && !this.expiredNonces.has(String(m.id)),
      );
      if (earlier) return { status: 200, json: earlier };
    }
    const id = this.id();
    const message = this.botMessage(id, channel.id, body);
    this.messages.set(id, message);
    // Discord echoes the bot's own messages on the gateway too.
    this.dispatch('MESSAGE_CREATE', { ...message, channel_type: channel.type });
    return { status: 200, json: message };
  }

  /**
   * A refusal before anything happens: a failure the test injected on this route, a DM to someone
   * who closed theirs, or Discord's rules on channel types and the bot's permissions there.
   */
  private refusalOf(channel: ChannelRecord, method: string, rest: string): Reply | null {
    const route = channelRouteOf(isThreadType(channel.type), method, rest);
    if (!route) return null;
    const injected = this.faults.takeRouteFailure(channel.id, route);
    if (injected) return refusal(injected);
    if (channel.type === 1) {
      const recipient = (channel.recipients as Json[] | undefined)?.[0]?.id;
      const closed = route === 'post' && this.faults.dmsClosed(String(recipient));
      return closed ? refusal(DISCORD_ERRORS.cannotDmUser) : null;
    }
    if (!channel.guild_id) return null;
    const home = isThreadType(channel.type) ? this.channels.get(channel.parent_id ?? '') : channel;
    const refused = discordRefusal(route, home?.type ?? 0, this.botPermissionsIn(channel));
    return refused ? refusal(refused) : null;
  }

  private channelRoute(
    method: string,
    channelId: string,
    rest: string,
    body: Json | null,
    query: URLSearchParams,
  ): Reply {
    const channel = this.channels.get(channelId);
    if (!channel) return { status: 404, json: { message: 'Unknown Channel', code: 10003 } };
    const refused = this.refusalOf(channel, method, rest);
    if (refused) return refused;
    if (rest === '' && method === 'GET') return { status: 200, json: channel };
    if (rest === '' && method === 'PATCH') {
      if (channel.thread_metadata) {
        channel.thread_metadata = {
          ...channel.thread_metadata,
          ...(body?.archived !== undefined ? { archived: body.archived } : {}),
          ...(body?.locked !== undefined ? { locked: body.locked } : {}),
        };
      }
      this.dispatch('THREAD_UPDATE', channel);
      return { status: 200, json: channel };
    }
    if (rest === '/messages' && method === 'GET') {
      // Without Read Message History Discord returns no messages, and history never carries nonces.
      if (channel.guild_id && !hasBit(this.botPermissionsIn(channel), PERMISSION_BITS.ReadMessageHistory))
        return { status: 200, json: [] };
      const limit = Number(query.get('limit') ?? '50');
      const recent = [...this.messages.values()].filter((m) => m.channel_id === channelId).reverse();
      return { status: 200, json: recent.slice(0, limit).map(({ nonce: _nonce, ...m }) => m) };
    }
    if (rest === '/messages' && method === 'POST') {
      const reply = this.postMessage(channel, body);
      // Stored (and echoed on the gateway), yet answered with an error: the bot cannot tell.
      return this.faults.takeAfterStore(channelId) ? refusal(DISCORD_ERRORS.serverError) : reply;
    }
    let m = /^\/messages\/(\d+)$/.exec(rest);
    if (m) {
      const existing = this.messages.get(m[1] ?? '');
      if (!existing) return { status: 404, json: { message: 'Unknown Message', code: 10008 } };
      if (method === 'DELETE') {
        this.messages.delete(m[1] ?? '');
        return { status: 204 };
      }
      if (method === 'PATCH') {
        const { allowed_mentions: _mentions, ...changes } = body ?? {};
        const updated: Json = { ...existing, ...changes, edited_timestamp: new Date().toISOString() };
        this.messages.set(m[1] ?? '', updated);
        return { status: 200, json: updated };
      }
      return { status: 200, json: existing };
    }
    m = /^\/messages\/(\d+)\/threads$/.exec(rest);
    if (m && method === 'POST') {
      const messageId = m[1] ?? '';
      if (!this.messages.has(messageId))
        return { status: 404, json: { message: 'Unknown Message', code: 10008 } };
      if (this.channels.has(messageId))
        return {
          status: 400,
          json: { message: 'A thread has already been created for this message', code: 160004 },
        };
      const now = new Date().toISOString();
      const thread: ChannelRecord = {
        id: messageId,
        type: channel.type === CHANNEL_TYPES.announcement ? CHANNEL_TYPES.announcementThread : THREAD_TYPE,
        guild_id: channel.guild_id ?? '',
        parent_id: channelId,
        name: String(body?.name ?? ''),
        owner_id: this.botUser.id,
        member_count: 1,
        message_count: 0,
        total_message_sent: 0,
        rate_limit_per_user: 0,
        flags: 0,
        thread_metadata: {
          archived: false,
          locked: false,
          auto_archive_duration: body?.auto_archive_duration ?? 1440,
          archive_timestamp: now,
          create_timestamp: now,
        },
      };
      this.channels.set(messageId, thread);
      this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      return { status: 201, json: thread };
    }
    m = /^\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/.exec(rest);
    if (m && method === 'PUT') return { status: 204 };
    return { status: 404, json: { message: '404: Not Found', code: 0 } };
  }
}

async function parseBody(
  contentType: string,
  raw: Buffer,
): Promise<{ body: Json | null; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: RecordedFile[] = [];
    let body: Json | null = null;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as Json;
      } else {
        files.push({ field, filename: value.name, contentType: value.type, text: await value.text() });
      }
    }
    return { body, files };
  }
  if (contentType.includes('json')) return { body: JSON.parse(raw.toString('utf8')) as Json, files: [] };
  return { body: null, files: [] };
}

function refusal(error: DiscordError): Reply {
  return { status: error.status, json: { message: error.message, code: error.code } };
}

function hasBit(permissions: bigint, bit: number): boolean {
  return (permissions & (1n << BigInt(bit))) !== 0n;
}
