import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo, Server } from 'node:net';

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

/** Ends a response's connection (HTTP/1.1) or stream (HTTP/2) without answering. */
function drop(res: Response): void {
  if ('stream' in res) res.stream.destroy();
  else res.destroy();
}

/**
 * Local stand-ins for the two model APIs the LLM grader speaks, as real HTTP servers on
 * 127.0.0.1: Amazon Bedrock Runtime's Converse (`POST /model/{modelId}/converse`, restJson1,
 * errors named by the `x-amzn-errortype` header; over HTTP/2, which the Bedrock Runtime client
 * speaks — in clear text here, as it does to an `http://` endpoint) and OpenAI chat completions
 * (`POST /v1/chat/completions`, errors as `{"error":{message,type,param,code}}`). Response and
 * error shapes follow the AWS Converse API reference and OpenAI's error-code guide. Every request
 * is recorded (path, headers, parsed body) so tests can check what was sent, and nothing else.
 */

/** What the fake does with the next request. */
export type FakeReply =
  /** 200 with this text as the assistant's message. */
  | { readonly kind: 'text'; readonly text: string }
  /** A documented error (see BEDROCK_ERRORS and OPENAI_ERRORS). */
  | { readonly kind: 'error'; readonly error: string }
  /** Reads the request and never answers (until the fake closes). */
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly method: string;
  /** The path as sent, percent-encoding and all. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly raw: string;
  /** The body as JSON (undefined when it is not JSON). */
  readonly body: unknown;
}

interface WireError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

const CORAL = ':http://internal.amazon.com/coral/com.amazon.bedrock/';

function bedrockError(status: number, type: string, message: string): WireError {
  return { status, headers: { 'x-amzn-errortype': `${type}${CORAL}` }, body: { message } };
}

/** Bedrock Runtime's errors as it sends them: status, `x-amzn-errortype`, `{"message"}`. */
export const BEDROCK_ERRORS: Readonly<Record<string, WireError>> = {
  throttled: bedrockError(429, 'ThrottlingException', 'Too many tokens, please wait before trying again.'),
  validation: bedrockError(400, 'ValidationException', 'The provided model identifier is invalid.'),
  accessDenied: bedrockError(
    403,
    'AccessDeniedException',
    "You don't have access to the model with the specified model ID.",
  ),
  internal: bedrockError(
    500,
    'InternalServerException',
    'The system encountered an unexpected error during processing. Try your request again.',
  ),
  unavailable: bedrockError(503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.'),
};

function openAiError(status: number, message: string, type: string, code: string | null): WireError {
  return { status, headers: {}, body: { error: { message, type, param: null, code } } };
}

/** OpenAI's errors as it sends them: status and `{"error":{message,type,param,code}}`. */
export const OPENAI_ERRORS: Readonly<Record<string, WireError>> = {
  unauthorized: openAiError(
    401,
    'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    'invalid_request_error',
    'invalid_api_key',
  ),
  throttled: openAiError(
    429,
    'Rate limit reached for requests. Please try again in 20s.',
    'requests',
    'rate_limit_exceeded',
  ),
  internal: openAiError(
    500,
    'The server had an error while processing your request. Sorry about that!',
    'server_error',
    null,
  ),
};

/** One fake model API. `url` is its base: the Bedrock endpoint, or the OpenAI `/v1` base URL. */
export class FakeLlmEndpoint {
  readonly requests: RecordedRequest[] = [];
  /** Used once each, in order, before `defaultReply`. */
  private readonly queue: FakeReply[] = [];
  private defaultReply: FakeReply = { kind: 'text', text: '{"points":[],"feedback":""}' };
  private readonly hanging = new Set<Response>();
  private readonly sessions = new Set<Http2Session>();
  private seq = 0;

  private constructor(
    readonly protocol: 'bedrock' | 'openai',
    private readonly server: Server,
    readonly url: string,
    /** OpenAI only: the key a request must carry as `Bearer`, or null to accept any request. */
    private readonly apiKey: string | null,
  ) {}

  /** Starts a fake on an ephemeral port of 127.0.0.1. */
  static async start(
    protocol: 'bedrock' | 'openai',
    options: { readonly apiKey?: string } = {},
  ): Promise<FakeLlmEndpoint> {
    let fake: FakeLlmEndpoint | undefined;
    const handler = (req: Request, res: Response) => {
      fake?.handle(req, res).catch(() => drop(res));
    };
    const server = protocol === 'bedrock' ? createHttp2Server(handler) : createServer(handler);
    if (protocol === 'bedrock') {
      server.on('session', (session: Http2Session) => {
        fake?.sessions.add(session);
        session.on('close', () => fake?.sessions.delete(session));
      });
    }
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    fake = new FakeLlmEndpoint(
      protocol,
      server,
      protocol === 'openai' ? `${base}/v1` : base,
      options.apiKey ?? null,
    );
    return fake;
  }

  /** Every later request gets this reply (after any queued ones). */
  replyAlways(reply: FakeReply): void {
    this.defaultReply = reply;
  }

  /** The next request gets this reply. */
  replyOnce(reply: FakeReply): void {
    this.queue.push(reply);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) drop(res);
    for (const session of this.sessions) session.destroy();
    if ('closeAllConnections' in this.server)
      (this.server as { closeAllConnections(): void }).closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: Request, res: Response): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const path = req.url ?? '/';
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, raw, body });
    const reply = this.queue.shift() ?? this.defaultReply;
    this.seq += 1;
    const answer =
      this.protocol === 'bedrock' ? this.bedrock(req, path, reply) : this.openAi(req, path, body, reply);
    if (answer === 'hang') this.hanging.add(res);
    else this.send(res, answer);
  }

  private send(res: Response, { status, headers, body }: WireError): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }

  private bedrock(req: Request, path: string, reply: FakeReply): WireError | 'hang' {
    const ids = { 'x-amzn-requestid': `00000000-0000-4000-8000-${String(this.seq).padStart(12, '0')}` };
    const withIds = (e: WireError): WireError => ({ ...e, headers: { ...ids, ...e.headers } });
    const route = /^\/model\/([^/]+)\/converse$/.exec(path);
    if (req.method !== 'POST' || route === null) {
      return withIds(bedrockError(404, 'UnknownOperationException', 'Unknown operation'));
    }
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=')) {
      return withIds(
        bedrockError(
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        ),
      );
    }
    if (reply.kind === 'hang') return 'hang';
    if (reply.kind === 'error') {
      const e = BEDROCK_ERRORS[reply.error];
      if (e === undefined) throw new Error(`no Bedrock error named ${reply.error}`);
      return withIds(e);
    }
    return withIds({
      status: 200,
      headers: {},
      body: {
        output: { message: { role: 'assistant', content: [{ text: reply.text }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: 812, outputTokens: 96, totalTokens: 908 },
        metrics: { latencyMs: 640 },
      },
    });
  }

  private openAi(req: Request, path: string, body: unknown, reply: FakeReply): WireError | 'hang' {
    const ids = { 'x-request-id': `req_${this.seq}` };
    const withIds = (e: WireError): WireError => ({ ...e, headers: { ...ids, ...e.headers } });
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return withIds(openAiError(404, `Invalid URL (${req.method} ${path})`, 'invalid_request_error', null));
    }
    if (this.apiKey !== null && req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return withIds(OPENAI_ERRORS.unauthorized!);
    }
    if (reply.kind === 'hang') return 'hang';
    if (reply.kind === 'error') {
      const e = OPENAI_ERRORS[reply.error];
      if (e === undefined) throw new Error(`no OpenAI error named ${reply.error}`);
      return withIds(e);
    }
    const model = (body as { model?: unknown } | undefined)?.model;
    return withIds({
      status: 200,
      headers: {},
      body: {
        id: `chatcmpl-fake${this.seq}`,
        object: 'chat.completion',
        created: 1_796_000_000,
        model: typeof model === 'string' ? model : 'unknown',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply.text, refusal: null },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 812, completion_tokens: 96, total_tokens: 908 },
      },
    });
  }
}
