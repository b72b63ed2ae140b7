import cron from 'node-cron';
import type { Logger, Quiz } from '../core/quiz.js';

export interface Heartbeat {
  /** Stops the schedule and waits for a tick in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Once a minute, asks the core what is due and lets it run. Everything due is computed from the
 * database at that instant, so a missed or late tick is caught up by the next one.
 */
export function startHeartbeat(quiz: Quiz, log: Logger, expression = '* * * * *'): Heartbeat {
  let running: Promise<void> = Promise.resolve();
  const beat = (): Promise<void> => {
    running = quiz
      .tick()
      .then((report) => {
        if (report.posted + report.revealed + report.skipped + report.failed > 0)
          log.info({ ...report }, 'tick');
      })
      .catch((error: unknown) =>
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'tick failed'),
      );
    return running;
  };
  const task = cron.schedule(expression, beat, { noOverlap: true });
  void beat();
  return {
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
