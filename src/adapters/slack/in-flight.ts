import type { Logger } from '../../core/quiz.js';

/**
 * Work the adapter started and has not finished: Bolt listeners still running after their ack,
 * and follow-ups (a reaction, a file preview) deliberately left out of the ack path. `idle()`
 * lets `stop()` (and tests) wait for all of it instead of sleeping.
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly log: Logger) {}

  /** Tracks a promise the caller still awaits (its rejection stays the caller's to handle). */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = (): void => {
      this.pending.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  /** Starts work nobody awaits; a failure is logged with `what`, never thrown. */
  spawn(what: string, work: () => Promise<unknown>): void {
    this.track(
      work().catch((error: unknown) => {
        this.log.error({ err: error instanceof Error ? error.message : String(error) }, what);
      }),
    );
  }

  /** Resolves once nothing is pending, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.allSettled([...this.pending]);
    }
  }
}
