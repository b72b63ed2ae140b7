import { eq, sql } from 'drizzle-orm';
import type { StreakStore } from '../core/ports.js';
import type { Streak } from '../core/types.js';
import { jsonRecords } from './json-row.js';
import type { Db } from './open-database.js';
import { streaks } from './schema.js';

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
      if (list.length === 0) return;
      // One statement whatever the size: the rows travel as one JSON parameter, so a reveal of
      // 2,000 people binds 3 parameters, not 12,000.
      const rows = list.map((s) => ({
        user_id: s.userId,
        user_name: s.userName,
        current: s.current,
        best: s.best,
      }));
      await db.execute(sql`
        insert into streaks (channel_id, user_id, user_name, current, best, updated_at)
        select ${channelId}, x.user_id, x.user_name, x.current, x.best, ${at.toISOString()}::timestamptz
        from ${jsonRecords(rows, 'user_id text, user_name text, current int, best int')}
        on conflict (channel_id, user_id) do update
          set user_name = excluded.user_name, current = excluded.current, best = excluded.best,
              updated_at = excluded.updated_at`);
    },
  };
}
