import pino from 'pino';
import type { Logger } from './core/quiz.js';

/** pino behind the core's Logger port. Secrets never reach it: callers log ids, not payloads. */
export function createLogger(
  level: string,
  destination: 'stdout' | 'stderr' = 'stdout',
): Logger & { flush(): void } {
  const log = pino(
    {
      level,
      base: { service: 'sa-quiz' },
      redact: {
        paths: ['token', 'botToken', 'appToken', 'signingSecret', 'text', '*.token', '*.text'],
        remove: true,
      },
    },
    pino.destination(destination === 'stdout' ? 1 : 2),
  );
  return {
    info: (fields, message) => log.info(fields, message),
    warn: (fields, message) => log.warn(fields, message),
    error: (fields, message) => log.error(fields, message),
    flush: () => log.flush(),
  };
}
