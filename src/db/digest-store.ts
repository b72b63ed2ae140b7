import { and, asc, between, count, eq, inArray, max, notLike, sql } from 'drizzle-orm';
import { type DigestDayRow, type DigestStore, rankScorers } from '../core/digest.js';
import { FORGOTTEN_PREFIX } from '../core/forgotten.js';
import type { Db } from './open-database.js';
import { answers, digests, rounds } from './schema.js';

/**
 * Weekly digests on drizzle: the primary key of `digests` (channel, Monday) decides who posts;
 * the week's figures are read from the channel's revealed rounds (rounds_revealed_by_date) and
 * their counted answers (answers_counted_by_round), as the leaderboard reads them, bounded by
 * both ends of the week.
 */
export function digestStore(db: Db): DigestStore {
  return {
    async digestWeek(channelId, from, to, limit) {
      const week = await db
        .select({ id: rounds.id, localDate: rounds.localDate })
        .from(rounds)
        .where(
          and(
            eq(rounds.channelId, channelId),
            eq(rounds.status, 'revealed'),
            between(rounds.localDate, from, to),
          ),
        )
        .orderBy(asc(rounds.localDate), asc(rounds.id));
      if (week.length === 0) return { days: [], top: [], people: 0 };
      const ids = week.map((r) => r.id);
      const counted = and(inArray(answers.roundId, ids), eq(answers.status, 'counted'));
      const perRound = await db
        .select({ roundId: answers.roundId, answers: count() })
        .from(answers)
        .where(counted)
        .groupBy(answers.roundId);
      const answersOf = new Map(perRound.map((r) => [r.roundId, Number(r.answers)]));
      const days = new Map<string, DigestDayRow>();
      for (const round of week) {
        const day = days.get(round.localDate) ?? { localDate: round.localDate, rounds: 0, answers: 0 };
        days.set(round.localDate, {
          ...day,
          rounds: day.rounds + 1,
          answers: day.answers + (answersOf.get(round.id) ?? 0),
        });
      }
      const people = await db
        .select({
          userId: answers.userId,
          userName: max(answers.userName),
          answers: count(),
          score: sql<number>`coalesce(sum(${answers.score}), 0)::float8`,
        })
        .from(answers)
        // Someone who deleted their data (src/core/forgotten.ts) still counts in the days, not by name.
        .where(and(counted, notLike(answers.userId, `${FORGOTTEN_PREFIX}%`)))
        .groupBy(answers.userId);
      const scorers = people.map((p) => ({
        userId: p.userId,
        userName: p.userName ?? '',
        answers: Number(p.answers),
        score: Number(p.score),
      }));
      return { days: [...days.values()], top: rankScorers(scorers).slice(0, limit), people: scorers.length };
    },

    async digestClaimed(channelId, weekStart) {
      const found = await db
        .select({ channelId: digests.channelId })
        .from(digests)
        .where(and(eq(digests.channelId, channelId), eq(digests.weekStart, weekStart)))
        .limit(1);
      return found.length > 0;
    },

    async claimDigest(channelId, weekStart, at) {
      const inserted = await db
        .insert(digests)
        .values({ channelId, weekStart, claimedAt: at })
        .onConflictDoNothing()
        .returning({ channelId: digests.channelId });
      return inserted.length > 0;
    },

    async markDigestPosted(channelId, weekStart, at) {
      await db
        .update(digests)
        .set({ postedAt: at })
        .where(and(eq(digests.channelId, channelId), eq(digests.weekStart, weekStart)));
    },
  };
}
