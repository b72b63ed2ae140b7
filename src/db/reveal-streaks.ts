import { sql } from 'drizzle-orm';
import type { RoundStreaksInput, RoundStreaksResult, StreakStore } from '../core/ports.js';
import type { StreakChange } from '../core/types.js';
import type { Db } from './open-database.js';

interface ChangeRow extends Record<string, unknown> {
  readonly user_id: string;
  readonly user_name: string;
  readonly from_streak: number;
  readonly to_streak: number;
  readonly freeze_earned: boolean;
  readonly frozen: boolean;
  readonly freezes_left: number;
  readonly n: number | string;
  readonly total: number | string;
}

function rowsOf<T>(result: unknown): T[] {
  // postgres.js returns the rows; PGlite an object holding them.
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function toChange(r: ChangeRow): StreakChange {
  const base = { userId: r.user_id, userName: r.user_name, from: r.from_streak, to: r.to_streak };
  if (r.frozen) return { ...base, frozen: true, freezesLeft: r.freezes_left };
  return r.freeze_earned ? { ...base, freezeEarned: true } : base;
}

/**
 * The streaks of a revealed round applied in one statement, the rule of `applyRevealedRound`
 * (src/core/streaks.ts) in SQL: each counted answerer who is not held gains one (and progress
 * towards a freeze, earned every `roundsPerFreeze` rounds, at most `maxFreezes` held); each other
 * person on a streak who is not held uses a freeze or drops to zero; nobody else changes. The
 * changes are ordered as that rule orders them (the channel's known people by user id, then
 * newcomers in answer order); the statement returns the first `listed`, the lapsed regulars and
 * the total, and stores the listed ones and the count of the rest on the round.
 * tests/integration/reveal-streaks.test.ts checks it against the rule on random rounds.
 */
export function revealStreaks(db: Db): Pick<StreakStore, 'applyRoundStreaks'> {
  return {
    async applyRoundStreaks(input: RoundStreaksInput): Promise<RoundStreaksResult> {
      const { channelId, roundId, rules } = input;
      const held = JSON.stringify([...input.held]);
      const result = await db.execute(sql`
        with held as (
          select jsonb_array_elements_text(${held}::jsonb) as user_id
        ), counted as (
          select a.user_id, a.user_name, a.created_at, a.id
          from answers a
          where a.round_id = ${roundId} and a.status = 'counted'
            and not exists (select 1 from held h where h.user_id = a.user_id)
        ), prev as (
          select * from streaks where channel_id = ${channelId}
        ), next as (
          select 0 as grp, p.user_id, null::timestamptz as at, 0 as answer_id,
            case when c.user_name = '' then p.user_name else c.user_name end as user_name,
            p.current + 1 as current, greatest(p.best, p.current + 1) as best,
            case when p.freeze_progress + 1 < ${rules.roundsPerFreeze} then p.freezes
                 when p.freezes < ${rules.maxFreezes} then p.freezes + 1 else p.freezes end as freezes,
            case when p.freeze_progress + 1 < ${rules.roundsPerFreeze} then p.freeze_progress + 1 else 0 end
              as freeze_progress,
            p.current as from_streak, p.current + 1 as to_streak,
            (p.freeze_progress + 1 >= ${rules.roundsPerFreeze} and p.freezes < ${rules.maxFreezes}) as freeze_earned,
            false as frozen, 0 as freezes_left
          from prev p join counted c on c.user_id = p.user_id
          union all
          select 0, p.user_id, null, 0, p.user_name,
            case when p.freezes > 0 then p.current else 0 end, p.best,
            greatest(p.freezes - 1, 0), p.freeze_progress,
            p.current, case when p.freezes > 0 then p.current else 0 end,
            false, p.freezes > 0, greatest(p.freezes - 1, 0)
          from prev p
          where p.current > 0
            and not exists (select 1 from counted c where c.user_id = p.user_id)
            and not exists (select 1 from held h where h.user_id = p.user_id)
          union all
          select 1, c.user_id, c.created_at, c.id, c.user_name, 1, 1,
            case when 1 < ${rules.roundsPerFreeze} or ${rules.maxFreezes} < 1 then 0 else 1 end,
            case when 1 < ${rules.roundsPerFreeze} then 1 else 0 end,
            0, 1, (1 >= ${rules.roundsPerFreeze} and ${rules.maxFreezes} > 0), false, 0
          from counted c
          where not exists (select 1 from prev p where p.user_id = c.user_id)
        ), saved as (
          insert into streaks (channel_id, user_id, user_name, current, best, freezes, freeze_progress, updated_at)
          select ${channelId}, user_id, user_name, current, best, freezes, freeze_progress,
            ${input.at.toISOString()}::timestamptz
          from next
          on conflict (channel_id, user_id) do update
            set user_name = excluded.user_name, current = excluded.current, best = excluded.best,
                freezes = excluded.freezes, freeze_progress = excluded.freeze_progress,
                updated_at = excluded.updated_at
        ), ordered as (
          select next.*, row_number() over (order by grp, case when grp = 0 then user_id end, at, answer_id) as n,
            count(*) over () as total
          from next
        ), picked as (
          select * from ordered
          where n <= ${input.listed}
             or ((to_streak = 0 or frozen) and from_streak >= ${input.lapsedFrom})
        ), stored as (
          update rounds set streak_changes = jsonb_build_object(
            'listed', coalesce((
              select jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                'userId', user_id, 'userName', user_name, 'from', from_streak, 'to', to_streak,
                'freezeEarned', case when freeze_earned and not frozen then true end,
                'frozen', case when frozen then true end,
                'freezesLeft', case when frozen then freezes_left end)) order by n)
              from picked where n <= ${input.listed}), '[]'::jsonb),
            'more', greatest(coalesce((select max(total) from ordered), 0) - ${input.listed}, 0))
          where id = ${roundId}
        )
        select user_id, user_name, from_streak, to_streak, freeze_earned, frozen, freezes_left, n, total
        from picked order by n`);
      const rows = rowsOf<ChangeRow>(result);
      const total = Number(rows[0]?.total ?? 0);
      return {
        listed: rows.filter((r) => Number(r.n) <= input.listed).map(toChange),
        more: Math.max(0, total - input.listed),
        lapsed: rows
          .filter((r) => (r.to_streak === 0 || r.frozen) && r.from_streak >= input.lapsedFrom)
          .map((r) => r.user_id),
      };
    },
  };
}
