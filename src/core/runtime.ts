import type { Grader } from './grading/types.js';
import type { HolidayCalendar } from './holidays.js';
import type { Logger } from './logger.js';
import type { Chat, Metrics, Store } from './ports.js';
import type { RetryPolicy } from './retries.js';
import type { Clock } from './time.js';
import type { Platform } from './types.js';

/** What the core's use cases share, built once by the Quiz from its dependencies. */
export interface Runtime {
  readonly store: Store;
  readonly clock: Clock;
  /** The platforms this process is connected to. A channel of another platform is left for its process. */
  readonly chats: ReadonlyMap<Platform, Chat>;
  readonly random: () => number;
  readonly log: Logger;
  readonly metrics: Metrics;
  /**
   * How long a process has a claimed round (or an unsent reveal) to itself before another may
   * recover it: longer than any post can take.
   */
  readonly leaseMs: number;
  readonly retry: RetryPolicy;
  /** Grades answers at the reveal and in practice (the deterministic grader unless configured). */
  readonly grader: Grader;
  /** Public holidays, on which a channel following them has no round. */
  readonly holidays: HolidayCalendar;
}

/** Until then the process holding a claim (or a reveal to send) has it to itself. */
export function leaseEnd(rt: Runtime, now: Date): Date {
  return new Date(now.getTime() + rt.leaseMs);
}
