import { z } from 'zod';

/** Environment → typed, validated configuration. Every problem is reported in one line. */

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  DATABASE_URL: optional.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
    'must start with postgres://',
  ),
  DATA_DIR: optional.transform((v) => v ?? './data'),
  PORT: optional
    .transform((v) => (v === undefined ? 3000 : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= 0 && v < 65536, 'must be a port number'),
  SLACK_BOT_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must start with xoxb-'),
  SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp-'),
  SLACK_SIGNING_SECRET: optional,
  SLACK_API_URL: optional,
  DISCORD_TOKEN: optional,
  DISCORD_APPLICATION_ID: optional,
  DISCORD_API_URL: optional,
  SA_QUIZ_ADMINS: optional.transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ),
  LOG_LEVEL: optional.transform((v) => v ?? 'info'),
  SA_QUIZ_DB_TIMEOUT_MS: optional
    .transform((v) => (v === undefined ? 60_000 : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= 100, 'must be a number of milliseconds >= 100'),
  // Test hooks for whole-process fault tests: a clock read from a file, a faster heartbeat.
  SA_QUIZ_CLOCK_FILE: optional,
  SA_QUIZ_TICK_MS: optional
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .refine(
      (v) => v === undefined || (Number.isInteger(v) && v >= 10),
      'must be a number of milliseconds >= 10',
    ),
});

export interface Config {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly slack: {
    readonly botToken: string;
    readonly appToken: string | undefined;
    readonly signingSecret: string | undefined;
    readonly apiUrl: string | undefined;
  } | null;
  readonly discord: {
    readonly token: string;
    readonly applicationId: string | undefined;
    readonly apiUrl: string | undefined;
  } | null;
  readonly admins: readonly string[];
  readonly logLevel: string;
  /** Test hook: read "now" from this file (an ISO instant) instead of the system clock. */
  readonly clockFile: string | undefined;
  /** Test hook: tick every this many milliseconds instead of every minute. */
  readonly tickMs: number | undefined;
  /** How long a CLI command (`bank import|export|list`, `migrate`) waits on the database in all. */
  readonly dbTimeoutMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'invalid configuration: SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)',
    );
  }
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    port: e.PORT,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          appToken: e.SLACK_APP_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          apiUrl: e.SLACK_API_URL,
        }
      : null,
    discord: e.DISCORD_TOKEN
      ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL }
      : null,
    admins: e.SA_QUIZ_ADMINS,
    logLevel: e.LOG_LEVEL,
    clockFile: e.SA_QUIZ_CLOCK_FILE,
    tickMs: e.SA_QUIZ_TICK_MS,
    dbTimeoutMs: e.SA_QUIZ_DB_TIMEOUT_MS,
  };
}
