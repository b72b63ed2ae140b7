import { type SQL, sql } from 'drizzle-orm';
import type { RankedEntry } from '../core/leaderboard.js';
import type { LeaderboardStore } from '../core/ports.js';
import type { Db } from './open-database.js';

interface RankedRow extends Record<string, unknown> {
  readonly user_id: string;
  readonly user_name: string;
  readonly current: number;
  readonly best: number;
  readonly answers: number;
  readonly score: number;
  readonly rank: number | string;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * The leaderboard as one statement: each person's counted answers in revealed rounds of the
 * period and their coverage, beside their streak, ranked by the rule of `rankLeaderboard`
 * (src/core/leaderboard.ts: answers, score, current, best; ties share a rank; listed by user id
 * within a tie), and only the top `limit` rows and the caller's own come back.
 * tests/integration/leaderboard-sql.test.ts checks it against `rankLeaderboard` on random data.
 */
export function leaderboardSql(
  channelId: number,
  since: string | null,
  callerId: string,
  limit: number,
): SQL {
  const period = since === null ? sql`` : sql`and r.local_date >= ${since}::date`;
  return sql`
    with scored as (
      select a.user_id, count(*)::int as answers, coalesce(sum(a.score), 0)::float8 as score
      from rounds r
      join answers a on a.round_id = r.id and a.status = 'counted'
      where r.channel_id = ${channelId} and r.status = 'revealed' ${period}
      group by a.user_id
    ), entries as (
      select coalesce(s.user_id, x.user_id) as user_id, s.user_name as streak_name,
        coalesce(s.current, 0) as current, coalesce(s.best, 0) as best,
        coalesce(x.answers, 0) as answers, coalesce(x.score, 0)::float8 as score
      from (select * from streaks where channel_id = ${channelId}) s
      full join scored x on x.user_id = s.user_id
    ), ranked as (
      select *,
        rank() over (order by answers desc, score desc, current desc, best desc) as rank,
        row_number() over (order by answers desc, score desc, current desc, best desc, user_id collate "C") as pos
      from entries
      where answers > 0 or current > 0 or best > 0
    )
    select user_id, current, best, answers, score, rank,
      coalesce(streak_name, (
        select max(a.user_name) from answers a join rounds r on r.id = a.round_id
        where r.channel_id = ${channelId} and r.status = 'revealed' and a.status = 'counted'
          and a.user_id = ranked.user_id ${period}
      ), '') as user_name
    from ranked
    where pos <= ${limit} or user_id = ${callerId}
    order by pos`;
}

export function leaderboardStore(db: Db): LeaderboardStore {
  return {
    async leaderboard(channelId, sinceLocalDate, callerId, limit) {
      const rows = rowsOf<RankedRow>(
        await db.execute(leaderboardSql(channelId, sinceLocalDate, callerId, limit)),
      );
      const ranked: RankedEntry[] = rows.map((r) => ({
        userId: r.user_id,
        userName: r.user_name,
        current: Number(r.current),
        best: Number(r.best),
        answers: Number(r.answers),
        score: Number(r.score),
        rank: Number(r.rank),
      }));
      const top = ranked.slice(0, limit);
      return { top, caller: ranked.find((e) => e.userId === callerId) ?? null };
    },
  };
}
