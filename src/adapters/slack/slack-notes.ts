import type { webApi } from '@slack/bolt';
import { ChatError } from '../../core/failures.js';
import type { Logger } from '../../core/logger.js';
import type { Channel, Round } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { plainVersion, renderMessages, type SlackMessage } from './slack-blocks.js';
import { platformErrorCode, toChatError, waitingOutRateLimits } from './slack-errors.js';

/** Refusals that concern one person (not in the channel, deactivated), not the channel. */
export const UNREACHABLE_PERSON: ReadonlySet<string> = new Set([
  'user_not_in_channel',
  'user_not_found',
  'user_disabled',
]);

/**
 * Each answerer's private feedback note on Slack: an ephemeral message (`chat.postEphemeral`) in
 * the round's thread, which only they see, rendered as Block Kit with its text fallback. The core
 * attempts each note once; what a refusal means here:
 * - `user_not_in_channel` (and a deactivated or unknown user): that person only; the next note is
 *   tried. They can still press the reveal's button once they are back.
 * - `invalid_blocks` and other payload errors: the same note goes out once more as plain text;
 *   if that is refused too it is given up (a bug of ours), the next note is tried.
 * - a 429: waited out (Retry-After, a few times); past that the core stops the round's notes.
 * - a 5xx or a timeout: it may have been shown. Ephemeral messages cannot be looked up, so it is
 *   never sent again; the core stops the round's notes (the platform is unwell).
 * - `channel_not_found`, `is_archived`, `not_in_channel`, missing scopes, restrictions: the channel
 *   refuses everyone. The core stops the round's notes (anything but `recipient_unavailable` or an
 *   invalid payload stops them), and the channel's next post finds the problem and tells its admin.
 */
export class SlackNotes {
  /** @param client a client that never retries by itself and rejects 429s (the post client) */
  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
  ) {}

  async send(channel: Channel, round: Round, userId: string, note: View): Promise<void> {
    const thread = round.messageRef;
    if (!thread) throw new ChatError('invalid_payload', `round ${round.id} was never posted`);
    try {
      for (const message of renderMessages(note))
        await this.postOrPlain(channel.externalId, userId, thread, message);
    } catch (error) {
      throw refusal(error);
    }
  }

  /** One ephemeral message; Block Kit first, plain text once more when Slack rejects the blocks. */
  private async postOrPlain(channel: string, user: string, thread: string, message: SlackMessage) {
    try {
      await this.post(channel, user, thread, message);
    } catch (error) {
      if (toChatError(error).kind !== 'invalid_payload' || message.blocks.length === 0) throw error;
      this.log.error(
        { channel, err: toChatError(error).message },
        'Slack rejected the blocks of a feedback note (a bug in sa-quiz); sending it as plain text',
      );
      await this.post(channel, user, thread, { text: plainVersion(message), blocks: [] });
    }
  }

  private async post(channel: string, user: string, thread: string, message: SlackMessage) {
    await waitingOutRateLimits(
      () =>
        this.client.chat.postEphemeral({
          channel,
          user,
          thread_ts: thread,
          text: message.text,
          ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
        }),
      (retryAfter) =>
        this.log.warn(
          { channel, retryAfter },
          'Slack rate limit: waiting Retry-After before a feedback note',
        ),
    );
  }
}

/** A refusal in the core's terms: one person's, or the channel's or platform's. */
function refusal(error: unknown): ChatError {
  const code = platformErrorCode(error);
  if (code && UNREACHABLE_PERSON.has(code))
    return new ChatError('gone', code, { problem: 'recipient_unavailable', detail: code });
  return toChatError(error);
}
