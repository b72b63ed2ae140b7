import type { App } from '@slack/bolt';
import { forRequest, type SlackContext, slackAddress } from './slack-context.js';

/**
 * Votes for the best answer: `reaction_added` / `reaction_removed` on a message. Whether it is
 * the channel's vote emoji, a counted answer of an open round, and not the author's own is the
 * core's call (src/core/votes.ts); bots are asked of Slack once per user (users.info). Adding is
 * idempotent, so a retried delivery changes nothing; the reaction events carry no thread, so the
 * core finds the answer by its message among the channel's open rounds.
 */

type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

export function registerVotes(app: App, base: SlackContext): void {
  for (const [type, add] of [
    ['reaction_added', true],
    ['reaction_removed', false],
  ] as const)
    app.event(type, async ({ event, body, context }) => {
      const ctx = forRequest(base, context);
      const e = fields(event);
      const item = fields(e.item);
      const user = typeof e.user === 'string' ? e.user : '';
      const reaction = typeof e.reaction === 'string' ? e.reaction : '';
      const channel = typeof item.channel === 'string' ? item.channel : '';
      const ts = typeof item.ts === 'string' ? item.ts : '';
      if (item.type !== 'message' || !user || !channel || !ts || user === context.botUserId) return;
      await ctx.quiz.vote(slackAddress(body.team_id, channel), {
        messageRef: ts,
        voterId: user,
        // A skin tone is the same vote: `star::skin-tone-2`.
        emoji: reaction.split('::')[0] ?? '',
        add,
        voterIsBot: () => ctx.users.isBot(user),
      });
    });
}
