import { sql } from 'drizzle-orm';
import type { RoundStreaksInput, RoundStreaksResult, StreakStore } from '../core/ports.js';
import type { StreakChange } from '../core/types.js';
import { rowsOf } from './driver-query.js';
import type { Db } from './open-database.js';

interface ChangeRow extends Record<string, unknown> {
  readonly part: 'listed' | 'lapsed';
  readonly user_id: string;
  readonly user_name: string;
  readonly from_streak: number;
  readonly to_streak: number;
  readonly freeze_earned: boolean;
  readonly frozen: boolean;
  readonly freezes_left: number;
  readonly n: number | string | null;
  readonly total: number | string;
}

function toChange(r: ChangeRow): StreakChange {
  const base = { userId: r.user_id, userName: r.user_name, from: r.from_streak, to: r.to_streak };
  if (r.frozen) return { ...base, frozen: true, freezesLeft: r.freezes_left };
  return r.freeze_earned ? { ...base, freezeEarned: true } : base;
}

/**
 * The order `applyRevealedRound` lists changes in: the channel's known people by user id (as
 * `listStreaks` orders them), then newcomers in answer order.
 */
const CHANGE_ORDER = sql.raw(
  `not known, case when known then user_id end collate "C", created_at, answer_id`,
);

/**
 * The streaks of a revealed round applied in one statement, the rule of `applyRevealedRound`
 * (src/core/streaks.ts) in SQL: each counted answerer who is not held (graded as no real
 * attempt) gains one (and progress towards a freeze, earned every `roundsPerFreeze` rounds, at
 * most `maxFreezes` held); each other person on a streak who is not held uses a freeze or drops
 * to zero; nobody else changes. The statement returns the first `listed` changes in the rule's
 * order (`CHANGE_ORDER`), the lapsed regulars and the total, and stores the listed ones and the
 * count of the rest on the round.
 * tests/integration/reveal-streaks.test.ts checks it against the rule on random rounds.
 */
export function revealStreaks(db: Db): Pick<StreakStore, 'applyRoundStreaks'> {
  return {
    async applyRoundStreaks(input: RoundStreaksInput): Promise<RoundStreaksResult> {
      const { channelId, roundId, rules } = input;
      const result = await db.execute(sql`
        with counted as (
          select a.user_id, a.user_name, a.created_at, a.id,
            -- Held: a reply graded as no real attempt ("모르겠어요", "pass").
            not coalesce((a.grade ->> 'attempt')::boolean, true) as held
          from answers a
          where a.round_id = ${roundId} and a.status = 'counted'
        ), joined as (
          -- One row per person: known in the channel (p), answered this round (c), or both.
          select coalesce(p.user_id, c.user_id) as user_id, p.user_id is not null as known,
            c.user_id is not null and not c.held as answered, coalesce(c.held, false) as held,
            p.user_name as known_name, c.user_name as answered_name,
            coalesce(p.current, 0) as current, coalesce(p.best, 0) as best,
            coalesce(p.freezes, 0) as freezes, coalesce(p.freeze_progress, 0) as freeze_progress,
            c.created_at, c.id as answer_id
          from (select * from streaks where channel_id = ${channelId}) p
          full join counted c on c.user_id = p.user_id
        ), next as (
          -- Answered: one more, and progress towards a freeze (a newcomer starts from zero).
          select known, user_id, created_at, answer_id,
            case when answered_name = '' then coalesce(known_name, '') else answered_name end as user_name,
            current + 1 as current, greatest(best, current + 1) as best,
            case when freeze_progress + 1 < ${rules.roundsPerFreeze} then freezes
                 when freezes < ${rules.maxFreezes} then freezes + 1 else freezes end as freezes,
            case when freeze_progress + 1 < ${rules.roundsPerFreeze} then freeze_progress + 1 else 0 end
              as freeze_progress,
            current as from_streak, current + 1 as to_streak,
            (freeze_progress + 1 >= ${rules.roundsPerFreeze} and freezes < ${rules.maxFreezes}) as freeze_earned,
            false as frozen, 0 as freezes_left
          from joined where answered
          union all
          -- Missed, on a streak, not held: a freeze used, or back to zero.
          select known, user_id, created_at, answer_id, known_name,
            case when freezes > 0 then current else 0 end, best,
            greatest(freezes - 1, 0), freeze_progress,
            current, case when freezes > 0 then current else 0 end,
            false, freezes > 0, greatest(freezes - 1, 0)
          from joined
          where not answered and not held and current > 0
        ), saved as (
          insert into streaks (channel_id, user_id, user_name, current, best, freezes, freeze_progress, updated_at)
          select ${channelId}, user_id, user_name, current, best, freezes, freeze_progress,
            ${input.at.toISOString()}::timestamptz
          from next
          on conflict (channel_id, user_id) do update
            set user_name = excluded.user_name, current = excluded.current, best = excluded.best,
                freezes = excluded.freezes, freeze_progress = excluded.freeze_progress,
                updated_at = excluded.updated_at
        ), listed as (
          -- The first few in the rule's order: a top-N sort, not a sort of everyone.
          select top.*, row_number() over (order by ${CHANGE_ORDER}) as n
          from (select * from next order by ${CHANGE_ORDER} limit ${input.listed}) top
        ), counts as (
          select count(*) as total from next
        ), stored as (
          update rounds set streak_changes = jsonb_build_object(
            'listed', coalesce((
              select jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                'userId', user_id, 'userName', user_name, 'from', from_streak, 'to', to_streak,
                'freezeEarned', case when freeze_earned and not frozen then true end,
                'frozen', case when frozen then true end,
                'freezesLeft', case when frozen then freezes_left end)) order by n)
              from listed), '[]'::jsonb),
            'more', greatest((select total from counts) - ${input.listed}, 0))
          where id = ${roundId}
        )
        select 'listed' as part, user_id, user_name, from_streak, to_streak, freeze_earned, frozen,
          freezes_left, n, (select total from counts) as total
        from listed
        union all
        -- The regulars who lost their streak or used a freeze, in no particular order.
        select 'lapsed', user_id, null, null, null, null, null, null, null, (select total from counts)
        from next
        where (to_streak = 0 or frozen) and from_streak >= ${input.lapsedFrom}`);
      const rows = rowsOf<ChangeRow>(result);
      const total = Number(rows[0]?.total ?? 0);
      return {
        listed: rows
          .filter((r) => r.part === 'listed')
          .sort((a, b) => Number(a.n) - Number(b.n))
          .map(toChange),
        more: Math.max(0, total - input.listed),
        lapsed: rows.filter((r) => r.part === 'lapsed').map((r) => r.user_id),
      };
    },
  };
}
