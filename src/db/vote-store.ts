import { and, count, eq, gt } from 'drizzle-orm';
import type { VoteStore } from '../core/votes.js';
import type { Db } from './open-database.js';
import { answers, answerVotes, channels, rounds, workspaces } from './schema.js';

export function voteStore(db: Db): VoteStore {
  return {
    async voteTarget(address, messageRef, emoji, now) {
      // One round trip: the channel (subscribed, this emoji), its rounds still open at `now` and
      // the answer posted as `messageRef` (answers_round_message) — or nothing.
      const [row] = await db
        .select({ answerId: answers.id, status: answers.status, authorId: answers.userId })
        .from(answers)
        .innerJoin(rounds, eq(rounds.id, answers.roundId))
        .innerJoin(channels, eq(channels.id, rounds.channelId))
        .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
        .where(
          and(
            eq(workspaces.platform, address.platform),
            eq(workspaces.externalId, address.workspaceId),
            eq(channels.externalId, address.channelId),
            eq(channels.subscribed, true),
            eq(channels.voteEmoji, emoji),
            eq(rounds.status, 'open'),
            gt(rounds.revealAt, now),
            eq(answers.messageRef, messageRef),
          ),
        )
        .limit(1);
      return row
        ? { answerId: row.answerId, counted: row.status === 'counted', authorId: row.authorId }
        : null;
    },

    async voteEmojis() {
      const rows = await db
        .selectDistinct({ emoji: channels.voteEmoji })
        .from(channels)
        .where(eq(channels.subscribed, true));
      return rows.map((r) => r.emoji);
    },

    async addVote(answerId, voterId, at) {
      const rows = await db
        .insert(answerVotes)
        .values({ answerId, voterId, createdAt: at })
        .onConflictDoNothing()
        .returning({ answerId: answerVotes.answerId });
      return rows.length > 0;
    },

    async removeVote(answerId, voterId) {
      await db
        .delete(answerVotes)
        .where(and(eq(answerVotes.answerId, answerId), eq(answerVotes.voterId, voterId)));
    },

    async voteCounts(roundId) {
      const rows = await db
        .select({ answerId: answerVotes.answerId, votes: count() })
        .from(answerVotes)
        .innerJoin(answers, eq(answers.id, answerVotes.answerId))
        .where(eq(answers.roundId, roundId))
        .groupBy(answerVotes.answerId);
      return new Map(rows.map((r) => [r.answerId, Number(r.votes)]));
    },
  };
}
