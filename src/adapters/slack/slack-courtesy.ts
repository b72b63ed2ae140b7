import PQueue from 'p-queue';
import { ChatError } from '../../core/failures.js';
import type { Logger } from '../../core/logger.js';
import type { InFlight } from './in-flight.js';

/**
 * Slack's per-workspace tier of each Web API method called after an event's ack (Tier 3 is
 * "50+ per minute", Tier 4 "100+ per minute": https://docs.slack.dev/apis/web-api/rate-limits).
 */
export const COURTESY_TIERS = {
  'reactions.add': 50,
  'chat.postEphemeral': 100,
  'users.info': 100,
  'views.publish': 100,
} as const;

export type CourtesyMethod = keyof typeof COURTESY_TIERS;

/** Calls waiting per workspace and method beyond which new ones are dropped (said once). */
const MAX_WAITING = 5_000;
/** Calls of one method and workspace in flight at once. */
const CONCURRENCY = 2;

/** What a call's promise settles with when `stop()` came first. */
const STOPPED: unique symbol = Symbol('stopped');

/** A promise that settles with STOPPED at the next `stop()`. */
function stopSignal(): { readonly stopped: Promise<typeof STOPPED>; readonly fire: () => void } {
  let fire = (): void => {};
  const stopped = new Promise<typeof STOPPED>((resolve) => {
    fire = () => resolve(STOPPED);
  });
  return { stopped, fire };
}

/**
 * The calls that follow an answer and are a courtesy (the ✅ reaction, a private hint, the
 * author's name): queued per workspace and method at that method's tier, so at 09:00 five hundred
 * answers are acked first and their reactions follow at the pace Slack allows, without a 429 that
 * would hold up the client's shared queue, and one workspace's backlog never delays another's.
 * `stop()` drops what has not started.
 *
 * A stop is a promise each call races, not an AbortSignal handed to p-queue: with thousands of
 * calls waiting at 09:00, each `signal.addEventListener` walked the list of those already added
 * (Node checks for duplicates), a quadratic cost on the answer path's CPU.
 */
export class CourtesyCalls {
  private readonly queues = new Map<string, PQueue>();
  private readonly full = new Set<string>();
  private stopping = stopSignal();

  constructor(
    private readonly inFlight: InFlight,
    private readonly log: Logger,
    private readonly tiers: Readonly<Record<CourtesyMethod, number>> = COURTESY_TIERS,
  ) {}

  /** Runs `work` when the workspace's budget for `method` allows; a failure is logged with `what`. */
  run(teamId: string, method: CourtesyMethod, what: string, work: () => Promise<unknown>): void {
    const key = `${teamId}:${method}`;
    const queue = this.queueFor(key, method);
    if (queue.size >= MAX_WAITING) {
      if (!this.full.has(key)) {
        this.full.add(key);
        this.log.warn(
          { teamId, method, waiting: queue.size },
          'too many follow-up calls waiting; new ones are dropped',
        );
      }
      return;
    }
    this.full.delete(key);
    this.inFlight.track(
      this.unlessStopped(queue, work).catch((error: unknown) => {
        this.log.error({ err: error instanceof Error ? error.message : String(error) }, what);
      }),
    );
  }

  /**
   * `run` for a caller that waits for the outcome (the core's nudges): the work's result or error,
   * or a rate_limited ChatError when it was dropped (too many waiting) or stopped before it began.
   */
  call<T>(teamId: string, method: CourtesyMethod, work: () => Promise<T>): Promise<T> {
    const queue = this.queueFor(`${teamId}:${method}`, method);
    if (queue.size >= MAX_WAITING)
      return Promise.reject(new ChatError('rate_limited', `too many ${method} calls waiting`));
    const done = this.unlessStopped(queue, work).then((result) => {
      if (result === STOPPED) throw new ChatError('rate_limited', `${method} stopped before it began`);
      return result;
    });
    this.inFlight.track(done.catch(() => {}));
    return done;
  }

  /** Calls waiting (not started) for the workspace and method. */
  waiting(teamId: string, method: CourtesyMethod): number {
    return this.queues.get(`${teamId}:${method}`)?.size ?? 0;
  }

  /** Drops every call not started yet (those running finish); calls made afterwards run again. */
  stop(): void {
    for (const queue of this.queues.values()) queue.clear();
    this.stopping.fire();
    this.stopping = stopSignal();
  }

  /**
   * The work's outcome once the queue runs it, or STOPPED when `stop()` comes first and it has not
   * started: a call already running is waited for (InFlight.idle, the caller's answer).
   */
  private unlessStopped<T>(queue: PQueue, work: () => Promise<T>): Promise<T | typeof STOPPED> {
    let started = false;
    const job = queue.add(() => {
      started = true;
      return work();
    }) as Promise<T>;
    const stopped = this.stopping.stopped.then<T | typeof STOPPED>(() => (started ? job : STOPPED));
    return Promise.race([job, stopped]);
  }

  private queueFor(key: string, method: CourtesyMethod): PQueue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new PQueue({ concurrency: CONCURRENCY, interval: 60_000, intervalCap: this.tiers[method] });
      this.queues.set(key, queue);
    }
    return queue;
  }
}
