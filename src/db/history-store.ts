import { and, count, desc, eq, isNotNull } from 'drizzle-orm';
import type { HistoryStore } from '../core/history.js';
import type { Db } from './open-database.js';
import { answers, channels, rounds } from './schema.js';

export function historyStore(db: Db): HistoryStore {
  return {
    async recentAnswers(workspaceId, userId, limit) {
      const rows = await db
        .select({
          localDate: rounds.localDate,
          questionId: rounds.questionId,
          channelExternalId: channels.externalId,
          channelName: channels.name,
          grade: answers.grade,
        })
        .from(answers)
        .innerJoin(rounds, eq(rounds.id, answers.roundId))
        .innerJoin(channels, eq(channels.id, rounds.channelId))
        .where(
          and(
            eq(channels.workspaceId, workspaceId),
            eq(answers.userId, userId),
            eq(answers.status, 'counted'),
            eq(rounds.status, 'revealed'),
            isNotNull(answers.grade),
          ),
        )
        .orderBy(desc(rounds.localDate), desc(answers.id))
        .limit(limit);
      return rows.map(({ grade, ...r }) => ({
        ...r,
        covered: grade?.covered ?? 0,
        total: grade?.total ?? 0,
      }));
    },

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
