/**
 * Runs event handlers: one after another per key (a thread's create → edit → delete must reach the
 * core in order), concurrently across keys, and lets `stop()` (and tests) wait until all are done.
 */
export class WorkQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Queues `work` behind earlier work with the same key. Errors go to `onError`, never reject. */
  run(key: string, work: () => Promise<void>): void {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work).catch(this.onError);
    this.tails.set(key, next);
    this.running.add(next);
    void next.finally(() => {
      this.running.delete(next);
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  /** Resolves once every queued handler (including ones queued meanwhile) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
