import { and, count, eq } from 'drizzle-orm';
import type { VoteStore } from '../core/votes.js';
import type { Db } from './open-database.js';
import { answers, answerVotes } from './schema.js';

export function voteStore(db: Db): VoteStore {
  return {
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
