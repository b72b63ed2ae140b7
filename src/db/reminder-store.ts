import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ReminderStore } from '../core/reminders.js';
import type { Round } from '../core/types.js';
import { toRound } from './mapping.js';
import type { Db } from './open-database.js';
import { channels, nudges, reminderOptOuts, roundReminders, rounds } from './schema.js';

/** Users per claiming statement (3 parameters each, well under PostgreSQL's 65,535). */
const CLAIM_CHUNK = 1000;

/** Deadline reminders on drizzle: the primary keys of round_reminders and nudges decide who sends. */
export function reminderStore(db: Db): ReminderStore {
  return {
    async listRemindersDue(now: Date): Promise<Round[]> {
      const rows = await db
        .select({ round: rounds })
        .from(rounds)
        .innerJoin(channels, eq(rounds.channelId, channels.id))
        .leftJoin(roundReminders, eq(roundReminders.roundId, rounds.id))
        .where(
          and(
            eq(rounds.status, 'open'),
            eq(channels.subscribed, true),
            eq(channels.paused, false),
            isNotNull(channels.reminderHours),
            isNull(roundReminders.roundId),
            gt(rounds.revealAt, now),
            sql`${rounds.revealAt} - make_interval(hours => ${channels.reminderHours}::int) <= ${now.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(rounds.revealAt, rounds.id);
      return rows.map((r) => toRound(r.round));
    },

    async claimReminder(roundId: number, at: Date): Promise<boolean> {
      const inserted = await db
        .insert(roundReminders)
        .values({ roundId, claimedAt: at })
        .onConflictDoNothing()
        .returning({ roundId: roundReminders.roundId });
      return inserted.length > 0;
    },

    async markReminderSent(roundId: number, at: Date): Promise<void> {
      await db.update(roundReminders).set({ sentAt: at }).where(eq(roundReminders.roundId, roundId));
    },

    async listReminderOptOuts(workspaceId: number): Promise<Set<string>> {
      const rows = await db
        .select({ userId: reminderOptOuts.userId })
        .from(reminderOptOuts)
        .where(eq(reminderOptOuts.workspaceId, workspaceId));
      return new Set(rows.map((r) => r.userId));
    },

    async listNudged(workspaceId: number, localDate: string): Promise<Set<string>> {
      const rows = await db
        .select({ userId: nudges.userId })
        .from(nudges)
        .where(and(eq(nudges.workspaceId, workspaceId), eq(nudges.localDate, localDate)));
      return new Set(rows.map((r) => r.userId));
    },

    async claimNudges(
      workspaceId: number,
      localDate: string,
      roundId: number,
      userIds: readonly string[],
      at: Date,
    ): Promise<string[]> {
      const claimed: string[] = [];
      // One order for every caller: two replicas inserting the same people in different orders
      // would each hold a row the other waits for (PostgreSQL deadlock, 40P01).
      const unique = [...new Set(userIds)].sort();
      for (let i = 0; i < unique.length; i += CLAIM_CHUNK) {
        const chunk = unique.slice(i, i + CLAIM_CHUNK);
        const inserted = await db
          .insert(nudges)
          .values(chunk.map((userId) => ({ workspaceId, userId, localDate, roundId, sentAt: at })))
          .onConflictDoNothing()
          .returning({ userId: nudges.userId });
        claimed.push(...inserted.map((r) => r.userId));
      }
      return claimed;
    },

    async setReminderOptOut(workspaceId: number, userId: string, optedOut: boolean, at: Date): Promise<void> {
      if (optedOut)
        await db.insert(reminderOptOuts).values({ workspaceId, userId, createdAt: at }).onConflictDoNothing();
      else
        await db
          .delete(reminderOptOuts)
          .where(and(eq(reminderOptOuts.workspaceId, workspaceId), eq(reminderOptOuts.userId, userId)));
    },
  };
}
