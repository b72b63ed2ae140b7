import { messages } from '../../core/i18n/catalog.js';
import type { Logger } from '../../core/logger.js';
import type { Quiz, ReplyOutcome } from '../../core/quiz.js';
import { channelRef, view } from '../../core/views.js';
import type { DiscordChat } from './discord-chat.js';

type Recorded = Extract<ReplyOutcome, { kind: 'recorded' }>;

export interface ReplyHintsDeps {
  readonly quiz: Quiz;
  readonly chat: Pick<DiscordChat, 'directMessage'>;
  readonly logger: Logger;
}

/**
 * Private hints for thread replies whose fate a reaction cannot tell. ✅ (it counts) and ⏰ (the
 * deadline had passed) speak for themselves. A second reply by someone who already answered is
 * kept but does not count, and no emoji can say "only your first answer counts: edit it
 * instead". Discord has no ephemeral messages outside interactions, so that person gets a DM,
 * once per round: the database remembers it was sent (`firstDelivery`), so neither a restart
 * nor a second replica repeats it, and a third reply says nothing more. Someone who does not
 * accept DMs from server members (50007) is not told, silently: that is their choice. A public
 * reaction on every extra reply was rejected: everyone sees it, it needs a legend, and it
 * repeats with each reply.
 */
export class ReplyHints {
  constructor(private readonly deps: ReplyHintsDeps) {}

  /** After a reply was recorded in `threadId`: a DM for its author when it did not count as their answer. */
  async afterReply(userId: string, threadId: string, threadName: string, outcome: Recorded): Promise<void> {
    if (outcome.status !== 'extra') return;
    const { quiz, chat, logger } = this.deps;
    if (!(await quiz.firstDelivery('discord', `hint:extra:${outcome.round.id}:${userId}`))) return;
    const m = messages(outcome.channel.locale);
    const hint = view('info', '', [
      { kind: 'text', text: [m.answerExtra, '\n', channelRef(threadId, threadName)] },
    ]);
    const fields = { channelId: outcome.channel.id, roundId: outcome.round.id };
    try {
      if ((await chat.directMessage(userId, hint)) === 'refused')
        logger.info(fields, 'extra reply: its author does not accept DMs; not told');
    } catch (error) {
      logger.warn(
        { ...fields, err: error instanceof Error ? error.message : String(error) },
        'could not DM the hint about an extra reply',
      );
    }
  }
}
