import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import { ChatError, type ChatErrorInfo, type FailureKind } from '../../core/failures.js';

/**
 * Discord errors (JSON `code`, see discord-api-types' RESTJSONErrorCodes) in the core's terms.
 * What a code means can depend on the call: Missing Access on a channel means the bot cannot see
 * it, in a thread it means the bot may not write there.
 */

/** Which call failed: the permissions it needs name what an admin must grant. */
export type DiscordCall = 'post' | 'thread' | 'thread_post' | 'history' | 'dm';

/** The permissions each call needs (PermissionsString names, as the Discord client labels them). */
export const NEEDED: Readonly<Record<DiscordCall, readonly string[]>> = {
  post: ['ViewChannel', 'SendMessages', 'EmbedLinks'],
  thread: ['CreatePublicThreads'],
  thread_post: ['SendMessagesInThreads', 'EmbedLinks'],
  history: ['ViewChannel', 'ReadMessageHistory'],
  dm: [],
};

const C = RESTJSONErrorCodes;

const UNSUPPORTED = new Set<number>([
  C.CannotSendMessagesInNonTextChannel,
  C.CannotExecuteActionOnThisChannelType,
  C.CannotExecuteActionOnDMChannel,
  C.CannotSendAMessageInAForumChannel,
  C.TagRequiredToCreateAForumPostInThisChannel,
]);

const INVALID = new Set<number>([C.InvalidFormBodyOrContentType, C.CannotSendAnEmptyMessage, C.InvalidRole]);

function error(kind: FailureKind, message: string, info: ChatErrorInfo = {}): ChatError {
  return new ChatError(kind, message, info);
}

/** What a failed call's cache look-up knows about its channel. */
export interface ChannelFacts {
  /** Which of the call's permissions the bot lacks there. */
  readonly missing?: readonly string[] | null;
  /** The kind of channel rounds cannot run in (`voice`, `forum`...), when it is one. */
  readonly kind?: string | null;
}

/**
 * Classifies a failed REST call. `facts` are what discord.js's cache knows of the channel, to
 * name what is missing or which kind of channel refused.
 */
export function toChatError(failure: unknown, call: DiscordCall, facts: ChannelFacts = {}): ChatError {
  const missing = facts.missing ?? null;
  if (failure instanceof ChatError) return failure;
  const message = failure instanceof Error ? failure.message : String(failure);
  const lacking = (missing && missing.length > 0 ? missing : NEEDED[call]).join(',');
  if (failure instanceof RateLimitError)
    return error('rate_limited', message, { retryAfterMs: failure.retryAfter });
  if (failure instanceof DiscordAPIError) {
    const code = typeof failure.code === 'number' ? failure.code : -1;
    if (code === C.UnknownChannel || code === C.UnknownGuild)
      return error('gone', message, { problem: 'channel_not_found' });
    if (code === C.MissingAccess)
      return call === 'thread_post'
        ? error('forbidden', message, { problem: 'missing_permission', detail: lacking })
        : error('gone', message, { problem: 'not_in_channel' });
    if (code === C.MissingPermissions || code === C.CannotReplyWithoutPermissionToReadMessageHistory)
      return error('forbidden', message, { problem: 'missing_permission', detail: lacking });
    if (code === C.CannotSendMessagesToThisUser)
      return error('forbidden', message, { problem: 'posting_restricted', detail: 'dm' });
    if (code === C.MessageWasBlockedByAutomaticModeration || code === C.TitleWasBlockedByAutomaticModeration)
      return error('forbidden', message, { problem: 'posting_restricted', detail: 'automod' });
    if (UNSUPPORTED.has(code)) {
      // 40058 itself says forum; otherwise the cache says which kind (voice, stage...), if it knows.
      const kind = facts.kind ?? (code === C.CannotSendAMessageInAForumChannel ? 'forum' : '');
      return error('unsupported', message, { problem: 'unsupported_channel', detail: kind });
    }
    if (INVALID.has(code)) return error('invalid_payload', message, { detail: `Discord ${code}` });
    if (failure.status === 429) return error('rate_limited', message);
    if (failure.status === 401) return error('gone', message, { problem: 'app_removed' });
    if (failure.status === 403)
      return error('forbidden', message, { problem: 'missing_permission', detail: lacking });
    if (failure.status >= 400 && failure.status < 500)
      return error('invalid_payload', message, { detail: `Discord ${code} (HTTP ${failure.status})` });
  }
  if (failure instanceof HTTPError) return error('transient', message, { detail: `HTTP ${failure.status}` });
  return error('transient', message);
}

/** The JSON error code of a failed call, if Discord sent one. */
export function apiCode(failure: unknown): number | null {
  return failure instanceof DiscordAPIError && typeof failure.code === 'number' ? failure.code : null;
}
