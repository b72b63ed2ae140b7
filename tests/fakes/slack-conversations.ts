/**
 * The fake Slack's workspace and its messages as the Web API reads them back: who the bot is,
 * how a stored message looks in `conversations.history` and `conversations.replies` (newest or
 * oldest first, paged, metadata only when asked for). Used by the Web API answers (slack-web-api.ts).
 */

export const TEAM_ID = 'T0SAQUIZ';
export const TEAM_DOMAIN = 'sa-quiz-test';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-test-app-token';
export const BOT_USER_ID = 'U0BOT';
export const BOT_ID = 'B0BOT';
/** The app's id (`api_app_id` in payloads, `app_id` on its messages and in OAuth answers). */
export const APP_ID = 'A0SAQUIZ';

/** Slack message metadata (`chat.postMessage`'s `metadata` argument). */
export interface MessageMetadata {
  readonly event_type: string;
  readonly event_payload: Readonly<Record<string, unknown>>;
}

/** A message the fake accepted with `chat.postMessage`, as Slack keeps it. */
export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  /** The thread it was posted in (undefined for a channel message). */
  readonly threadTs: string | undefined;
  /** A thread reply also sent to the channel (`reply_broadcast`). */
  readonly replyBroadcast: boolean;
  /** Text and blocks as last set (`chat.update` replaces them). */
  readonly text: string;
  readonly blocks: unknown;
  readonly metadata: MessageMetadata | undefined;
  /** How many times `chat.update` changed it. */
  readonly edits: number;
  /** A person who wrote it (`userReply`); undefined for the bot's own messages. */
  readonly author?: string;
  /** `Date.now()` when it was posted. */
  readonly at: number;
  /** The workspace it was posted in (undefined: the default team). */
  readonly team?: string;
}

/** Who the bot is in a team: how its own messages are signed. */
export interface BotIdentity {
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
}

const DEFAULT_BOT: BotIdentity = { teamId: TEAM_ID, botUserId: BOT_USER_ID, botId: BOT_ID };

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A Slack `ts` (`seconds.micros`) as one comparable integer. */
export function tsKey(ts: string): bigint {
  const [seconds = '0', fraction = ''] = ts.trim().split('.');
  if (!/^\d+$/.test(seconds) || !/^\d*$/.test(fraction)) return -1n;
  return BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

export function isMetadata(value: unknown): value is MessageMetadata {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.event_type === 'string' &&
    m.event_type !== '' &&
    typeof m.event_payload === 'object' &&
    m.event_payload !== null &&
    !Array.isArray(m.event_payload)
  );
}

/** A stored message as the Web API returns it (metadata only when asked for). */
export function asSlackMessage(
  m: PostedMessage,
  withMetadata: boolean,
  bot: BotIdentity = DEFAULT_BOT,
): Record<string, unknown> {
  return {
    type: 'message',
    ts: m.ts,
    text: m.text,
    ...(m.author ? { user: m.author } : { user: bot.botUserId, bot_id: bot.botId, app_id: APP_ID }),
    team: bot.teamId,
    ...(m.blocks === undefined ? {} : { blocks: m.blocks }),
    ...(m.threadTs === undefined ? {} : { thread_ts: m.threadTs }),
    ...(m.edits > 0 ? { edited: { user: bot.botUserId, ts: m.ts } } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

/**
 * `conversations.history`: the channel's messages (thread replies only when broadcast), newest
 * first, within `oldest`/`latest` (exclusive unless `inclusive`), `limit` per page (default 100)
 * with a cursor; message metadata only with `include_all_metadata`.
 */
export function historyOf(
  posted: readonly PostedMessage[],
  body: Readonly<Record<string, unknown>>,
  bot: BotIdentity = DEFAULT_BOT,
): Record<string, unknown> {
  const param = (key: string): string | undefined => {
    const value = body[key];
    if (typeof value === 'number') return String(value);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const channel = param('channel') ?? '';
  const inclusive = isTrue(body.inclusive);
  const oldestParam = param('oldest');
  const latestParam = param('latest');
  const oldest = oldestParam === undefined ? undefined : tsKey(oldestParam);
  const latest = latestParam === undefined ? undefined : tsKey(latestParam);
  const limit = Math.min(Math.max(Number(param('limit') ?? '100') || 100, 1), 999);
  const cursor = param('cursor');
  const offset = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8')) || 0 : 0;
  const inWindow = (m: PostedMessage): boolean => {
    const key = tsKey(m.ts);
    if (oldest !== undefined && (inclusive ? key < oldest : key <= oldest)) return false;
    if (latest !== undefined && (inclusive ? key > latest : key >= latest)) return false;
    return true;
  };
  const found = posted
    .filter((m) => m.channel === channel && (m.threadTs === undefined || m.replyBroadcast) && inWindow(m))
    .sort((a, b) => (tsKey(a.ts) < tsKey(b.ts) ? 1 : -1));
  const page = found.slice(offset, offset + limit);
  const hasMore = offset + limit < found.length;
  const withMetadata = isTrue(body.include_all_metadata);
  return {
    ok: true,
    messages: page.map((m) => asSlackMessage(m, withMetadata, bot)),
    has_more: hasMore,
    pin_count: 0,
    response_metadata: {
      next_cursor: hasMore ? Buffer.from(String(offset + limit)).toString('base64') : '',
    },
  };
}

/**
 * `conversations.replies`: the thread's parent then its replies, oldest first, within
 * `oldest`/`latest` (exclusive unless `inclusive`), `limit` per page with a cursor; message
 * metadata only with `include_all_metadata`. `pageCap` is the most Slack returns per page: 15
 * for apps outside the Marketplace since 2025 (Tier 1, 15 objects), 1000 otherwise.
 */
export function repliesOf(
  posted: readonly PostedMessage[],
  body: Readonly<Record<string, unknown>>,
  pageCap = 1000,
  bot: BotIdentity = DEFAULT_BOT,
): Record<string, unknown> {
  const channel = typeof body.channel === 'string' ? body.channel : '';
  const ts = typeof body.ts === 'string' ? body.ts : '';
  const parent = posted.find((m) => m.channel === channel && m.ts === ts);
  if (!parent) return { ok: false, error: 'thread_not_found' };
  const str = (key: string): string | undefined => {
    const value = body[key];
    return typeof value === 'string' && value !== ''
      ? value
      : typeof value === 'number'
        ? String(value)
        : undefined;
  };
  const inclusive = isTrue(body.inclusive);
  const oldest = str('oldest') === undefined ? undefined : tsKey(str('oldest') ?? '');
  const latest = str('latest') === undefined ? undefined : tsKey(str('latest') ?? '');
  const inWindow = (m: PostedMessage): boolean => {
    const key = tsKey(m.ts);
    if (oldest !== undefined && (inclusive ? key < oldest : key <= oldest)) return false;
    if (latest !== undefined && (inclusive ? key > latest : key >= latest)) return false;
    return true;
  };
  const limit = Math.min(Math.max(Number(body.limit ?? '1000') || 1000, 1), pageCap);
  const cursor = str('cursor');
  const offset = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8')) || 0 : 0;
  const thread = [parent, ...posted.filter((m) => m.channel === channel && m.threadTs === ts)].filter(
    inWindow,
  );
  const hasMore = offset + limit < thread.length;
  const withMetadata = isTrue(body.include_all_metadata);
  return {
    ok: true,
    messages: thread.slice(offset, offset + limit).map((m) => asSlackMessage(m, withMetadata, bot)),
    has_more: hasMore,
    response_metadata: { next_cursor: hasMore ? Buffer.from(String(offset + limit)).toString('base64') : '' },
  };
}
