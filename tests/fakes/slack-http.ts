import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendGenerated } from './generated-body.js';
import { APP_TOKEN, TEAM_ID } from './slack-conversations.js';
import type { SlackFailures } from './slack-failures.js';
import type { SlackTeams } from './slack-teams.js';
import type { SlackWebApi } from './slack-web-api.js';

/**
 * The fake Slack's HTTP side: the Web API under `/api/<method>` (form-encoded or JSON bodies,
 * token in the Authorization header; every call recorded, then slowed down, failed as injected
 * or answered by slack-web-api.ts), `response_url` endpoints under `/response/<name>`, private
 * file downloads under `/files/<id>/<name>` (bot token required) and the upload URLs
 * `files.getUploadURLExternal` hands out; and waiting for calls and responses to arrive.
 * Each call's token decides whose call it is (slack-teams.ts): a token Slack never issued answers
 * `invalid_auth`, an expired one `token_expired`, a revoked one (uninstall) `account_inactive`;
 * `oauth.v2.access` and `oauth.v2.exchange` take the client id and secret instead of a token.
 */

export interface SlackCall {
  readonly method: string;
  /** Form fields or JSON body; fields holding JSON (`blocks`, `view`, `files`) are parsed. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: IncomingHttpHeaders;
  /** `Date.now()` when the request arrived. */
  readonly at: number;
  /** The token the call was made with (the `Authorization: Bearer` one), if any. */
  readonly token?: string;
  /**
   * The team that token belongs to (whether or not it still works: expired and revoked tokens
   * keep their team); undefined when Slack never issued the token, or for the app-level token.
   */
  readonly team?: string;
}

/** A body posted to a `response_url`, by the name in `/response/<name>`. */
export interface SlackResponse {
  readonly name: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export interface UploadedFile {
  readonly fileId: string;
  readonly filename: string;
  readonly content: string;
  /** The file's bytes as uploaded (a PNG does not survive `content`'s UTF-8). */
  readonly bytes: Uint8Array;
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

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export class SlackHttp {
  readonly calls: SlackCall[] = [];
  readonly responses: SlackResponse[] = [];
  readonly uploads: UploadedFile[] = [];
  /** Ids of files downloaded with the bot token. */
  readonly downloads: string[] = [];
  /** File id → bytes of its body handed to the socket so far (generated files). */
  readonly bytesServed = new Map<string, number>();
  /** Names of `response_url`s that are spent (used five times, or older than 30 minutes). */
  readonly expiredResponses = new Set<string>();
  private readonly callWaiters: Waiter<SlackCall>[] = [];
  private readonly responseWaiters: Waiter<SlackResponse>[] = [];

  constructor(
    private readonly web: SlackWebApi,
    private readonly failures: SlackFailures,
    private readonly url: () => string,
    private readonly teams: SlackTeams,
  ) {}

  /** Resolves with the first call (already made or future) to `method` that matches. */
  waitFor(method: string, match: (call: SlackCall) => boolean, timeoutMs: number): Promise<SlackCall> {
    const test = (c: SlackCall): boolean => c.method === method && match(c);
    const found = this.calls.find(test);
    if (found) return Promise.resolve(found);
    return this.wait(this.callWaiters, test, timeoutMs, `a ${method} call`);
  }

  /** Resolves with the first body posted to `/response/<name>` that matches. */
  waitForResponse(
    name: string,
    match: (body: Readonly<Record<string, unknown>>) => boolean,
    timeoutMs: number,
  ): Promise<SlackResponse> {
    const test = (r: SlackResponse): boolean => r.name === name && match(r.body);
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

  async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url());
    const [, area, name = '', fileName] = url.pathname.split('/');
    const raw = await readBody(req);
    if (req.method === 'POST' && area === 'api') return this.api(decodeURIComponent(name), req, raw, res);
    if (req.method === 'POST' && area === 'response') {
      if (this.expiredResponses.has(name)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('expired_url');
        return;
      }
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

  private async download(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.web.file(id);
    const caller = this.teams.authorize(req.headers.authorization);
    // Files are the default team's; any of its working tokens may download them.
    if ('error' in caller || caller.teamId !== TEAM_ID) {
      // Real Slack answers an unauthenticated download with its sign-in page.
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>');
      return;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    this.downloads.push(id);
    if (file.generated) {
      this.bytesServed.set(id, 0);
      await sendGenerated(res, file.generated, 'application/octet-stream', (sent) =>
        this.bytesServed.set(id, sent),
      );
      return;
    }
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
    let bytes = new Uint8Array(raw);
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      for (const value of form.values()) {
        content = typeof value === 'string' ? value : await value.text();
        bytes =
          typeof value === 'string'
            ? new TextEncoder().encode(value)
            : new Uint8Array(await value.arrayBuffer());
        break;
      }
    }
    const pending = this.web.uploadName(fileId);
    this.uploads.push({ fileId, filename: pending ?? fileId, content, bytes });
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
  }

  private async api(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    const text = raw.toString('utf8');
    const fields: Record<string, unknown> = type.includes('application/json')
      ? (JSON.parse(text || '{}') as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(text));
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const teamId = bearer === undefined ? undefined : this.teams.lookup(bearer)?.teamId;
    const call: SlackCall = {
      method,
      body: parseFields(fields),
      headers: req.headers,
      at: Date.now(),
      ...(bearer === undefined ? {} : { token: bearer }),
      ...(teamId === undefined ? {} : { team: teamId }),
    };
    this.calls.push(call);
    this.notify(this.callWaiters, call);
    const delay = this.failures.delayOf(method);
    if (delay !== undefined) await sleep(delay);

    const failure = this.failures.take(call);
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
      if (failure.afterPosting === true) {
        const caller = this.teams.authorize(req.headers.authorization);
        if (!('error' in caller)) this.web.answer(method, call.body, caller);
      }
      return sendJson(res, 500, { ok: false, error: 'internal_error' });
    }
    if (method === 'oauth.v2.access')
      return sendJson(res, 200, this.teams.access(call.body, req.headers.authorization));
    if (method === 'oauth.v2.exchange')
      return sendJson(res, 200, this.teams.exchange(call.body, req.headers.authorization));
    if (method === 'apps.connections.open') {
      if (req.headers.authorization !== `Bearer ${APP_TOKEN}`)
        return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
      return sendJson(res, 200, this.web.answer(method, call.body));
    }
    const caller = this.teams.authorize(req.headers.authorization);
    if ('error' in caller) return sendJson(res, 200, { ok: false, error: caller.error });
    sendJson(res, 200, this.web.answer(method, call.body, caller));
  }
}
