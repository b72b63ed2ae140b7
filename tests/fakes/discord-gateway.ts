import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client, Events } from 'discord.js';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  CLOSE_CODES,
  type DiscordFaults,
  isThreadType,
  MESSAGE_CONTENT_INTENT,
  withoutMessageContent,
} from './discord-faults.js';
import { guildChannelPayload, memberPayload, userPayload } from './discord-payloads.js';
import { type DiscordStore, type FakeGuild, type Json, PERMISSIONS } from './discord-store.js';

/**
 * The fake Discord's gateway at `/gw`, speaking enough of the protocol for discord.js: HELLO,
 * heartbeat ACK, IDENTIFY → READY + one GUILD_CREATE per guild (or Discord's close code for a
 * wrong token or a disallowed intent), numbered dispatches (without message content for a session
 * lacking that intent), RESUME replaying what the client missed. Tests wait on it with
 * `watch`/`caughtUp` and `sync`.
 */
export class DiscordGateway {
  /** IDENTIFY payloads the gateway received (intents, token...). */
  readonly identifies: Json[] = [];
  /** Every dispatch sent after READY, in order (to replay one, as a resumed session would). */
  readonly dispatched: { readonly event: string; readonly data: unknown }[] = [];
  /** RESUME payloads (op 6) the gateway received: a client that lost its connection and came back. */
  readonly resumes: Json[] = [];

  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  /** The intents each gateway connection identified with. */
  private readonly socketIntents = new Map<WebSocket, number>();
  private readonly heartbeatWaiters: (() => void)[] = [];
  /** The same dispatches with their sequence numbers, replayed to a resuming client as Discord does. */
  private readonly numbered: { readonly s: number; readonly t: string; readonly d: unknown }[] = [];
  private sequence = 0;
  /** Clients being watched by `caughtUp`, with the last dispatch sequence each has received. */
  private readonly watched = new Map<Client, number>();

  constructor(
    private readonly server: Server,
    private readonly store: DiscordStore,
    private readonly faults: DiscordFaults,
  ) {
    this.wss = new WebSocketServer({ server, path: '/gw' });
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  /** The gateway's URL (what GET /gateway/bot and READY's `resume_gateway_url` give). */
  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/gw`;
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
  }

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
      (intents & MESSAGE_CONTENT_INTENT) === 0 ? withoutMessageContent(p.t, p.d, this.store.botUser.id) : p.d;
    this.send(socket, { op: 0, t: p.t, s: p.s, d });
  }

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

  /**
   * Waits until the clients have read everything dispatched so far: asks for a heartbeat (op 1),
   * which a client answers after the messages before it, in order.
   */
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
        for (const guild of this.store.guilds) {
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
      user: userPayload(this.store.botUser),
      guilds: this.store.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: 'fake-session',
      resume_gateway_url: this.url,
      shard: [0, 1],
      application: { id: this.store.applicationId, flags: 1 << 19 },
      private_channels: [],
      relationships: [],
      presences: [],
    };
  }

  private guildPayload(guild: FakeGuild): Json {
    // Like Discord, only active threads come with the guild; archived ones must be fetched.
    const threads = [...this.store.channels.values()].filter(
      (c) => isThreadType(c.type) && c.guild_id === guild.id && c.thread_metadata?.archived !== true,
    );
    const botUser = this.store.botUser;
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
          id: botRoleId(guild.id),
          name: botUser.username,
          permissions: PERMISSIONS.bot,
          position: 1,
          color: 0,
          hoist: false,
          managed: true,
          mentionable: false,
          flags: 0,
          tags: { bot_id: botUser.id },
        },
      ],
      emojis: [],
      stickers: [],
      channels: guild.channels.map((c) => guildChannelPayload(this.store, c.id)),
      threads,
      members: [{ ...memberPayload(botUser), roles: [botRoleId(guild.id)] }],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}

/** The id of the bot's managed role in a guild. */
function botRoleId(guildId: string): string {
  return `${guildId.slice(0, -3)}999`;
}
