/**
 * Platform failures in the core's terms. Every adapter turns each error of each platform call
 * into one of six kinds, plus a `problem` an admin can act on; the core decides from the kind
 * alone whether to retry, give up, or pause the channel and tell its admin.
 */

/**
 * - gone: the channel (or the bot's place in it) no longer exists: deleted, archived, bot removed.
 * - forbidden: the bot is there but lacks a permission or scope an admin must grant.
 * - unsupported: the channel is of a kind the bot cannot work in (forum, voice chat, DM).
 * - invalid_payload: the platform rejected what we sent; a bug of ours, never retried as it was.
 * - rate_limited: slow down; nothing was delivered.
 * - transient: a 5xx, a timeout, a lost connection; it may have been delivered.
 */
export type FailureKind =
  | 'gone'
  | 'forbidden'
  | 'unsupported'
  | 'invalid_payload'
  | 'rate_limited'
  | 'transient';

/** What exactly is wrong, in terms the message catalog turns into advice an admin can follow. */
export type Problem =
  /** The bot is not a member of the channel (Slack `not_in_channel`, Discord Missing Access). */
  | 'not_in_channel'
  | 'channel_archived'
  /** Deleted, or invisible to the bot. */
  | 'channel_not_found'
  /** The app was uninstalled or its token revoked. */
  | 'app_removed'
  /** `detail` names what is missing: Discord permission names, a Slack scope. */
  | 'missing_permission'
  /** The workspace restricts posting there (Slack `restricted_action`, EKM, read-only channels). */
  | 'posting_restricted'
  /** `detail` names the kind of channel (forum, media, voice, dm...). */
  | 'unsupported_channel'
  | 'invalid_payload'
  | 'rate_limited'
  | 'platform_error'
  /** One person cannot be shown a private message (not in the channel, deactivated): only theirs fails. */
  | 'recipient_unavailable';

export interface ChatErrorInfo {
  readonly problem?: Problem;
  /** What is missing or which kind of channel it is; shown to the admin as is. */
  readonly detail?: string;
  /** For rate_limited: how long the platform asked to wait. */
  readonly retryAfterMs?: number;
}

const DEFAULT_PROBLEM: Readonly<Record<FailureKind, Problem>> = {
  gone: 'channel_not_found',
  forbidden: 'missing_permission',
  unsupported: 'unsupported_channel',
  invalid_payload: 'invalid_payload',
  rate_limited: 'rate_limited',
  transient: 'platform_error',
};

/** A failed platform call, classified by the adapter that made it. */
export class ChatError extends Error {
  readonly problem: Problem;
  readonly detail: string;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly kind: FailureKind,
    message: string,
    info: ChatErrorInfo = {},
  ) {
    super(message);
    this.name = 'ChatError';
    this.problem = info.problem ?? DEFAULT_PROBLEM[kind];
    this.detail = info.detail ?? '';
    this.retryAfterMs = info.retryAfterMs;
  }
}

/** Any error as a ChatError: something an adapter did not classify may have been delivered. */
export function asChatError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  return new ChatError('transient', error instanceof Error ? error.message : String(error));
}

/** Gone, forbidden and unsupported do not go away by waiting: the channel waits for its admin. */
export function needsAdmin(kind: FailureKind): boolean {
  return kind === 'gone' || kind === 'forbidden' || kind === 'unsupported';
}

/** Only a transient failure may have reached the platform: look before sending again. */
export function mayHaveBeenDelivered(kind: FailureKind): boolean {
  return kind === 'transient';
}
