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

/** A gateway connection's `[shard_id, num_shards]`, as IDENTIFY gives it (default `[0, 1]`). */
export type ShardKey = readonly [number, number];

/** One dispatch as sent on one connection: its sequence number, event and the connection's shard. */
export interface SentDispatch {
  readonly s: number;
  readonly t: string;
  readonly d: unknown;
  readonly shard: ShardKey;
}

/**
 * The guild an event belongs to (its `guild_id`, else its channel's guild), or null for a DM.
 * Discord routes a guild's events to shard `(guild_id >> 22) % num_shards` and DMs to shard 0
 * (Discord's gateway docs, Sharding; checked 2026-12-03).
 */
function guildOfEvent(store: DiscordStore, data: unknown): string | null {
  if (data === null || typeof data !== 'object') return null;
  const d = data as Json;
  if (typeof d.guild_id === 'string' && d.guild_id !== '') return d.guild_id;
  const channelId = typeof d.channel_id === 'string' ? d.channel_id : null;
  return (channelId && store.channels.get(channelId)?.guild_id) || null;
}

/** Whether a connection identified as `shard` gets the event of `guildId` (null: a DM). */
export function onShard(shard: ShardKey, guildId: string | null): boolean {
  const [id, count] = shard;
  if (count <= 1) return true;
  if (guildId === null) return id === 0;
  return (BigInt(guildId) >> 22n) % BigInt(count) === BigInt(id);
}

const keyOf = (shard: ShardKey): string => `${shard[0]}/${shard[1]}`;

/**
 * The fake Discord's gateway at `/gw`, speaking enough of the protocol for discord.js: HELLO,
 * heartbeat ACK, IDENTIFY → READY + one GUILD_CREATE per guild (or Discord's close code for a
 * wrong token or a disallowed intent), numbered dispatches (without message content for a session
 * lacking that intent), RESUME replaying what the client missed. Sharded like Discord: a
 * connection that identified with `shard: [id, count]` gets READY and GUILD_CREATE for, and the
 * events of, only the guilds on its shard (DMs on shard 0); `everyShard` sends dispatches on every
 * connection, as when a guild is briefly on two shards. Tests wait on it with `watch`/`caughtUp`
 * and `sync`.
 */
export class DiscordGateway {
  /** The `shards` GET /gateway/bot recommends (what discord.js runs with `shards: 'auto'`). */
  recommendedShards = 1;
  /** `session_start_limit.max_concurrency`: shards that may identify at once (default: all of them). */
  maxConcurrency: number | null = null;
  /** Every dispatch as sent on each connection (READY and GUILD_CREATE included), in order. */
  readonly sent: SentDispatch[] = [];
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
  /** The shard each gateway connection identified (or resumed) as. */
  private readonly socketShards = new Map<WebSocket, ShardKey>();
  /** Session id → the shard and intents it identified with (what a RESUME gets back). */
  private readonly sessions = new Map<string, { readonly shard: ShardKey; readonly intents: number }>();
  /** Shard (`id/count`) → the last sequence number meant for it (sent, or kept for its resume). */
  private readonly lastForShard = new Map<string, number>();
  /** Sequence numbers of dispatches sent on every connection whatever its shard (`everyShard`). */
  private readonly unrouted = new Set<number>();
  private overlapping = 0;
  private readonly heartbeatWaiters: (() => void)[] = [];
  /** The same dispatches with their sequence numbers, replayed to a resuming client as Discord does. */
  private readonly numbered: { readonly s: number; readonly t: string; readonly d: unknown }[] = [];
  private sequence = 0;
  /** Clients being watched by `caughtUp`, with the last dispatch sequence each has received. */
  private readonly watched = new Map<Client, number>();
  /** The same per shard of a client (a client running several shards reads them concurrently). */
  private readonly watchedShards = new Map<Client, Map<number, number>>();

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
    if (this.overlapping > 0) this.unrouted.add(numbered.s);
    for (const [key, shard] of this.knownShards())
      if (this.routes(shard, numbered)) this.lastForShard.set(key, numbered.s);
    for (const socket of this.sockets)
      if (this.routes(this.shardOfSocket(socket), numbered)) this.sendDispatch(socket, numbered);
  }

  /**
   * Runs `send` (which dispatches) with every dispatch going to every connection whatever its
   * shard: the same interaction reaches two replicas, as while a guild is moving between shards.
   */
  everyShard<T>(send: () => T): T {
    this.overlapping += 1;
    try {
      return send();
    } finally {
      this.overlapping -= 1;
    }
  }

  private knownShards(): [string, ShardKey][] {
    return [...this.sessions.values()].map((session) => [keyOf(session.shard), session.shard]);
  }

  private shardOfSocket(socket: WebSocket): ShardKey {
    return this.socketShards.get(socket) ?? [0, 1];
  }

  private routes(shard: ShardKey, p: { s: number; d: unknown }): boolean {
    return this.unrouted.has(p.s) || onShard(shard, guildOfEvent(this.store, p.d));
  }

  private sendDispatch(socket: WebSocket, p: { s: number; t: string; d: unknown }): void {
    const intents = this.socketIntents.get(socket) ?? MESSAGE_CONTENT_INTENT;
    const d =
      (intents & MESSAGE_CONTENT_INTENT) === 0 ? withoutMessageContent(p.t, p.d, this.store.botUser.id) : p.d;
    this.sendNumbered(socket, { op: 0, t: p.t, s: p.s, d });
  }

  /** Sends a numbered dispatch and records it with the connection's shard. */
  private sendNumbered(socket: WebSocket, payload: { op: 0; t: string; s: number; d: unknown }): void {
    if (socket.readyState !== socket.OPEN) return;
    this.sent.push({ s: payload.s, t: payload.t, d: payload.d, shard: this.shardOfSocket(socket) });
    this.send(socket, payload);
  }

  /**
   * Resolves once `client` has received every dispatch sent so far. discord.js emits `raw` just
   * before it handles a packet, and does so synchronously; a heartbeat round-trip alone can
   * overtake dispatch handling on a busy machine.
   */
  async caughtUp(client: Client, timeoutMs = 10_000): Promise<void> {
    if (!this.watched.has(client)) throw new Error('call watch(client) before the client logs in');
    const deadline = Date.now() + timeoutMs;
    const count = client.options.shardCount ?? 1;
    if (count > 1) return this.shardsCaughtUp(client, count, deadline);
    while ((this.watched.get(client) ?? 0) < this.sequence) {
      if (Date.now() > deadline)
        throw new Error(`client saw dispatch ${this.watched.get(client)} of ${this.sequence}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** caughtUp for a client running shards out of `count`: each shard has read what was meant for it. */
  private async shardsCaughtUp(client: Client, count: number, deadline: number): Promise<void> {
    const ids = Array.isArray(client.options.shards) ? client.options.shards : [0];
    const behind = (): string | null => {
      const seen = this.watchedShards.get(client);
      for (const id of ids) {
        const wanted = this.lastForShard.get(keyOf([id, count])) ?? 0;
        const got = seen?.get(id) ?? 0;
        if (got < wanted) return `shard ${id} saw dispatch ${got} of ${wanted}`;
      }
      return null;
    };
    for (let why = behind(); why !== null; why = behind()) {
      if (Date.now() > deadline) throw new Error(`client ${why}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Starts counting the dispatches `client` receives; call it before `login`. */
  watch(client: Client): void {
    this.watched.set(client, 0);
    const shards = new Map<number, number>();
    this.watchedShards.set(client, shards);
    client.on(Events.Raw, (packet: { s?: number | null }, shardId: number) => {
      if (typeof packet.s !== 'number') return;
      this.watched.set(client, Math.max(this.watched.get(client) ?? 0, packet.s));
      shards.set(shardId, Math.max(shards.get(shardId) ?? 0, packet.s));
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
      this.socketShards.delete(socket);
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
        const shard = shardOfIdentify(identify);
        this.socketShards.set(socket, shard);
        const sessionId = shard[1] <= 1 ? 'fake-session' : `fake-session-${shard[0]}-of-${shard[1]}`;
        this.sessions.set(sessionId, { shard, intents });
        const guilds = this.store.guilds.filter((g) => onShard(shard, g.id));
        const numbered = (t: string, d: unknown): void => {
          this.sequence += 1;
          this.lastForShard.set(keyOf(shard), this.sequence);
          this.sendNumbered(socket, { op: 0, t, s: this.sequence, d });
        };
        numbered('READY', this.readyPayload(shard, sessionId, guilds));
        for (const guild of guilds) numbered('GUILD_CREATE', this.guildPayload(guild));
        return;
      }
      case 6: {
        // A resumed session keeps the intents it identified with, and gets what it missed.
        const resume = payload.d as Json;
        this.resumes.push(resume);
        const session = this.sessions.get(String(resume.session_id ?? ''));
        const last = this.identifies[this.identifies.length - 1];
        if (session) this.socketIntents.set(socket, session.intents);
        else if (last) this.socketIntents.set(socket, Number(last.intents ?? 0));
        if (session) this.socketShards.set(socket, session.shard);
        const shard = this.shardOfSocket(socket);
        const seen = Number(resume.seq ?? 0);
        for (const missed of this.numbered.filter((p) => p.s > seen && this.routes(shard, p)))
          this.sendDispatch(socket, missed);
        this.sequence += 1;
        this.send(socket, { op: 0, t: 'RESUMED', s: this.sequence, d: {} });
        return;
      }
      default:
        return;
    }
  }

  private readyPayload(shard: ShardKey, sessionId: string, guilds: readonly FakeGuild[]): Json {
    return {
      v: 10,
      user: userPayload(this.store.botUser),
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: this.url,
      shard: [...shard],
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

/** IDENTIFY's `shard: [id, count]`; a client that sends none is shard 0 of 1. */
function shardOfIdentify(identify: Json): ShardKey {
  const shard = identify.shard;
  if (!Array.isArray(shard) || shard.length !== 2) return [0, 1];
  const [id, count] = shard.map(Number) as [number, number];
  return Number.isInteger(id) && Number.isInteger(count) && count >= 1 && id >= 0 && id < count
    ? [id, count]
    : [0, 1];
}

/** The id of the bot's managed role in a guild. */
function botRoleId(guildId: string): string {
  return `${guildId.slice(0, -3)}999`;
}
