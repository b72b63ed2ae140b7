import type { ReplyOutcome } from '../../core/replies.js';
import type { SlackContext } from './slack-context.js';

/** Answers waiting for their author's name, by user: one lookup names them all. */
const awaiting = new WeakMap<SlackContext, Map<string, number[]>>();

/**
 * An answer stored without its author's name (not cached yet) gets it from `users.info` after
 * the ack: a slow or rate-limited lookup never holds the 3 s window. Someone who sends six
 * replies before the lookup ran is looked up once.
 */
export function nameLater(ctx: SlackContext, outcome: ReplyOutcome, userId: string): void {
  if (outcome.kind !== 'recorded' || ctx.users.knownName(userId) !== '') return;
  const waiting = awaiting.get(ctx) ?? new Map<string, number[]>();
  awaiting.set(ctx, waiting);
  const answers = waiting.get(userId);
  if (answers) {
    answers.push(outcome.answerId);
    return;
  }
  const pending = [outcome.answerId];
  waiting.set(userId, pending);
  ctx.courtesy.run(
    outcome.channel.workspaceExternalId,
    'users.info',
    'answer author name lookup failed',
    async () => {
      try {
        const name = await ctx.users.nameOf(userId);
        waiting.delete(userId); // answers stored from now on are named from the cache
        if (name !== '') await ctx.quiz.nameAnswerAuthors(pending, name);
      } finally {
        waiting.delete(userId);
      }
    },
  );
}
