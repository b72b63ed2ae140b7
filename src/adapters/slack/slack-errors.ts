import { webApi } from '@slack/bolt';
import { ChatError } from '../../core/ports.js';

/** Web API errors that mean the bot can no longer post in the channel. */
const CHANNEL_GONE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'channel_is_archived']);
/** Errors that mean the app lacks a permission an admin must grant. */
const FORBIDDEN = new Set([
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
  'team_access_not_granted',
]);

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

/** Classifies a failed Web API call for the core: pause the channel, or retry later. */
export function toChatError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  const code = platformErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code && CHANNEL_GONE.has(code)) return new ChatError('channel_gone', code);
  if (code && FORBIDDEN.has(code)) return new ChatError('forbidden', code);
  if (code === 'ratelimited' || isRateLimited(error)) return new ChatError('rate_limited', message);
  return new ChatError('transient', code ?? message);
}

/** Runs a Web API call, turning any failure into a ChatError. */
export async function chatCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toChatError(error);
  }
}
