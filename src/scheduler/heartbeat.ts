import cron from 'node-cron';
import type { Logger, Quiz } from '../core/quiz.js';

export interface Heartbeat {
  /** Stops the schedule and waits for a tick in progress (its posts and reveals) to finish. */
  stop(): Promise<void>;
}

export interface HeartbeatOptions {
  /** Tick every this many milliseconds instead of at the top of every minute (tests). */
  readonly intervalMs?: number | undefined;
  /** Called with each tick's duration in seconds (the tick_duration metric). */
  readonly onTick?: (seconds: number) => void;
}

/**
 * Once a minute, asks the core what is due and lets it run. Everything due is computed from the
 * database at that instant, so a missed or late tick is caught up by the next one.
 */
export function startHeartbeat(quiz: Quiz, log: Logger, options: HeartbeatOptions = {}): Heartbeat {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const beat = (): Promise<void> => {
    if (busy || stopped) return running;
    busy = true;
    const started = process.hrtime.bigint();
    running = quiz
      .tick()
      .then((report) => {
        if (report.posted + report.revealed + report.skipped + report.failed > 0)
          log.info({ ...report }, 'tick');
      })
      .catch((error: unknown) =>
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'tick failed'),
      )
      .finally(() => {
        busy = false;
        options.onTick?.(Number(process.hrtime.bigint() - started) / 1e9);
      });
    return running;
  };
  const interval = options.intervalMs;
  const timer = interval ? setInterval(() => void beat(), interval) : null;
  const task = interval ? null : cron.schedule('* * * * *', beat, { noOverlap: true });
  void beat();
  return {
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await task?.destroy();
      await running;
    },
  };
}
