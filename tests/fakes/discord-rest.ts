import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CHANNEL_TYPES,
  channelRouteOf,
  DISCORD_ERRORS,
  type DiscordError,
  type DiscordFaults,
  discordRefusal,
  isThreadType,
  PERMISSION_BITS,
} from './discord-faults.js';
import type { DiscordGateway } from './discord-gateway.js';
import { botMessagePayload, userPayload } from './discord-payloads.js';
import type { ChannelRecord, DiscordStore, Json } from './discord-store.js';
import { type GeneratedBody, sendGenerated } from './generated-body.js';

/**
 * The fake Discord's REST API under `/api/v10`, recording every call with its JSON or multipart
 * body: channels (get, archive/lock), messages (history, post with nonces, edit, delete),
 * threads from a message, reactions, DMs, interaction callbacks and webhook messages, command
 * registration, the gateway URL and CDN attachment downloads. Refuses what Discord refuses
 * (discord-faults.ts) and what a test injected on a channel.
 */

export interface RecordedFile {
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly text: string;
  /** The file's bytes (a PNG does not survive `text`'s UTF-8). */
  readonly bytes: Uint8Array;
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

interface Reply {
  readonly status: number;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  readonly contentType?: string;
  /** A body made up as it is sent (a huge CDN file). */
  readonly generated?: GeneratedBody;
}

const API_PREFIX = '/api/v10';
const THREAD_TYPE = 11;

export class DiscordRest {
  /** Registered application commands by scope (a guild id, or `global`). */
  private readonly commands = new Map<string, Json[]>();

  readonly calls: RecordedCall[] = [];
  /** URLs of attachment downloads, in order. */
  readonly downloads: string[] = [];
  /** Channel id → the error every REST call to it (and its messages and threads) answers. */
  readonly failures = new Map<string, InjectedError>();
  /** Interactions already answered: Discord refuses a second callback with 40060. */
  private readonly acknowledged = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: DiscordStore,
    private readonly gateway: DiscordGateway,
    private readonly faults: DiscordFaults,
    private readonly origin: () => string,
  ) {}

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

  async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.origin());
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
    if (reply.generated) {
      const at = url.pathname;
      this.store.bytesServed.set(at, 0);
      await sendGenerated(res, reply.generated, reply.contentType ?? 'application/octet-stream', (sent) =>
        this.store.bytesServed.set(at, sent),
      );
    } else if (reply.bytes) {
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
    const file = this.store.files.get(url.pathname);
    if (method === 'GET' && file) {
      this.downloads.push(url.toString());
      return file.generated
        ? { status: 200, generated: file.generated, contentType: file.contentType }
        : { status: 200, bytes: file.bytes, contentType: file.contentType };
    }
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        json: {
          url: this.gateway.url,
          shards: this.gateway.recommendedShards,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 0,
            max_concurrency: this.gateway.maxConcurrency ?? this.gateway.recommendedShards,
          },
        },
      };
    }
    const channelRoute = /^\/channels\/(\d+)(\/.*)?$/.exec(path);
    if (channelRoute) {
      const channelId = channelRoute[1] ?? '';
      const failure =
        this.failures.get(channelId) ??
        this.failures.get(this.store.channels.get(channelId)?.parent_id ?? '');
      if (failure) return { status: failure.status, json: { message: failure.message, code: failure.code } };
      return this.channelRoute(method, channelId, channelRoute[2] ?? '', body, url.searchParams);
    }
    let m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (m && method === 'POST' && body?.type === 8) {
      // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT: at most 25 choices, names 1-100 characters,
      // string values at most 100 (Discord answers 50035 Invalid Form Body otherwise).
      const choices = (body.data as Json | undefined)?.choices;
      const valid =
        Array.isArray(choices) &&
        choices.length <= 25 &&
        (choices as Json[]).every((c) => {
          const name = typeof c.name === 'string' ? [...c.name].length : 0;
          const value = typeof c.value === 'string' ? [...c.value].length : -1;
          return name >= 1 && name <= 100 && value >= 0 && value <= 100;
        });
      if (!valid) return { status: 400, json: { message: 'Invalid Form Body', code: 50035 } };
      return this.acknowledge(m[1] ?? '') ?? { status: 204 };
    }
    if (m && method === 'POST') {
      const refused = this.acknowledge(m[1] ?? '');
      if (refused) return refused;
      return url.searchParams.get('with_response') === 'true'
        ? { status: 200, json: { interaction: { id: m[1], type: 2 } } }
        : { status: 204 };
    }
    m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (m) {
      if (method === 'DELETE') return { status: 204 };
      const id = m[3] === '@original' || m[3] === undefined ? this.store.id() : m[3];
      return {
        status: 200,
        json: botMessagePayload(this.store, id, this.store.interactionChannels.get(m[2] ?? '') ?? '0', body),
      };
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      // One DM channel per recipient, as on Discord: opening it again returns the same one.
      const recipientId = String(body?.recipient_id ?? '');
      const existing = [...this.store.channels.values()].find(
        (c) => c.type === 1 && (c.recipients as Json[] | undefined)?.[0]?.id === recipientId,
      );
      const id = existing?.id ?? this.store.id();
      const recipients = [userPayload({ id: recipientId, username: 'admin' })];
      if (!existing) this.store.channels.set(id, { id, type: 1, name: '', recipients });
      return { status: 200, json: { id, type: 1, recipients, last_message_id: null } };
    }
    m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (m && method === 'PUT' && Array.isArray(body)) {
      // Replaces the scope's commands, as Discord's bulk overwrite does; GET returns them.
      const registered = (body as Json[]).map((c) => ({
        ...c,
        id: this.store.id(),
        application_id: m?.[1],
        version: '1',
      }));
      this.commands.set(m[2] ?? 'global', registered);
      return { status: 200, json: registered };
    }
    if (m && method === 'GET') return { status: 200, json: this.commands.get(m[2] ?? 'global') ?? [] };
    return { status: 404, json: { message: '404: Not Found', code: 0 } };
  }

  /** Marks an interaction answered; its second answer is refused as Discord does (40060). */
  private acknowledge(interactionId: string): Reply | null {
    if (this.acknowledged.has(interactionId))
      return { status: 400, json: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    this.acknowledged.add(interactionId);
    return null;
  }

  private postMessage(channel: ChannelRecord, body: Json | null): Reply {
    // enforce_nonce: the same author's earlier message with this nonce comes back, nothing new.
    if (body?.enforce_nonce === true && body.nonce !== undefined) {
      const earlier = [...this.store.messages.values()].find(
        (m) =>
          m.channel_id === channel.id &&
          m.nonce === body.nonce &&
          !this.store.expiredNonces.has(String(m.id)),
      );
      if (earlier) return { status: 200, json: earlier };
    }
    const id = this.store.id();
    const message = botMessagePayload(this.store, id, channel.id, body);
    this.store.messages.set(id, message);
    // Discord echoes the bot's own messages on the gateway too.
    this.gateway.dispatch('MESSAGE_CREATE', { ...message, channel_type: channel.type });
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
    const home = isThreadType(channel.type) ? this.store.channels.get(channel.parent_id ?? '') : channel;
    const refused = discordRefusal(route, home?.type ?? 0, this.store.botPermissionsIn(channel));
    return refused ? refusal(refused) : null;
  }

  private channelRoute(
    method: string,
    channelId: string,
    rest: string,
    body: Json | null,
    query: URLSearchParams,
  ): Reply {
    const channel = this.store.channels.get(channelId);
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
      this.gateway.dispatch('THREAD_UPDATE', channel);
      return { status: 200, json: channel };
    }
    if (rest === '/messages' && method === 'GET') {
      // Without Read Message History Discord returns no messages, and history never carries nonces.
      if (
        channel.guild_id &&
        !hasBit(this.store.botPermissionsIn(channel), PERMISSION_BITS.ReadMessageHistory)
      )
        return { status: 200, json: [] };
      const limit = Number(query.get('limit') ?? '50');
      const recent = [...this.store.messages.values()].filter((m) => m.channel_id === channelId).reverse();
      return { status: 200, json: recent.slice(0, limit).map(({ nonce: _nonce, ...m }) => m) };
    }
    if (rest === '/messages' && method === 'POST') {
      const reply = this.postMessage(channel, body);
      // Stored (and echoed on the gateway), yet answered with an error: the bot cannot tell.
      return this.faults.takeAfterStore(channelId) ? refusal(DISCORD_ERRORS.serverError) : reply;
    }
    let m = /^\/messages\/(\d+)$/.exec(rest);
    if (m) {
      const existing = this.store.messages.get(m[1] ?? '');
      if (!existing) return { status: 404, json: { message: 'Unknown Message', code: 10008 } };
      if (method === 'DELETE') {
        this.store.messages.delete(m[1] ?? '');
        return { status: 204 };
      }
      if (method === 'PATCH') {
        const { allowed_mentions: _mentions, ...changes } = body ?? {};
        const updated: Json = { ...existing, ...changes, edited_timestamp: new Date().toISOString() };
        this.store.messages.set(m[1] ?? '', updated);
        return { status: 200, json: updated };
      }
      return { status: 200, json: existing };
    }
    m = /^\/messages\/(\d+)\/threads$/.exec(rest);
    if (m && method === 'POST') return this.startThread(channel, m[1] ?? '', body);
    m = /^\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/.exec(rest);
    if (m && method === 'PUT') return { status: 204 };
    return { status: 404, json: { message: '404: Not Found', code: 0 } };
  }

  /** POST /channels/{id}/messages/{m}/threads: a thread from a message, with the message's id. */
  private startThread(channel: ChannelRecord, messageId: string, body: Json | null): Reply {
    if (!this.store.messages.has(messageId))
      return { status: 404, json: { message: 'Unknown Message', code: 10008 } };
    if (this.store.channels.has(messageId))
      return {
        status: 400,
        json: { message: 'A thread has already been created for this message', code: 160004 },
      };
    const now = new Date().toISOString();
    const thread: ChannelRecord = {
      id: messageId,
      type: channel.type === CHANNEL_TYPES.announcement ? CHANNEL_TYPES.announcementThread : THREAD_TYPE,
      guild_id: channel.guild_id ?? '',
      parent_id: channel.id,
      name: String(body?.name ?? ''),
      owner_id: this.store.botUser.id,
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
    this.store.channels.set(messageId, thread);
    this.gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return { status: 201, json: thread };
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
        const bytes = new Uint8Array(await value.arrayBuffer());
        files.push({
          field,
          filename: value.name,
          contentType: value.type,
          text: new TextDecoder().decode(bytes),
          bytes,
        });
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
