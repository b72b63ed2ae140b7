import type { ReplyOutcome } from '../../core/replies.js';
import type { SlackContext } from './slack-context.js';

/**
 * An answer stored without its author's name (not cached yet) gets it from `users.info` after
 * the ack: a slow or rate-limited lookup never holds the 3 s window.
 */
export function nameLater(ctx: SlackContext, outcome: ReplyOutcome, userId: string): void {
  if (outcome.kind !== 'recorded' || ctx.users.knownName(userId) !== '') return;
  const { answerId } = outcome;
  ctx.inFlight.spawn('answer author name lookup failed', async () => {
    const name = await ctx.users.nameOf(userId);
    if (name !== '') await ctx.quiz.nameAnswerAuthor(answerId, name);
  });
}
