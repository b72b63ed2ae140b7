import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from 'discord.js';
import { DiscordFaults, memberOverwrite } from './discord-faults.js';
import { DiscordGateway, onShard, type SentDispatch, type ShardKey } from './discord-gateway.js';
import {
  attachmentPayload,
  autocompletePayload,
  type ButtonPressArgs,
  buttonPressPayload,
  guildChannelPayload,
  type Interaction,
  type ModalSubmitArgs,
  memberPayload,
  messagePayload,
  modalSubmitPayload,
  type SlashCommandArgs,
  slashCommandPayload,
  userPayload,
} from './discord-payloads.js';
import { DiscordRest, type InjectedError, type RecordedCall } from './discord-rest.js';
import {
  APPLICATION_ID,
  BOT_USER,
  type ChannelRecord,
  DiscordStore,
  type FakeGuild,
  type FakeUser,
  type Json,
  PERMISSIONS,
} from './discord-store.js';
import type { GeneratedBody } from './generated-body.js';

export { onShard, type SentDispatch, type ShardKey } from './discord-gateway.js';
export {
  type InjectedError,
  MISSING_PERMISSIONS,
  type RecordedCall,
  type RecordedFile,
  UNKNOWN_CHANNEL,
} from './discord-rest.js';
export { type FakeGuild, type FakeUser, PERMISSIONS, withoutPermission } from './discord-store.js';

export interface FakeDiscordOptions {
  /** The shard count GET /gateway/bot recommends (default 1). */
  readonly shards?: number;
  /** `session_start_limit.max_concurrency` (default: the recommended shard count, all at once). */
  readonly maxConcurrency?: number;
}

/**
 * A fake Discord on 127.0.0.1: the REST API routes sa-quiz uses (recording every call with its
 * JSON or multipart body; discord-rest.ts) and a gateway speaking enough of the protocol for
 * discord.js (HELLO, heartbeat ACK, IDENTIFY → READY + one GUILD_CREATE per guild, numbered
 * dispatches; discord-gateway.ts). It also sends the gateway payloads real Discord would send when
 * people write, edit, delete, run slash commands and press buttons, shaped like Discord's
 * documented payloads (discord-payloads.ts). What it stores is in discord-store.ts, how it
 * refuses things in discord-faults.ts.
 */
export class FakeDiscord {
  readonly applicationId = APPLICATION_ID;
  readonly botUser: FakeUser = BOT_USER;
  /** How the fake refuses things: tokens, intents, DMs, injected route failures (see discord-faults.ts). */
  readonly faults = new DiscordFaults();
  readonly calls: RecordedCall[];
  /** IDENTIFY payloads the gateway received (intents, token...). */
  readonly identifies: Json[];
  /** URLs of attachment downloads, in order. */
  readonly downloads: string[];
  /** Every dispatch sent after READY, in order (to replay one, as a resumed session would). */
  readonly dispatched: { readonly event: string; readonly data: unknown }[];
  /** RESUME payloads (op 6) the gateway received: a client that lost its connection and came back. */
  readonly resumes: Json[];
  /** Every dispatch as sent on each gateway connection, with that connection's shard. */
  readonly sent: SentDispatch[];

  private readonly store: DiscordStore;
  private readonly gateway: DiscordGateway;
  private readonly rest: DiscordRest;

  private constructor(
    private readonly server: Server,
    readonly guilds: readonly FakeGuild[],
  ) {
    this.store = new DiscordStore(guilds);
    this.gateway = new DiscordGateway(server, this.store, this.faults);
    this.rest = new DiscordRest(this.store, this.gateway, this.faults, () => this.origin);
    this.calls = this.rest.calls;
    this.downloads = this.rest.downloads;
    this.identifies = this.gateway.identifies;
    this.dispatched = this.gateway.dispatched;
    this.resumes = this.gateway.resumes;
    this.sent = this.gateway.sent;
  }

  /** Starts the fake on a free port of 127.0.0.1. */
  static async start(guilds: readonly FakeGuild[], options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, guilds);
    fake.gateway.recommendedShards = options.shards ?? 1;
    fake.gateway.maxConcurrency = options.maxConcurrency ?? null;
    server.on('request', (req, res) => void fake.rest.onRequest(req, res));
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
    return this.store.id();
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- test controls

  /** Every REST call to `channelId` (and its messages and threads) fails with `error` until cleared. */
  failChannel(channelId: string, error: InjectedError): void {
    this.rest.failures.set(channelId, error);
  }

  clearFailures(): void {
    this.rest.failures.clear();
  }

  /** Serves `bytes` as a CDN attachment and returns its URL. */
  addFile(name: string, bytes: Uint8Array, contentType = 'text/plain; charset=utf-8'): string {
    const path = `/attachments/${this.id()}/${encodeURIComponent(name)}`;
    this.store.files.set(path, { bytes, contentType });
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
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    return this.rest.waitForCall(predicate, timeoutMs);
  }

  /** Minutes have passed: a retry with an earlier nonce now creates a new message. */
  expireNonces(): void {
    for (const message of this.store.messages.values()) this.store.expiredNonces.add(String(message.id));
  }

  // ---------------------------------------------------------------- gateway

  /**
   * Sends a dispatch (op 0) with the next sequence number to every connected client. A session
   * without the Message Content intent gets other people's messages without their content, as
   * Discord sends them.
   */
  dispatch(event: string, data: unknown): void {
    this.gateway.dispatch(event, data);
  }

  /**
   * Resolves once `client` has received every dispatch sent so far. discord.js emits `raw` just
   * before it handles a packet, and does so synchronously; a heartbeat round-trip alone can
   * overtake dispatch handling on a busy machine.
   */
  caughtUp(client: Client, timeoutMs = 10_000): Promise<void> {
    return this.gateway.caughtUp(client, timeoutMs);
  }

  /** Starts counting the dispatches `client` receives; call it before `login`. */
  watch(client: Client): void {
    this.gateway.watch(client);
  }

  /**
   * Waits until the clients have read everything dispatched so far: asks for a heartbeat (op 1),
   * which a client answers after the messages before it, in order.
   */
  sync(): Promise<void> {
    return this.gateway.sync();
  }

  /**
   * Runs `send` with every dispatch going to every gateway connection whatever its shard, as when
   * a guild is briefly on two shards: `fake.everyShard(() => fake.slashCommand(...))`.
   */
  everyShard<T>(send: () => T): T {
    return this.gateway.everyShard(send);
  }

  /** The shards (as `[id, count]`) whose connections were sent a dispatch matching `predicate`. */
  shardsSent(predicate: (dispatch: SentDispatch) => boolean): ShardKey[] {
    return this.sent.filter(predicate).map((d) => d.shard);
  }

  /** The guilds whose GUILD_CREATE went to the connection identified as `shard`. */
  guildsSentTo(shard: ShardKey): string[] {
    return this.sent
      .filter((d) => d.t === 'GUILD_CREATE' && d.shard[0] === shard[0] && d.shard[1] === shard[1])
      .map((d) => String((d.d as Json).id));
  }

  /** Whether Discord routes the events of `guildId` to `shard` (`(guild_id >> 22) % count === id`). */
  static onShard(guildId: string, shard: ShardKey): boolean {
    return onShard(shard, guildId);
  }

  // ---------------------------------------------------------------- what people do

  userPayload(user: FakeUser): Json {
    return userPayload(user);
  }

  /** Someone writes in a channel or thread: dispatches MESSAGE_CREATE and returns the message id. */
  userMessage(channelId: string, author: FakeUser, content: string, id = this.id()): string {
    const payload = messagePayload(this.store, id, channelId, author, content);
    this.store.messages.set(id, payload);
    this.dispatch('MESSAGE_CREATE', payload);
    return id;
  }

  /**
   * Someone adds (or removes) a reaction on a message: MESSAGE_REACTION_ADD with the member, as
   * Discord sends it in a guild, or MESSAGE_REACTION_REMOVE with ids only.
   */
  react(messageId: string, user: FakeUser, emoji: string, added = true): void {
    const message = this.store.messages.get(messageId);
    const channelId = String(message?.channel_id ?? '');
    const guildId = this.store.guildOf(channelId);
    const base = {
      user_id: user.id,
      channel_id: channelId,
      message_id: messageId,
      guild_id: guildId,
      emoji: { id: null, name: emoji },
      burst: false,
      type: 0,
    };
    if (added)
      this.dispatch('MESSAGE_REACTION_ADD', {
        ...base,
        member: memberPayload(user),
        message_author_id: (message?.author as { id?: string } | undefined)?.id,
      });
    else this.dispatch('MESSAGE_REACTION_REMOVE', base);
  }

  /** Someone edits their message: MESSAGE_UPDATE with the full message and its edit time. */
  editMessage(messageId: string, content: string): void {
    const previous = this.store.messages.get(messageId);
    if (!previous) throw new Error(`unknown message ${messageId}`);
    const updated = { ...previous, content, edited_timestamp: new Date().toISOString() };
    this.store.messages.set(messageId, updated);
    this.dispatch('MESSAGE_UPDATE', updated);
  }

  /** Someone deletes a message: MESSAGE_DELETE carries only ids. */
  deleteMessage(messageId: string): void {
    const previous = this.store.messages.get(messageId);
    if (!previous) throw new Error(`unknown message ${messageId}`);
    this.store.messages.delete(messageId);
    this.dispatch('MESSAGE_DELETE', {
      id: messageId,
      channel_id: previous.channel_id,
      guild_id: previous.guild_id,
    });
  }

  /**
   * The bot's permissions in `channelId` from now on (default PERMISSIONS.bot), as an admin's
   * channel override would set them: `app_permissions` reports them, the REST routes enforce them
   * (see discordRefusal), and CHANNEL_UPDATE carries the override to the gateway cache.
   */
  setBotPermissions(channelId: string, permissions: string): void {
    this.store.botPermissions.set(channelId, permissions);
    const channel = this.store.channels.get(channelId);
    if (!channel) return;
    const inGuild = BigInt(PERMISSIONS.member) | BigInt(PERMISSIONS.bot);
    channel.permission_overwrites = [memberOverwrite(this.botUser.id, inGuild, BigInt(permissions))];
    this.dispatch('CHANNEL_UPDATE', guildChannelPayload(this.store, channelId));
  }

  /**
   * Someone runs a slash command: INTERACTION_CREATE (type 2). `options` are Discord's option
   * objects (e.g. a subcommand with its options); attachments go into `resolved`.
   */
  slashCommand(args: SlashCommandArgs): { id: string; token: string } {
    return this.interact(slashCommandPayload(this.store, args));
  }

  /** Someone types in an autocomplete option: INTERACTION_CREATE (type 4); mark it `focused: true`. */
  autocomplete(args: SlashCommandArgs): { id: string; token: string } {
    return this.interact(autocompletePayload(this.store, args));
  }

  /** An attachment object for `slashCommand({attachments})`, served at a fake CDN URL. */
  attachment(name: string, bytes: Uint8Array, declaredSize = bytes.length): Json {
    const url = this.addFile(name, bytes);
    return attachmentPayload(this.id(), name, url, declaredSize);
  }

  /**
   * An attachment object for a file of any size (400 MB...) that is never held: the CDN generates
   * its bytes as it sends them, with or without a Content-Length. `declaredSize` is the `size` the
   * interaction claims (default the real one; smaller is a lie).
   */
  generatedAttachment(name: string, body: GeneratedBody, declaredSize = body.bytes): Json {
    const path = `/attachments/${this.id()}/${encodeURIComponent(name)}`;
    this.store.files.set(path, { bytes: new Uint8Array(), contentType: 'text/plain', generated: body });
    return attachmentPayload(this.id(), name, `${this.origin}${path}`, declaredSize);
  }

  /** How many bytes of a generated attachment's body were handed to the socket (0 when never asked for). */
  bytesServed(url: string): number {
    return this.store.bytesServed.get(new URL(url).pathname) ?? 0;
  }

  /** Someone presses a button on `message` (a message object as the bot sent it): INTERACTION_CREATE type 3. */
  buttonPress(args: ButtonPressArgs): { id: string; token: string } {
    return this.interact(buttonPressPayload(this.store, args));
  }

  /** Someone submits a modal: INTERACTION_CREATE type 5 with one text input per field. */
  modalSubmit(args: ModalSubmitArgs): { id: string; token: string } {
    return this.interact(modalSubmitPayload(this.store, args));
  }

  private interact(interaction: Interaction): { id: string; token: string } {
    this.dispatch('INTERACTION_CREATE', interaction);
    return { id: interaction.id, token: interaction.token };
  }

  // ---------------------------------------------------------------- what Discord stored

  /** The message (as stored by the fake) with that id: what the bot posted or a user wrote. */
  message(id: string): Json {
    const message = this.store.messages.get(id);
    if (!message) throw new Error(`unknown message ${id}`);
    return message;
  }

  /** The messages a channel or thread holds now, oldest first (what Discord stored). */
  messagesIn(channelId: string): Json[] {
    return [...this.store.messages.values()].filter((m) => m.channel_id === channelId);
  }

  channel(id: string): ChannelRecord | undefined {
    return this.store.channels.get(id);
  }
}
