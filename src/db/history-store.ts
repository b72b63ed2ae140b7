import { and, count, desc, eq } from 'drizzle-orm';
import type { HistoryStore } from '../core/history.js';
import type { Db } from './open-database.js';
import { answers, rounds } from './schema.js';

export function historyStore(db: Db): HistoryStore {
  return {
    async pastRounds(channelId, limit) {
      const rows = await db
        .select({
          id: rounds.id,
          localDate: rounds.localDate,
          questionId: rounds.questionId,
          answered: count(answers.id),
        })
        .from(rounds)
        .leftJoin(answers, and(eq(answers.roundId, rounds.id), eq(answers.status, 'counted')))
        .where(and(eq(rounds.channelId, channelId), eq(rounds.status, 'revealed')))
        .groupBy(rounds.id)
        .orderBy(desc(rounds.localDate), desc(rounds.id))
        .limit(limit);
      return rows.map((r) => ({ ...r, answered: Number(r.answered) }));
    },
  };
}
