import type { Logger } from '../core/logger.js';
import type { Chat } from '../core/ports.js';
import type { Platform } from '../core/types.js';
import { isServing, type PlatformAdapter, PlatformStartError, type PlatformState } from './platform.js';

export interface Supervised {
  readonly platform: Platform;
  readonly adapter: PlatformAdapter;
  /** Whether a failed start may be tried again in this process (not when it owns the HTTP port). */
  readonly retry: boolean;
}

/** Waits between start attempts of a platform that could not be reached: 30 s doubling to 5 min. */
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 5 * 60_000;

/**
 * Starts each platform on its own, so one platform's trouble never takes another down: a
 * platform that starts has its Chat handed to the core; one that is refused for good (a bad
 * token, an intent the portal does not allow) is logged once with what to fix and stays down;
 * one that could not be reached is tried again with backoff.
 */
export class PlatformSupervisor {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly failures = new Map<Platform, PlatformState>();
  private stopped = false;

  constructor(
    private readonly entries: readonly Supervised[],
    private readonly chats: Map<Platform, Chat>,
    private readonly log: Logger,
  ) {}

  /** Tries every platform once (in parallel); never throws. */
  async startAll(): Promise<void> {
    await Promise.all(this.entries.map((entry) => this.start(entry, FIRST_RETRY_MS)));
  }

  private async start(entry: Supervised, nextDelayMs: number): Promise<void> {
    try {
      await entry.adapter.start();
      this.failures.delete(entry.platform);
      this.chats.set(entry.platform, entry.adapter.chat);
    } catch (error) {
      const failure =
        error instanceof PlatformStartError
          ? error
          : new PlatformStartError(
              'unreachable',
              false,
              error instanceof Error ? error.message : String(error),
            );
      this.failures.set(entry.platform, failure.state);
      const again = !failure.permanent && entry.retry && !this.stopped;
      this.log.error(
        { platform: entry.platform, state: failure.state, retryInMs: again ? nextDelayMs : null },
        `${entry.platform} did not start: ${failure.message}${again ? '' : '; the other platforms keep running'}`,
      );
      if (again) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.start(entry, Math.min(nextDelayMs * 2, MAX_RETRY_MS));
        }, nextDelayMs);
        timer.unref();
        this.timers.add(timer);
      }
    }
  }

  /** Each configured platform's state, for /healthz. */
  states(): Record<string, PlatformState> {
    const states: Record<string, PlatformState> = {};
    for (const entry of this.entries)
      states[entry.platform] = this.failures.get(entry.platform) ?? entry.adapter.state();
    return states;
  }

  /** True when at least one platform serves users (or none is configured). */
  serving(): boolean {
    const states = Object.values(this.states());
    return states.length === 0 || states.some(isServing);
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.entries.map((e) => e.adapter.stop()));
  }
}
