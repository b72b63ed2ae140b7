import { type SQL, sql } from 'drizzle-orm';
import { FORGOTTEN_PREFIX } from '../core/forgotten.js';
import type { RankedEntry } from '../core/leaderboard.js';
import type { LeaderboardStore } from '../core/ports.js';
import { rowsOf } from './driver-query.js';
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

/**
 * The leaderboard as one statement: each person's counted answers in revealed rounds of the
 * period and their coverage, beside their streak, ranked by the rule of `rankLeaderboard`
 * (src/core/leaderboard.ts: answers, score in whole millionths as `scoreKey`, current, best; ties
 * share a rank; listed by user id within a tie), and only the top `limit` rows and the caller's
 * own come back. Only those rows are sorted: a full sort and window over everyone cost more than
 * the week's aggregate (bench/leaderboard.ts).
 * tests/integration/leaderboard-sql.test.ts checks it against `rankLeaderboard` on random data.
 */
export function leaderboardSql(
  channelId: number,
  since: string | null,
  callerId: string,
  limit: number,
): SQL {
  const period = since === null ? sql`` : sql`and r.local_date >= ${since}::date`;
  // The order of the board; `rank()` over its first four keys, user id (bytes) within a tie.
  const order = sql.raw('answers desc, score_key desc, current desc, best desc');
  return sql`
    with scored as (
      -- The period's round ids first, then one index-only scan of their counted answers
      -- (answers_counted_by_round): no join per answer. The stand-ins of people who deleted
      -- their data (src/core/forgotten.ts) rank nowhere.
      select a.user_id, count(*)::int as answers, coalesce(sum(a.score), 0)::float8 as score
      from answers a
      where a.status = 'counted' and a.user_id not like ${`${FORGOTTEN_PREFIX}%`} and a.round_id = any(array(
        select r.id from rounds r where r.channel_id = ${channelId} and r.status = 'revealed' ${period}))
      group by a.user_id
    ), board as materialized (
      select coalesce(s.user_id, x.user_id) as user_id, s.user_name as streak_name,
        coalesce(s.current, 0) as current, coalesce(s.best, 0) as best,
        coalesce(x.answers, 0) as answers, coalesce(x.score, 0)::float8 as score,
        floor(coalesce(x.score, 0)::float8 * 1e6::float8 + 0.5::float8) as score_key
      from (select * from streaks where channel_id = ${channelId}) s
      full join scored x on x.user_id = s.user_id
      where coalesce(x.answers, 0) > 0 or coalesce(s.current, 0) > 0 or coalesce(s.best, 0) > 0
    ), top as (
      -- A bounded sort: only the first rows are ever ordered.
      select * from board order by ${order}, user_id collate "C" limit ${limit}
    ), picked as (
      -- The first rows' ranks are their ranks among everyone (whoever is ahead is among them);
      -- the caller's, when not among them, is one more than the number of people ahead.
      select *, rank() over (order by ${order}) as rank, 0 as part from top
      union all
      select me.*, 1 + (
          select count(*) from board b
          where (b.answers, b.score_key, b.current, b.best) > (me.answers, me.score_key, me.current, me.best)
        ), 1
      from board me
      where me.user_id = ${callerId} and me.user_id not in (select user_id from top)
    )
    select user_id, current, best, answers, score, rank,
      coalesce(streak_name, (
        select max(a.user_name) from answers a join rounds r on r.id = a.round_id
        where r.channel_id = ${channelId} and r.status = 'revealed' and a.status = 'counted'
          and a.user_id = picked.user_id ${period}
      ), '') as user_name
    from picked
    order by part, ${order}, user_id collate "C"`;
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
