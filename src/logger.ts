import pino, { type DestinationStream } from 'pino';
import type { Logger } from './core/logger.js';

/** A log value longer than this is cut: no line carries a pasted answer or a whole request. */
const MAX_VALUE_LENGTH = 500;

// drizzle's DrizzleQueryError message ends with the query's parameters (answer text, names).
const QUERY_PARAMS = /\n\s*params:[\s\S]*$/;
const SLACK_TOKEN = /\bxox[a-z]-[A-Za-z0-9-]+/g;
const APP_TOKEN = /\bxapp-[A-Za-z0-9-]+/g;
const DISCORD_TOKEN = /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g;
const BEARER = /\b(Bearer|Bot)\s+[A-Za-z0-9._-]{16,}/g;

/**
 * What may be written of a string: no query parameters, no tokens, and not more than
 * MAX_VALUE_LENGTH characters. The last line of defence: callers log ids and codes, not payloads.
 */
export function scrubLogText(text: string): string {
  const scrubbed = text
    .replace(QUERY_PARAMS, '\nparams: [redacted]')
    .replace(SLACK_TOKEN, 'xox?-[redacted]')
    .replace(APP_TOKEN, 'xapp-[redacted]')
    .replace(DISCORD_TOKEN, '[redacted token]')
    .replace(BEARER, '$1 [redacted]');
  return scrubbed.length <= MAX_VALUE_LENGTH ? scrubbed : `${scrubbed.slice(0, MAX_VALUE_LENGTH)}…`;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubLogText(value);
  if (value instanceof Error) return scrubLogText(value.message);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrubValue(v, depth + 1));
  return scrubFields(value as Record<string, unknown>, depth + 1);
}

function scrubFields(fields: Readonly<Record<string, unknown>>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = scrubValue(value, depth);
  return out;
}

/**
 * pino behind the core's Logger port. Fields that may hold people's text (`text`) or secrets are
 * removed, and every string is scrubbed (query parameters, tokens) and capped before it is written.
 */
export function createLogger(
  level: string,
  destination: 'stdout' | 'stderr' | DestinationStream = 'stdout',
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
    typeof destination === 'string' ? pino.destination(destination === 'stdout' ? 1 : 2) : destination,
  );
  const write =
    (at: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: Readonly<Record<string, unknown>>, message: string): void =>
      log[at](scrubFields(fields), scrubLogText(message));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    flush: () => {
      if (typeof destination === 'string') log.flush();
    },
  };
}
