import { and, eq, sql } from 'drizzle-orm';
import type { StreakStore } from '../core/ports.js';
import type { Streak } from '../core/types.js';
import { jsonRecords } from './json-row.js';
import type { Db } from './open-database.js';
import { streaks } from './schema.js';

function toStreak(r: typeof streaks.$inferSelect): Streak {
  return {
    userId: r.userId,
    userName: r.userName,
    current: r.current,
    best: r.best,
    freezes: r.freezes,
    freezeProgress: r.freezeProgress,
  };
}

export function streakStore(db: Db): Omit<StreakStore, 'applyRoundStreaks'> {
  return {
    async listStreaks(channelId: number): Promise<Streak[]> {
      const rows = await db
        .select()
        .from(streaks)
        .where(eq(streaks.channelId, channelId))
        // Byte order, as the reveal's statement orders its changes (cheaper than a collation).
        .orderBy(sql`${streaks.userId} collate "C"`);
      return rows.map(toStreak);
    },

    async streakOf(channelId: number, userId: string): Promise<Streak | null> {
      const [row] = await db
        .select()
        .from(streaks)
        .where(and(eq(streaks.channelId, channelId), eq(streaks.userId, userId)));
      return row ? toStreak(row) : null;
    },

    async saveStreaks(channelId: number, list: readonly Streak[], at: Date): Promise<void> {
      if (list.length === 0) return;
      // One statement whatever the size: the rows travel as one JSON parameter, so a reveal of
      // 2,000 people binds 3 parameters, not 12,000.
      const rows = list.map((s) => ({
        user_id: s.userId,
        user_name: s.userName,
        current: s.current,
        best: s.best,
        freezes: s.freezes ?? 0,
        freeze_progress: s.freezeProgress ?? 0,
      }));
      await db.execute(sql`
        insert into streaks (channel_id, user_id, user_name, current, best, freezes, freeze_progress, updated_at)
        select ${channelId}, x.user_id, x.user_name, x.current, x.best, x.freezes, x.freeze_progress,
               ${at.toISOString()}::timestamptz
        from ${jsonRecords(rows, 'user_id text, user_name text, current int, best int, freezes smallint, freeze_progress smallint')}
        on conflict (channel_id, user_id) do update
          set user_name = excluded.user_name, current = excluded.current, best = excluded.best,
              freezes = excluded.freezes, freeze_progress = excluded.freeze_progress,
              updated_at = excluded.updated_at`);
    },
  };
}
