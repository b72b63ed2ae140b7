import { and, eq, gte, sql } from 'drizzle-orm';
import type { LeaderboardEntry } from '../core/leaderboard.js';
import type { StreakStore } from '../core/ports.js';
import type { Streak } from '../core/types.js';
import type { Db } from './open-database.js';
import { answers, rounds, streaks } from './schema.js';

/** Rows per multi-row write (6 parameters each). */
export const WRITE_CHUNK = 2000;

export function streakStore(db: Db): StreakStore {
  return {
    async listStreaks(channelId: number): Promise<Streak[]> {
      const rows = await db
        .select()
        .from(streaks)
        .where(eq(streaks.channelId, channelId))
        .orderBy(streaks.userId);
      return rows.map((r) => ({ userId: r.userId, userName: r.userName, current: r.current, best: r.best }));
    },

    async saveStreaks(channelId: number, list: readonly Streak[], at: Date): Promise<void> {
      // One upsert statement per chunk (a reveal of 2,000 people is one round trip, not 2,000);
      // a chunk stays far below PostgreSQL's 65,535 bind parameters.
      for (let start = 0; start < list.length; start += WRITE_CHUNK) {
        const rows = list.slice(start, start + WRITE_CHUNK).map((s) => ({
          channelId,
          userId: s.userId,
          userName: s.userName,
          current: s.current,
          best: s.best,
          updatedAt: at,
        }));
        await db
          .insert(streaks)
          .values(rows)
          .onConflictDoUpdate({
            target: [streaks.channelId, streaks.userId],
            set: {
              userName: sql`excluded.user_name`,
              current: sql`excluded.current`,
              best: sql`excluded.best`,
              updatedAt: sql`excluded.updated_at`,
            },
          });
      }
    },

    async leaderboard(channelId: number, sinceLocalDate: string | null): Promise<LeaderboardEntry[]> {
      const [streakRows, answerRows] = await Promise.all([
        db.select().from(streaks).where(eq(streaks.channelId, channelId)),
        db
          .select({
            userId: answers.userId,
            userName: sql<string>`max(${answers.userName})`,
            answers: sql<number>`count(*)::int`,
            score: sql<number>`coalesce(sum((${answers.grade}->>'score')::float8), 0)::float8`,
          })
          .from(answers)
          .innerJoin(rounds, eq(answers.roundId, rounds.id))
          .where(
            and(
              eq(rounds.channelId, channelId),
              eq(rounds.status, 'revealed'),
              eq(answers.status, 'counted'),
              sinceLocalDate === null ? undefined : gte(rounds.localDate, sinceLocalDate),
            ),
          )
          .groupBy(answers.userId),
      ]);
      const entries = new Map<string, LeaderboardEntry>();
      for (const s of streakRows) {
        entries.set(s.userId, {
          userId: s.userId,
          userName: s.userName,
          current: s.current,
          best: s.best,
          answers: 0,
          score: 0,
        });
      }
      for (const a of answerRows) {
        const known = entries.get(a.userId);
        entries.set(a.userId, {
          userId: a.userId,
          userName: known?.userName ?? a.userName,
          current: known?.current ?? 0,
          best: known?.best ?? 0,
          answers: Number(a.answers),
          score: Number(a.score),
        });
      }
      return [...entries.values()];
    },
  };
}
