import type { Logger } from './core/logger.js';

/**
 * What happens to an error nobody caught, once the service or the console is running.
 *
 * A long-running bot must not end because one request, event or timer threw: every handler
 * already catches what it expects, so what reaches here is a bug in one piece of work, and the
 * rest (other channels, the scheduler, the other platform) is unaffected. Such an error is logged
 * once, as one line without its payload, counted, and the process carries on.
 *
 * What does end the process is decided before this is installed: a configuration error, a
 * database that cannot be opened or migrated at start, or a port that cannot be bound all make
 * `sa-quiz start` exit with code 2 and a one-line reason (src/cli.ts). A database lost later is
 * not fatal: the service answers 503 on /healthz and recovers when it comes back.
 */
export interface ProcessGuard {
  /** How many uncaught errors and unhandled rejections were logged. */
  readonly caught: () => number;
  remove(): void;
}

function describe(error: unknown): { err: string; errorName: string } {
  if (error instanceof Error) return { err: error.message, errorName: error.name };
  return { err: String(error), errorName: typeof error };
}

/** Where the error was thrown: the first frame of its stack inside this project, without paths. */
function origin(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  const frame = error.stack.split('\n').find((line) => /\bsrc\/|node_modules\//.test(line));
  return frame?.replace(/^.*?((?:src|node_modules)\/[^):]+(?::\d+)?).*$/, '$1').trim();
}

export function installProcessGuards(log: Logger, onCaught: () => void = () => {}): ProcessGuard {
  let caught = 0;
  const handle = (kind: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    caught += 1;
    onCaught();
    log.error({ kind, ...describe(error), at: origin(error) }, 'an unexpected error was caught; carrying on');
  };
  const onException = handle('uncaughtException');
  const onRejection = handle('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    caught: () => caught,
    remove: () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
