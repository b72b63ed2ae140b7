import { webApi } from '@slack/bolt';
import { ChatError, type ChatErrorInfo, type FailureKind } from '../../core/failures.js';

/**
 * Slack Web API errors (`{ok: false, error}`) in the core's terms, per the methods' documented
 * errors. Anything not listed is treated as transient: it may have been delivered.
 */
const CLASSES: Readonly<Record<string, readonly [FailureKind, ChatErrorInfo['problem']]>> = {
  not_in_channel: ['gone', 'not_in_channel'],
  channel_not_found: ['gone', 'channel_not_found'],
  is_archived: ['gone', 'channel_archived'],
  channel_is_archived: ['gone', 'channel_archived'],
  account_inactive: ['gone', 'app_removed'],
  token_revoked: ['gone', 'app_removed'],
  token_expired: ['gone', 'app_removed'],
  invalid_auth: ['gone', 'app_removed'],
  not_authed: ['gone', 'app_removed'],
  missing_scope: ['forbidden', 'missing_permission'],
  not_allowed_token_type: ['forbidden', 'missing_permission'],
  restricted_action: ['forbidden', 'posting_restricted'],
  restricted_action_read_only_channel: ['forbidden', 'posting_restricted'],
  restricted_action_thread_only_channel: ['forbidden', 'posting_restricted'],
  restricted_action_non_threadable_channel: ['forbidden', 'posting_restricted'],
  restricted_action_thread_locked: ['forbidden', 'posting_restricted'],
  ekm_access_denied: ['forbidden', 'posting_restricted'],
  team_access_not_granted: ['forbidden', 'posting_restricted'],
  cannot_reply_to_message: ['forbidden', 'posting_restricted'],
  method_not_supported_for_channel_type: ['unsupported', 'unsupported_channel'],
  cannot_dm_bot: ['unsupported', 'unsupported_channel'],
  invalid_blocks: ['invalid_payload', 'invalid_payload'],
  invalid_blocks_format: ['invalid_payload', 'invalid_payload'],
  msg_blocks_too_long: ['invalid_payload', 'invalid_payload'],
  msg_too_long: ['invalid_payload', 'invalid_payload'],
  no_text: ['invalid_payload', 'invalid_payload'],
  invalid_arguments: ['invalid_payload', 'invalid_payload'],
  invalid_arg_name: ['invalid_payload', 'invalid_payload'],
  invalid_array_arg: ['invalid_payload', 'invalid_payload'],
  invalid_metadata_format: ['invalid_payload', 'invalid_payload'],
  invalid_metadata_schema: ['invalid_payload', 'invalid_payload'],
  metadata_too_large: ['invalid_payload', 'invalid_payload'],
  too_many_attachments: ['invalid_payload', 'invalid_payload'],
  ratelimited: ['rate_limited', 'rate_limited'],
};

/** The `error` string of a Web API platform error (`{ok: false, error}`), if it is one. */
export function platformErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, data } = error as { code?: unknown; data?: { error?: unknown } };
  if (code !== webApi.ErrorCode.PlatformError) return undefined;
  return typeof data?.error === 'string' ? data.error : undefined;
}

function isRateLimited(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError) return true;
  // After its retries run out, the client rethrows its own "A rate limit was exceeded" error.
  return error instanceof Error && /rate limit was exceeded/i.test(error.message);
}

/** Seconds a 429 asks to wait (the client's rate-limited error), or null for any other error. */
export function rateLimitDelaySeconds(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  if (code !== webApi.ErrorCode.RateLimitedError) return null;
  return typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : 1;
}

/** The scope Slack says a `missing_scope` call needed. */
function neededScope(error: unknown): string {
  const needed = (error as { data?: { needed?: unknown } }).data?.needed;
  return typeof needed === 'string' ? needed : '';
}

/** Classifies a failed Web API call for the core. */
export function toChatError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  const code = platformErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const known = code ? CLASSES[code] : undefined;
  if (known) {
    const [kind, problem] = known;
    const detail =
      code === 'missing_scope' ? neededScope(error) : kind === 'invalid_payload' ? (code ?? '') : '';
    return new ChatError(kind, code ?? message, { ...(problem ? { problem } : {}), detail });
  }
  if (isRateLimited(error)) {
    const seconds = rateLimitDelaySeconds(error);
    return new ChatError('rate_limited', message, seconds === null ? {} : { retryAfterMs: seconds * 1000 });
  }
  return new ChatError('transient', code ?? message, { detail: code ?? '' });
}

/** Runs a Web API call, turning any failure into a ChatError. */
export async function chatCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toChatError(error);
  }
}

/** How often, and how long at most, a call that creates a message waits out a 429 before giving up. */
const MAX_RATE_LIMIT_WAITS = 3;
const MAX_RATE_LIMIT_WAIT_S = 60;

/**
 * Runs a call that creates a message: a 429 (nothing was posted) waits its Retry-After and tries
 * again, a few times and never for long; any other failure, or a 429 past that, is rethrown as
 * the client threw it. `onWait` is told each wait, for the log.
 */
export async function waitingOutRateLimits<T>(
  call: () => Promise<T>,
  onWait: (retryAfterSeconds: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryAfter = rateLimitDelaySeconds(error);
      if (retryAfter === null || attempt >= MAX_RATE_LIMIT_WAITS || retryAfter > MAX_RATE_LIMIT_WAIT_S)
        throw error;
      onWait(retryAfter);
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    }
  }
}
