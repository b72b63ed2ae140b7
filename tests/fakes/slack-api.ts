import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  APP_TOKEN,
  asSlackMessage,
  BOT_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  historyOf,
  isMetadata,
  isTrue,
  type Mutable,
  type PostedMessage,
  repliesOf,
  TEAM_DOMAIN,
  TEAM_ID,
} from './slack-conversations.js';
import { type EnvelopeType, FakeSocketMode } from './slack-socket-mode.js';

export {
  APP_TOKEN,
  BOT_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  type MessageMetadata,
  type PostedMessage,
  TEAM_DOMAIN,
  TEAM_ID,
} from './slack-conversations.js';

/**
 * A fake Slack for end-to-end tests, on 127.0.0.1 with a free port:
 * - the Web API under `/api/<method>` (form-encoded or JSON bodies, token in the Authorization
 *   header), answering the methods sa-quiz uses and recording every call;
 * - `response_url` endpoints under `/response/<name>` (what `respond()` posts to);
 * - private file downloads under `/files/<id>/<name>` (bot token required) and the upload URLs
 *   `files.getUploadURLExternal` hands out;
 * - a Socket Mode endpoint at `/socket` (the URL `apps.connections.open` returns) that says hello,
 *   pushes envelopes and collects the app's acks.
 * Failures can be injected per method (a 429 with Retry-After, a platform error such as
 * `not_in_channel`, a 500 with or without posting first), for every call or only the calls a
 * predicate picks (thread replies, one reveal part, one channel), and methods slowed down.
 * Posted messages are kept per channel with their message metadata, and `conversations.history`
 * and `conversations.replies` answer from them as Slack does (slack-conversations.ts).
 */

export interface SlackCall {
  readonly method: string;
  /** Form fields or JSON body; fields holding JSON (`blocks`, `view`, `files`) are parsed. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: IncomingHttpHeaders;
  /** `Date.now()` when the request arrived. */
  readonly at: number;
}

export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly isAdmin?: boolean;
  readonly isOwner?: boolean;
  readonly isBot?: boolean;
}

export type InjectedFailure =
  | { readonly status: 429; readonly retryAfter: number }
  /** `{ok: false, error}`, plus any other fields Slack sends with it (`needed` for missing_scope). */
  | { readonly error: string; readonly fields?: Readonly<Record<string, unknown>> }
  /** A 500; with `afterPosting` the call did its work first (the answer was lost on the way back). */
  | { readonly status: 500; readonly afterPosting?: boolean };

/** Which calls an injected failure hits, and how many of them. */
export interface FailureOptions {
  /** How many matching calls fail (default 1); `Infinity` for every one from now on. */
  readonly times?: number;
  /** Only calls this accepts fail (default: every call to the method). */
  readonly when?: (call: SlackCall) => boolean;
}

interface FailureRule {
  readonly failure: InjectedFailure;
  readonly when: ((call: SlackCall) => boolean) | undefined;
  remaining: number;
}

export interface UploadedFile {
  readonly fileId: string;
  readonly filename: string;
  readonly content: string;
}

/** How a conversation looks to the bot; channels the fake was not told about are public and joined. */
export interface ChannelState {
  readonly kind?: 'public' | 'private' | 'im' | 'mpim';
  readonly name?: string;
  /** The bot is a member (default true). */
  readonly member?: boolean;
  readonly archived?: boolean;
  /** Deleted: every call naming it answers `channel_not_found`. */
  readonly deleted?: boolean;
}

export interface FakeSlackOptions {
  /**
   * The time message timestamps (`ts`) are made from; default a fixed instant. Pass the clock the
   * app under test uses, so `conversations.history`'s `oldest`/`latest` mean the same to both.
   */
  readonly now?: () => Date;
}

interface StoredFile {
  readonly id: string;
  readonly name: string;
  readonly content: Buffer;
}

interface Waiter<T> {
  readonly match: (item: T) => boolean;
  readonly resolve: (item: T) => void;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata']);

function parseFields(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the string
      }
    }
    out[key] = value;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Bodies posted to `response_url`s, by the name in `/response/<name>`. */
  readonly responses: {
    readonly name: string;
    readonly body: Readonly<Record<string, unknown>>;
    readonly at: number;
  }[] = [];
  readonly uploads: UploadedFile[] = [];
  /** Ids of files downloaded with the bot token. */
  readonly downloads: string[] = [];
  /** Channels the bot was removed from: posting there answers `not_in_channel`. */
  readonly goneChannels = new Set<string>();
  /**
   * The most `conversations.replies` returns per page: 15 for apps outside the Marketplace since
   * 2025 (Tier 1, 15 objects per call), whatever `limit` asks.
   */
  repliesPageCap = 1000;
  private readonly channelStates = new Map<string, ChannelState>();
  private readonly users = new Map<string, FakeUser>();
  private readonly files = new Map<string, StoredFile>();
  private readonly messages = new Map<string, Set<string>>();
  private readonly posted: Mutable<PostedMessage>[] = [];
  private readonly delays = new Map<string, number>();
  private readonly reactions = new Set<string>();
  private readonly failures = new Map<string, FailureRule[]>();
  /** File ids handed out by files.getUploadURLExternal → their file names. */
  private readonly pendingUploads = new Map<string, string>();
  private readonly callWaiters: Waiter<SlackCall>[] = [];
  private readonly responseWaiters: Waiter<FakeSlack['responses'][number]>[] = [];
  private readonly socketMode = new FakeSocketMode();
  private seq = 0;
  private tsCounter = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeSlackOptions = {},
  ) {
    this.addUser({ id: BOT_USER_ID, name: 'sa-quiz', isBot: true });
    server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/socket')) {
        socket.destroy();
        return;
      }
      this.socketMode.upgrade(req, socket, head);
    });
  }

  /** Starts the fake on 127.0.0.1 with a free port. */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      fake
        ?.route(req, res)
        .catch((error: unknown) => sendJson(res, 500, { ok: false, error: String(error) }));
    });
    fake = new FakeSlack(server, options);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** What the adapter's `apiUrl` option (SLACK_API_URL) should be. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** Makes a file downloadable; returns the file object Slack would put in a payload. */
  addFile(
    name: string,
    content: string | Buffer,
  ): { id: string; name: string; url_private_download: string } {
    const id = `F${String(++this.seq).padStart(6, '0')}`;
    this.files.set(id, { id, name, content: Buffer.isBuffer(content) ? content : Buffer.from(content) });
    return { id, name, url_private_download: `${this.url}/files/${id}/${encodeURIComponent(name)}` };
  }

  /**
   * The next `times` calls to `method` (those `when` accepts, if given) fail this way, then calls
   * succeed again. Rules queue up in the order given; a call meets the first rule it matches.
   */
  fail(method: string, failure: InjectedFailure, times: number | FailureOptions = 1): void {
    const options = typeof times === 'number' ? { times } : times;
    const rules = this.failures.get(method) ?? [];
    rules.push({ failure, when: options.when, remaining: options.times ?? 1 });
    this.failures.set(method, rules);
  }

  /** The failure the first matching rule holds for this call, used up by one. */
  private takeFailure(call: SlackCall): InjectedFailure | undefined {
    const rules = this.failures.get(call.method);
    const rule = rules?.find((r) => r.remaining > 0 && (r.when === undefined || r.when(call)));
    if (!rules || !rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules.splice(rules.indexOf(rule), 1);
    return rule.failure;
  }

  /**
   * Someone replies in a thread, as Slack stores it (the app is told by an event the test sends
   * itself): it shows in `conversations.replies` like any reply. Returns its ts.
   */
  userReply(channel: string, threadTs: string, user: string, text: string): string {
    const ts = this.nextTs();
    this.posted.push({
      channel,
      ts,
      threadTs,
      replyBroadcast: false,
      text,
      blocks: undefined,
      metadata: undefined,
      edits: 0,
      at: Date.now(),
      author: user,
    });
    return ts;
  }

  /** Sets how a conversation looks to the bot (archived, left, deleted, private, a DM...). */
  setChannel(id: string, state: ChannelState): void {
    this.channelStates.set(id, state);
  }

  /**
   * The error Slack answers when the bot acts on `channel`, or null: a deleted channel, or a
   * private one the bot is not in, is not found; an archived one is archived; a public one the bot
   * left is `not_in_channel` for posting and reading.
   */
  private accessError(channel: string): string | null {
    if (channel === '') return 'channel_not_found';
    const state = this.channelStates.get(channel) ?? {};
    const member = state.member !== false && !this.goneChannels.has(channel);
    if (state.deleted) return 'channel_not_found';
    if (!member && state.kind === 'private') return 'channel_not_found';
    if (state.archived) return 'is_archived';
    if (!member) return 'not_in_channel';
    return null;
  }

  /** `conversations.info`: the channel as the bot sees it. */
  private info(channel: string): Record<string, unknown> {
    const state = this.channelStates.get(channel) ?? {};
    const member = state.member !== false && !this.goneChannels.has(channel);
    if (channel === '' || state.deleted || (!member && state.kind === 'private'))
      return { ok: false, error: 'channel_not_found' };
    const kind = state.kind ?? 'public';
    return {
      ok: true,
      channel: {
        id: channel,
        name: state.name ?? channel.toLowerCase(),
        is_channel: kind === 'public',
        is_group: kind === 'private',
        is_im: kind === 'im',
        is_mpim: kind === 'mpim',
        is_private: kind !== 'public',
        is_archived: state.archived === true,
        is_member: member,
      },
    };
  }

  /** Drops the failures still queued for `method`: its calls succeed from now on. */
  clearFailures(method: string): void {
    this.failures.delete(method);
  }

  /**
   * Every later call to `method` is answered `ms` late (after it is recorded in `calls`): a slow
   * platform. The work is still done when the caller has gone away meanwhile, as on Slack.
   * 0 removes the delay.
   */
  slowDown(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
  }

  /** Messages posted so far (channel messages and thread replies), in posting order. */
  get postedMessages(): readonly PostedMessage[] {
    return this.posted;
  }

  /** Messages posted in `channel`, in posting order; `topLevel` keeps only channel messages. */
  messagesIn(channel: string, options: { topLevel?: boolean } = {}): PostedMessage[] {
    return this.posted.filter(
      (m) => m.channel === channel && (options.topLevel !== true || m.threadTs === undefined),
    );
  }

  /** A `response_url` for a command or interaction payload. */
  responseUrl(name: string): string {
    return `${this.url}/response/${name}`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (already made or future) to `method` that matches. */
  waitFor(
    method: string,
    match: (call: SlackCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<SlackCall> {
    const test = (c: SlackCall): boolean => c.method === method && match(c);
    const found = this.calls.find(test);
    if (found) return Promise.resolve(found);
    return this.wait(this.callWaiters, test, timeoutMs, `a ${method} call`);
  }

  /** Resolves with the first body posted to `/response/<name>` that matches. */
  waitForResponse(
    name: string,
    match: (body: Readonly<Record<string, unknown>>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<FakeSlack['responses'][number]> {
    const test = (r: FakeSlack['responses'][number]): boolean => r.name === name && match(r.body);
    const found = this.responses.find(test);
    if (found) return Promise.resolve(found);
    return this.wait(this.responseWaiters, test, timeoutMs, `a response to ${name}`);
  }

  private wait<T>(
    waiters: Waiter<T>[],
    match: (item: T) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        match,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`fake Slack: timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  }

  private notify<T>(waiters: Waiter<T>[], item: T): void {
    for (const waiter of [...waiters]) {
      if (waiter.match(item)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(item);
      }
    }
  }

  private nextTs(): string {
    this.tsCounter += 1;
    const seconds = this.options.now ? Math.floor(this.options.now().getTime() / 1000) : 1741564800;
    return `${seconds}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  // ------------------------------------------------------------------ HTTP routing

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const [, area, name = '', fileName] = url.pathname.split('/');
    const raw = await readBody(req);
    if (req.method === 'POST' && area === 'api') return this.api(decodeURIComponent(name), req, raw, res);
    if (req.method === 'POST' && area === 'response') {
      const entry = {
        name,
        body: JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>,
        at: Date.now(),
      };
      this.responses.push(entry);
      this.notify(this.responseWaiters, entry);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.method === 'GET' && area === 'files' && fileName !== undefined)
      return this.download(name, req, res);
    if (req.method === 'POST' && area === 'upload') return this.receiveUpload(name, req, raw, res);
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private download(id: string, req: IncomingMessage, res: ServerResponse): void {
    const file = this.files.get(id);
    if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`) {
      // Real Slack answers an unauthenticated download with its sign-in page.
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>');
      return;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    this.downloads.push(id);
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file.content);
  }

  private async receiveUpload(
    fileId: string,
    req: IncomingMessage,
    raw: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    let content = raw.toString('utf8');
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      for (const value of form.values()) {
        content = typeof value === 'string' ? value : await value.text();
        break;
      }
    }
    const pending = this.pendingUploads.get(fileId);
    this.uploads.push({ fileId, filename: pending ?? fileId, content });
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
  }

  private async api(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    const text = raw.toString('utf8');
    const fields: Record<string, unknown> = type.includes('application/json')
      ? (JSON.parse(text || '{}') as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(text));
    const call: SlackCall = { method, body: parseFields(fields), headers: req.headers, at: Date.now() };
    this.calls.push(call);
    this.notify(this.callWaiters, call);
    const delay = this.delays.get(method);
    if (delay !== undefined) await sleep(delay);

    const failure = this.takeFailure(call);
    if (failure) {
      if ('error' in failure)
        return sendJson(res, 200, { ...failure.fields, ok: false, error: failure.error });
      if (failure.status === 429)
        return sendJson(
          res,
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(failure.retryAfter) },
        );
      if (failure.afterPosting === true) this.answer(method, call.body);
      return sendJson(res, 500, { ok: false, error: 'internal_error' });
    }
    const auth = req.headers.authorization ?? '';
    const expected = method === 'apps.connections.open' ? APP_TOKEN : BOT_TOKEN;
    if (auth !== `Bearer ${expected}`) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    sendJson(res, 200, this.answer(method, call.body));
  }

  private answer(method: string, body: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const str = (key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${TEAM_DOMAIN}.slack.com/`,
          team: TEAM_DOMAIN,
          user: 'sa-quiz',
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
        };
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace('http', 'ws')}/socket?ticket=${++this.seq}` };
      case 'chat.postMessage': {
        const channel = str('channel');
        const refused = this.accessError(channel);
        if (refused) return { ok: false, error: refused };
        if (body.metadata !== undefined && !isMetadata(body.metadata))
          return { ok: false, error: 'invalid_metadata_format' };
        const ts = this.nextTs();
        const known = this.messages.get(channel) ?? new Set<string>();
        known.add(ts);
        this.messages.set(channel, known);
        const message: Mutable<PostedMessage> = {
          channel,
          ts,
          threadTs: str('thread_ts') || undefined,
          replyBroadcast: isTrue(body.reply_broadcast),
          text: str('text'),
          blocks: body.blocks,
          metadata: isMetadata(body.metadata) ? body.metadata : undefined,
          edits: 0,
          at: Date.now(),
        };
        this.posted.push(message);
        return { ok: true, channel, ts, message: asSlackMessage(message, true) };
      }
      case 'chat.update': {
        const channel = str('channel');
        const refused = this.accessError(channel);
        if (refused) return { ok: false, error: refused };
        if (!this.messages.get(channel)?.has(str('ts'))) return { ok: false, error: 'message_not_found' };
        const stored = this.posted.find((m) => m.channel === channel && m.ts === str('ts'));
        if (stored) {
          stored.text = str('text');
          if (body.blocks !== undefined) stored.blocks = body.blocks;
          stored.edits += 1;
        }
        return { ok: true, channel, ts: str('ts'), text: str('text') };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const refused = this.accessError(str('channel'));
        if (refused && refused !== 'is_archived') return { ok: false, error: refused };
        return method === 'conversations.history'
          ? historyOf(this.posted, body)
          : repliesOf(this.posted, body, this.repliesPageCap);
      }
      case 'conversations.info':
        return this.info(str('channel'));
      case 'chat.postEphemeral':
        if (this.accessError(str('channel'))) return { ok: false, error: this.accessError(str('channel')) };
        return { ok: true, message_ts: this.nextTs() };
      case 'reactions.add': {
        const key = `${str('channel')}/${str('timestamp')}/${str('name')}`;
        if (this.reactions.has(key)) return { ok: false, error: 'already_reacted' };
        this.reactions.add(key);
        return { ok: true };
      }
      case 'users.info': {
        const user = this.users.get(str('user'));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: TEAM_ID,
            name: user.name.toLowerCase(),
            real_name: user.name,
            is_admin: user.isAdmin === true,
            is_owner: user.isOwner === true,
            is_primary_owner: false,
            is_bot: user.isBot === true,
            profile: { display_name: user.name, real_name: user.name },
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${str('users')}` } };
      case 'views.open':
      case 'views.update':
        return { ok: true, view: { id: `V${++this.seq}`, ...(body.view as object) } };
      case 'files.info': {
        const file = this.files.get(str('file'));
        if (!file) return { ok: false, error: 'file_not_found' };
        return {
          ok: true,
          file: {
            id: file.id,
            name: file.name,
            size: file.content.length,
            url_private_download: `${this.url}/files/${file.id}/${encodeURIComponent(file.name)}`,
          },
        };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++this.seq).padStart(6, '0')}`;
        this.pendingUploads.set(fileId, str('filename'));
        return { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files) ? (body.files as { id: string; title?: string }[]) : [];
        return {
          ok: true,
          files: files.map((f) => ({
            id: f.id,
            title: f.title ?? '',
            name: this.pendingUploads.get(f.id) ?? f.id,
          })),
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  // ------------------------------------------------------------------ Socket Mode

  /** Resolves once a Socket Mode client is connected. */
  socketConnected(timeoutMs = 5000): Promise<void> {
    return this.socketMode.isConnected(timeoutMs);
  }

  /**
   * Pushes an envelope to the connected app and waits for its ack: `{acked: true, payload}`, or
   * `{acked: false}` when none came within `timeoutMs` (the app refused to ack).
   */
  sendEnvelope(
    type: EnvelopeType,
    payload: unknown,
    options: { retryAttempt?: number; timeoutMs?: number } = {},
  ): Promise<{ acked: boolean; payload?: unknown }> {
    return this.socketMode.send(type, payload, options);
  }

  async close(): Promise<void> {
    this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
