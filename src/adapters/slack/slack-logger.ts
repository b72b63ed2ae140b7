import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/quiz.js';

function describe(parts: readonly unknown[]): string {
  return parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : String(p))).join(' ');
}

/**
 * Bolt's and the Web API client's logger, forwarded to the service logger. Debug lines are
 * dropped: at that level Bolt prints request bodies, which may hold user text.
 */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    info: (...parts: unknown[]) => log.info({ component: 'slack' }, describe(parts)),
    warn: (...parts: unknown[]) => log.warn({ component: 'slack' }, describe(parts)),
    error: (...parts: unknown[]) => log.error({ component: 'slack' }, describe(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
