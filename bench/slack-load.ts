/**
 * The load side of bench/slack-events.ts: Slack's signed `event_callback` deliveries of thread
 * replies (built and signed before the clock starts), fired at a Bolt HTTP receiver over a fixed
 * number of keep-alive connections, with the status and latency of every acknowledgement.
 */
import { Agent, request } from 'node:http';
import { eventCallback, SIGNING_SECRET, slackSignature } from '../tests/fakes/slack-payloads.js';

/** One delivery, ready to send: its body and Slack's headers. */
export interface SignedEvent {
  readonly eventId: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ReplySpec {
  readonly channel: string;
  readonly threadTs: string;
  /** Who writes reply i. */
  readonly userOf: (i: number) => string;
  /** A prefix that makes the event ids unique across the whole bench. */
  readonly eventPrefix: string;
  readonly count: number;
}

const ANSWERS = [
  'Security groups are stateful and attach to ENIs; NACLs are stateless, per subnet, evaluated in rule order with explicit deny.',
  'S3 Intelligent-Tiering moves objects between access tiers by observed access, so cold data costs less without retrieval fees.',
  'Multi-AZ RDS keeps a synchronous standby for failover; read replicas are asynchronous and scale reads, possibly across Regions.',
  'An SQS queue decouples producers from consumers; a DLQ catches poison messages after maxReceiveCount attempts.',
  'X-Ray traces a request across services; the service map shows latency and errors per segment, sampling keeps cost down.',
];

function headersFor(body: string, timestamp: number, retryNum?: number): Record<string, string> {
  return {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
    ...(retryNum === undefined
      ? {}
      : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_error' }),
  };
}

/** `count` thread replies under `threadTs`, each its own message (unique ts) and event id, signed now. */
export function threadReplies(spec: ReplySpec): SignedEvent[] {
  const timestamp = Math.floor(Date.now() / 1000);
  const seconds = Number(spec.threadTs.split('.')[0]) + 1;
  return Array.from({ length: spec.count }, (_, i) => {
    const ts = `${seconds + Math.floor(i / 1_000_000)}.${String(i % 1_000_000).padStart(6, '0')}`;
    const eventId = `${spec.eventPrefix}${i}`;
    const event = {
      type: 'message',
      channel: spec.channel,
      channel_type: 'channel',
      user: spec.userOf(i),
      text: `${ANSWERS[i % ANSWERS.length]} (${i})`,
      ts,
      thread_ts: spec.threadTs,
      event_ts: ts,
    };
    const body = JSON.stringify(eventCallback(event, eventId));
    return { eventId, body, headers: headersFor(body, timestamp) };
  });
}

/** The same delivery again, as Slack redelivers it (`x-slack-retry-num`, a fresh signature). */
export function redelivery(event: SignedEvent, retryNum: number): SignedEvent {
  return { ...event, headers: headersFor(event.body, Math.floor(Date.now() / 1000), retryNum) };
}

export interface LoadResult {
  /** Per event, in order: the HTTP status (0: no answer within the timeout, or a broken connection). */
  readonly statuses: number[];
  /** Milliseconds from sending each request to the end of its response. */
  readonly latenciesMs: number[];
  readonly seconds: number;
}

export class EventsClient {
  private agent: Agent;
  private readonly url: URL;

  constructor(
    eventsUrl: string,
    readonly connections: number,
    private readonly timeoutMs = 10_000,
  ) {
    this.url = new URL(eventsUrl);
    this.agent = this.newAgent();
  }

  private newAgent(): Agent {
    return new Agent({ keepAlive: true, maxSockets: this.connections, keepAliveMsecs: 30_000 });
  }

  /** POSTs one delivery; resolves with the status (0 for none) and its latency. */
  send(event: SignedEvent): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    return new Promise((resolve) => {
      const done = (status: number): void => resolve({ status, ms: performance.now() - started });
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          agent: this.agent,
          headers: event.headers,
          timeout: this.timeoutMs,
        },
        (res) => {
          res.resume();
          res.once('end', () => done(res.statusCode ?? 0));
          res.once('error', () => done(0));
        },
      );
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', () => done(0));
      req.end(event.body);
    });
  }

  /**
   * Sends every event, `connections` at a time, each connection one request after another. The
   * connections are new: one the server closed while it sat idle (its keep-alive timeout) would
   * fail a request through no fault of the server's.
   */
  async fire(events: readonly SignedEvent[]): Promise<LoadResult> {
    this.agent.destroy();
    this.agent = this.newAgent();
    const statuses = new Array<number>(events.length).fill(0);
    const latenciesMs = new Array<number>(events.length).fill(0);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(this.connections, events.length) }, async () => {
        for (let i = next++; i < events.length; i = next++) {
          const event = events[i];
          if (!event) continue;
          const { status, ms } = await this.send(event);
          statuses[i] = status;
          latenciesMs[i] = ms;
        }
      }),
    );
    return { statuses, latenciesMs, seconds: (performance.now() - started) / 1000 };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `p`-th percentile (0–100) by nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/** The median (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
