import { z } from 'zod';
import { type DiscordShards, parseDiscordShards } from './discord-shards.js';
import { CipherKeyError, TokenCipher } from './secrets/token-cipher.js';

/** Environment → typed, validated configuration. Every problem is reported in one line. */

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Which grader marks answers: the deterministic one, or an LLM in front of it. */
export const GRADERS = ['keywords', 'bedrock', 'openai'] as const;
export type GraderKind = (typeof GRADERS)[number];

/**
 * Claude Haiku 4.5 through Bedrock's global cross-Region inference profile (checked against the
 * AWS model card, 2026-12-02): fast, cheap, good at Korean; Claude 4.x models on Bedrock are only
 * invoked through an inference profile.
 */
export const DEFAULT_BEDROCK_MODEL_ID = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';

// Model ids (`anthropic.claude-…-v1:0`), inference profile ids (`global.…`) and ARNs.
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,2047}$/;

function isHttpUrl(v: string | undefined): boolean {
  if (v === undefined) return true;
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

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
  // Distribution mode: many workspaces install the app through Slack's OAuth flow.
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SA_QUIZ_ENCRYPTION_KEY: optional,
  SA_QUIZ_ENCRYPTION_OLD_KEYS: optional,
  DISCORD_TOKEN: optional,
  DISCORD_APPLICATION_ID: optional,
  DISCORD_API_URL: optional,
  DISCORD_SHARD_COUNT: optional,
  DISCORD_SHARD_IDS: optional,
  SA_QUIZ_ADMINS: optional.transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ),
  LOG_LEVEL: optional.transform((v) => v ?? 'info'),
  SA_QUIZ_GRADER: optional
    .transform((v) => v ?? 'keywords')
    .refine((v) => (GRADERS as readonly string[]).includes(v), `must be one of ${GRADERS.join(', ')}`)
    .transform((v) => v as GraderKind),
  SA_QUIZ_BEDROCK_MODEL_ID: optional.refine(
    (v) => v === undefined || MODEL_ID.test(v),
    'must be a Bedrock model id, inference profile id or ARN',
  ),
  SA_QUIZ_BEDROCK_REGION: optional.refine(
    (v) => v === undefined || /^[a-z]{2}(-[a-z]+)+-\d+$/.test(v),
    'must be an AWS Region such as ap-northeast-2',
  ),
  SA_QUIZ_BEDROCK_ENDPOINT: optional.refine(isHttpUrl, 'must be an http(s) URL'),
  SA_QUIZ_OPENAI_BASE_URL: optional.refine(isHttpUrl, 'must be an http(s) URL'),
  SA_QUIZ_OPENAI_MODEL: optional,
  SA_QUIZ_OPENAI_API_KEY: optional,
  SA_QUIZ_GRADER_TIMEOUT_MS: optional
    .transform((v) => (v === undefined ? 8000 : Number(v)))
    .refine(
      (v) => Number.isInteger(v) && v >= 50 && v <= 120_000,
      'must be a number of milliseconds from 50 to 120000',
    ),
  SA_QUIZ_DB_TIMEOUT_MS: optional
    .transform((v) => (v === undefined ? 60_000 : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= 100, 'must be a number of milliseconds >= 100'),
  SA_QUIZ_UNINSTALL_GRACE_DAYS: optional
    .transform((v) => (v === undefined ? 30 : /^\d+$/.test(v) ? Number(v) : Number.NaN))
    .refine((v) => Number.isSafeInteger(v) && v >= 0, 'must be a whole number of days >= 0'),
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
    /** One workspace (SLACK_BOT_TOKEN); undefined in distribution mode. */
    readonly botToken: string | undefined;
    /** Distribution mode (SLACK_CLIENT_ID...): installations through OAuth, HTTP receiver only. */
    readonly oauth: SlackOAuthConfig | undefined;
    readonly appToken: string | undefined;
    readonly signingSecret: string | undefined;
    readonly apiUrl: string | undefined;
  } | null;
  readonly discord: {
    readonly token: string;
    readonly applicationId: string | undefined;
    readonly apiUrl: string | undefined;
    /** DISCORD_SHARD_COUNT / DISCORD_SHARD_IDS; default one shard, [0, 1] (src/discord-shards.ts). */
    readonly shards: DiscordShards;
  } | null;
  readonly admins: readonly string[];
  readonly logLevel: string;
  /** Test hook: read "now" from this file (an ISO instant) instead of the system clock. */
  readonly clockFile: string | undefined;
  /** Test hook: tick every this many milliseconds instead of every minute. */
  readonly tickMs: number | undefined;
  /** How long a CLI command (`bank import|export|list`, `migrate`) waits on the database in all. */
  readonly dbTimeoutMs: number;
  /** Which grader marks answers; an LLM only when SA_QUIZ_GRADER names one. */
  readonly grader: GraderConfig;
  /** Days an uninstalled workspace's data is kept before it is deleted (SA_QUIZ_UNINSTALL_GRACE_DAYS, 30). */
  readonly uninstallGraceDays: number;
}

/**
 * The grader settings. `keywords` (the default) sends nothing anywhere; `bedrock` and `openai`
 * send each graded answer with its question to the model, within `timeoutMs`.
 */
export type GraderConfig =
  | { readonly kind: 'keywords' }
  | {
      readonly kind: 'bedrock';
      readonly modelId: string;
      /** undefined: the AWS SDK's own chain (AWS_REGION, the shared config file...). */
      readonly region: string | undefined;
      /** An endpoint override (a proxy, a VPC endpoint, tests); undefined: the Region's. */
      readonly endpoint: string | undefined;
      readonly timeoutMs: number;
    }
  | {
      readonly kind: 'openai';
      readonly baseUrl: string;
      readonly model: string;
      /** undefined: no Authorization header (a self-hosted server without keys). */
      readonly apiKey: string | undefined;
      readonly timeoutMs: number;
    };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface SlackOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  /** SA_QUIZ_ENCRYPTION_KEY (seals installations) and SA_QUIZ_ENCRYPTION_OLD_KEYS (still open). */
  readonly encryptionKey: string;
  readonly oldEncryptionKeys: string;
}

/** Distribution mode's settings, or undefined without SLACK_CLIENT_ID; what cannot work is a ConfigError. */
function slackOAuth(e: z.infer<typeof schema>): SlackOAuthConfig | undefined {
  if (!e.SLACK_CLIENT_ID) return undefined;
  const problem = (text: string): never => {
    throw new ConfigError(`invalid configuration: ${text}`);
  };
  if (e.SLACK_BOT_TOKEN)
    problem('set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (distribution mode), not both');
  if (e.SLACK_APP_TOKEN)
    problem('distribution mode (SLACK_CLIENT_ID) runs on the HTTP receiver: unset SLACK_APP_TOKEN');
  const missing = (
    [
      ['SLACK_CLIENT_SECRET', e.SLACK_CLIENT_SECRET],
      ['SLACK_STATE_SECRET', e.SLACK_STATE_SECRET],
      ['SLACK_SIGNING_SECRET', e.SLACK_SIGNING_SECRET],
      ['SA_QUIZ_ENCRYPTION_KEY', e.SA_QUIZ_ENCRYPTION_KEY],
    ] as const
  )
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0)
    problem(
      `SLACK_CLIENT_ID (distribution mode) also needs ${missing.join(', ')} (see README, many workspaces)`,
    );
  const encryptionKey = e.SA_QUIZ_ENCRYPTION_KEY ?? '';
  const oldEncryptionKeys = e.SA_QUIZ_ENCRYPTION_OLD_KEYS ?? '';
  try {
    TokenCipher.fromConfig(encryptionKey, oldEncryptionKeys);
  } catch (error) {
    if (error instanceof CipherKeyError) problem(error.message);
    throw error;
  }
  return {
    clientId: e.SLACK_CLIENT_ID,
    clientSecret: e.SLACK_CLIENT_SECRET ?? '',
    stateSecret: e.SLACK_STATE_SECRET ?? '',
    encryptionKey,
    oldEncryptionKeys,
  };
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const oauth = slackOAuth(e);
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'invalid configuration: SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)',
    );
  }
  return {
    grader: graderConfig(e),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    port: e.PORT,
    slack:
      e.SLACK_BOT_TOKEN || oauth
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            oauth,
            appToken: e.SLACK_APP_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            apiUrl: e.SLACK_API_URL,
          }
        : null,
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID,
          apiUrl: e.DISCORD_API_URL,
          shards: discordShards(e.DISCORD_SHARD_COUNT, e.DISCORD_SHARD_IDS),
        }
      : null,
    admins: e.SA_QUIZ_ADMINS,
    logLevel: e.LOG_LEVEL,
    clockFile: e.SA_QUIZ_CLOCK_FILE,
    tickMs: e.SA_QUIZ_TICK_MS,
    dbTimeoutMs: e.SA_QUIZ_DB_TIMEOUT_MS,
    uninstallGraceDays: e.SA_QUIZ_UNINSTALL_GRACE_DAYS,
  };
}

/** The Discord shards this process runs; a setting that cannot work is a ConfigError saying why. */
function discordShards(count: string | undefined, ids: string | undefined): DiscordShards {
  const parsed = parseDiscordShards(count, ids);
  if (!parsed.ok) throw new ConfigError(`invalid configuration: ${parsed.problem}`);
  return parsed.shards;
}

function graderConfig(e: z.infer<typeof schema>): GraderConfig {
  const timeoutMs = e.SA_QUIZ_GRADER_TIMEOUT_MS;
  switch (e.SA_QUIZ_GRADER) {
    case 'keywords':
      return { kind: 'keywords' };
    case 'bedrock':
      return {
        kind: 'bedrock',
        modelId: e.SA_QUIZ_BEDROCK_MODEL_ID ?? DEFAULT_BEDROCK_MODEL_ID,
        region: e.SA_QUIZ_BEDROCK_REGION,
        endpoint: e.SA_QUIZ_BEDROCK_ENDPOINT,
        timeoutMs,
      };
    case 'openai': {
      const missing = [
        e.SA_QUIZ_OPENAI_BASE_URL ? null : 'SA_QUIZ_OPENAI_BASE_URL',
        e.SA_QUIZ_OPENAI_MODEL ? null : 'SA_QUIZ_OPENAI_MODEL',
      ].filter((m) => m !== null);
      if (!e.SA_QUIZ_OPENAI_BASE_URL || !e.SA_QUIZ_OPENAI_MODEL) {
        throw new ConfigError(
          `invalid configuration: SA_QUIZ_GRADER=openai needs ${missing.join(' and ')} (the server's /v1 URL and a model name)`,
        );
      }
      return {
        kind: 'openai',
        baseUrl: e.SA_QUIZ_OPENAI_BASE_URL,
        model: e.SA_QUIZ_OPENAI_MODEL,
        apiKey: e.SA_QUIZ_OPENAI_API_KEY,
        timeoutMs,
      };
    }
  }
}
