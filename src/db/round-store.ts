import { and, desc, eq, inArray, isNull, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import type { NewRound, RoundStore } from '../core/ports.js';
import type { RevealedChanges, Round } from '../core/types.js';
import { jsonRecords } from './json-row.js';
import { toRound } from './mapping.js';
import type { Db } from './open-database.js';
import { channels, questions, rounds } from './schema.js';

export function roundStore(db: Db): RoundStore {
  return {
    async claimRound(round: NewRound): Promise<Round | null> {
      const inserted = await db
        .insert(rounds)
        .values({
          channelId: round.channelId,
          kind: round.kind,
          localDate: round.localDate,
          questionId: round.questionId,
          status: round.status,
          postAt: round.postAt,
          revealAt: round.revealAt,
          claimedAt: round.at,
          attemptAfter: round.attemptAfter,
        })
        .onConflictDoNothing()
        .returning();
      const [row] = inserted;
      return row ? toRound(row) : null;
    },

    async findDailyRound(channelId: number, localDate: string): Promise<Round | null> {
      const [row] = await db
        .select()
        .from(rounds)
        .where(
          and(eq(rounds.channelId, channelId), eq(rounds.localDate, localDate), eq(rounds.kind, 'daily')),
        );
      return row ? toRound(row) : null;
    },

    async channelsWithDailyRound(
      slots: readonly { channelId: number; localDate: string }[],
    ): Promise<Set<number>> {
      if (slots.length === 0) return new Set();
      const rows = await db
        .select({ channelId: rounds.channelId })
        .from(rounds)
        .innerJoin(
          jsonRecords(
            slots.map((s) => ({ channel_id: s.channelId, local_date: s.localDate })),
            'channel_id int, local_date date',
          ),
          sql`${rounds.channelId} = x.channel_id and ${rounds.localDate} = x.local_date`,
        )
        .where(eq(rounds.kind, 'daily'));
      return new Set(rows.map((r) => r.channelId));
    },

    async getRound(id: number): Promise<Round | null> {
      const [row] = await db.select().from(rounds).where(eq(rounds.id, id));
      return row ? toRound(row) : null;
    },

    async findRoundByMessage(channelId: number, messageRef: string): Promise<Round | null> {
      const [row] = await db
        .select()
        .from(rounds)
        .where(and(eq(rounds.channelId, channelId), eq(rounds.messageRef, messageRef)));
      return row ? toRound(row) : null;
    },

    async latestPostedRound(channelId: number): Promise<Round | null> {
      const [row] = await db
        .select()
        .from(rounds)
        .where(and(eq(rounds.channelId, channelId), inArray(rounds.status, ['open', 'revealed'])))
        .orderBy(desc(rounds.postedAt), desc(rounds.id))
        .limit(1);
      return row ? toRound(row) : null;
    },

    async listOpenRounds(channelId: number): Promise<Round[]> {
      const rows = await db
        .select()
        .from(rounds)
        .where(and(eq(rounds.channelId, channelId), eq(rounds.status, 'open')))
        .orderBy(desc(rounds.postAt), desc(rounds.id));
      return rows.map(toRound);
    },

    async listRevealsDue(now: Date): Promise<Round[]> {
      const rows = await db
        .select()
        .from(rounds)
        .where(and(eq(rounds.status, 'open'), lte(rounds.revealAt, now)))
        .orderBy(rounds.revealAt, rounds.id);
      return rows.map(toRound);
    },

    async listUnpostedReveals(now: Date): Promise<Round[]> {
      const rows = await db
        .select({ round: rounds })
        .from(rounds)
        .innerJoin(channels, eq(rounds.channelId, channels.id))
        .where(
          and(
            eq(rounds.status, 'revealed'),
            isNull(rounds.revealPostedAt),
            isNull(rounds.revealGaveUpAt),
            lte(rounds.revealAttemptAfter, now),
            eq(channels.subscribed, true),
            or(eq(channels.paused, false), ne(channels.pausedReason, 'broken')),
          ),
        )
        .orderBy(rounds.id);
      return rows.map((r) => toRound(r.round));
    },

    async listRetryableClaims(now: Date): Promise<Round[]> {
      const rows = await db
        .select({ round: rounds })
        .from(rounds)
        .innerJoin(channels, eq(rounds.channelId, channels.id))
        .where(
          and(
            eq(rounds.status, 'claimed'),
            lte(rounds.attemptAfter, now),
            eq(channels.subscribed, true),
            eq(channels.paused, false),
          ),
        )
        .orderBy(rounds.id);
      return rows.map((r) => toRound(r.round));
    },

    async leaseClaim(roundId: number, now: Date, until: Date): Promise<boolean> {
      const taken = await db
        .update(rounds)
        .set({ attemptAfter: until })
        .where(and(eq(rounds.id, roundId), eq(rounds.status, 'claimed'), lte(rounds.attemptAfter, now)))
        .returning({ id: rounds.id });
      return taken.length > 0;
    },

    async leaseReveal(roundId: number, now: Date, until: Date): Promise<boolean> {
      const taken = await db
        .update(rounds)
        .set({ revealAttemptAfter: until })
        .where(
          and(
            eq(rounds.id, roundId),
            eq(rounds.status, 'revealed'),
            isNull(rounds.revealPostedAt),
            lte(rounds.revealAttemptAfter, now),
          ),
        )
        .returning({ id: rounds.id });
      return taken.length > 0;
    },

    async deferClaim(roundId: number, attempts: number, retryAt: Date): Promise<void> {
      await db
        .update(rounds)
        .set({ attemptAfter: retryAt, postAttempts: attempts })
        .where(and(eq(rounds.id, roundId), eq(rounds.status, 'claimed')));
    },

    async failClaim(roundId: number, attempts: number): Promise<void> {
      await db
        .update(rounds)
        .set({ status: 'failed', postAttempts: attempts })
        .where(and(eq(rounds.id, roundId), eq(rounds.status, 'claimed')));
    },

    async deferReveal(roundId: number, attempts: number, retryAt: Date): Promise<void> {
      await db
        .update(rounds)
        .set({ revealAttemptAfter: retryAt, revealAttempts: attempts })
        .where(eq(rounds.id, roundId));
    },

    async giveUpReveal(roundId: number, attempts: number, at: Date): Promise<void> {
      await db
        .update(rounds)
        .set({ revealGaveUpAt: at, revealAttempts: attempts })
        .where(eq(rounds.id, roundId));
    },

    async markRevealPartsSent(roundId: number, count: number): Promise<void> {
      // Never backwards: a slow earlier attempt must not undo a later one's progress.
      await db
        .update(rounds)
        .set({ revealPartsSent: sql`greatest(${rounds.revealPartsSent}, ${count})` })
        .where(eq(rounds.id, roundId));
    },

    async markSkipped(roundId: number): Promise<void> {
      await db
        .update(rounds)
        .set({ status: 'skipped' })
        .where(and(eq(rounds.id, roundId), eq(rounds.status, 'claimed')));
    },

    async markPosted(roundId: number, messageRef: string, at: Date): Promise<void> {
      await db.update(rounds).set({ status: 'open', messageRef, postedAt: at }).where(eq(rounds.id, roundId));
    },

    async releaseClaim(roundId: number): Promise<void> {
      await db.delete(rounds).where(and(eq(rounds.id, roundId), eq(rounds.status, 'claimed')));
    },

    async markRevealed(
      roundId: number,
      at: Date,
      changes: RevealedChanges,
      sendUntil: Date,
    ): Promise<boolean> {
      const updated = await db
        .update(rounds)
        .set({
          status: 'revealed',
          revealedAt: at,
          streakChanges: { listed: [...changes.listed], more: changes.more },
          revealAttemptAfter: sendUntil,
        })
        .where(and(eq(rounds.id, roundId), eq(rounds.status, 'open')))
        .returning({ id: rounds.id });
      return updated.length > 0;
    },

    async markRevealPosted(roundId: number, at: Date): Promise<void> {
      await db.update(rounds).set({ revealPostedAt: at }).where(eq(rounds.id, roundId));
    },

    async questionUsage(channelId: number): Promise<Map<string, number>> {
      const rows = await db
        .select({ key: questions.key, uses: sql<number>`count(*)::int` })
        .from(rounds)
        .innerJoin(questions, eq(rounds.questionId, questions.id))
        // A skipped or failed round was never shown, so its question still counts as unused.
        .where(and(eq(rounds.channelId, channelId), notInArray(rounds.status, ['skipped', 'failed'])))
        .groupBy(questions.key);
      return new Map(rows.map((r) => [r.key, Number(r.uses)]));
    },

    async questionUsageOf(channelIds: readonly number[]): Promise<Map<number, Map<string, number>>> {
      const usage = new Map<number, Map<string, number>>();
      if (channelIds.length === 0) return usage;
      const rows = await db
        .select({ channelId: rounds.channelId, key: questions.key, uses: sql<number>`count(*)::int` })
        .from(rounds)
        .innerJoin(questions, eq(rounds.questionId, questions.id))
        .where(
          and(
            sql`${rounds.channelId} = any(string_to_array(${channelIds.join(',')}, ',')::int[])`,
            notInArray(rounds.status, ['skipped', 'failed']),
          ),
        )
        .groupBy(rounds.channelId, questions.key);
      for (const r of rows) {
        const counts = usage.get(r.channelId) ?? new Map<string, number>();
        counts.set(r.key, Number(r.uses));
        usage.set(r.channelId, counts);
      }
      return usage;
    },
  };
}
