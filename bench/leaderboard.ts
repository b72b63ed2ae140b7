/**
 * Benchmark of the leaderboard at size: `--answers` counted answers (default 1,000,000) from
 * `--users` people (5,000) over a year of revealed daily rounds in one channel, seeded with
 * generate_series, on PGlite or a scratch PostgreSQL database (DATABASE_URL, dropped afterwards).
 * For the week, the month and all time it measures p95 of what `/sa-leaderboard` runs
 * (`store.leaderboard`: drizzle, the store's statement, its mapping) against its floor in the
 * same run: the best single SQL written by hand below for the same result (top 10 and the
 * caller's exact rank), sent by the driver itself (raw postgres.js, or PGlite's own query()),
 * each variant called in turn with ours (A B C, B C A, C A B, ...); the floor is the fastest
 * variant's p95.
 * Every variant's result is checked against ours.
 * Run: npm run bench:leaderboard [-- --answers 1000000 --users 5000 --calls 30 --explain --keep]
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { Period } from '../src/core/i18n/catalog.js';
import { periodStart, type RankedEntry } from '../src/core/leaderboard.js';
import { type Database, openDatabase } from '../src/db/open-database.js';
import { createStore } from '../src/db/store.js';
import { scratchDatabase } from './scratch-database.js';

const { values } = parseArgs({
  options: {
    answers: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '5000' },
    calls: { type: 'string', default: '30' },
    explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const ANSWERS = Number(values.answers);
const USERS = Number(values.users);
/**
 * Calls measured per statement for all time; the week and the month, a few milliseconds each, get
 * four times as many, so that a p95 on a shared machine is not one unlucky call.
 */
const CALLS = Number(values.calls);
const callsFor = (period: Period) => (period === 'all' ? CALLS : 4 * CALLS);
const WARM_UP = 3;
const DAYS = 365;
const TODAY = '2026-11-25';
const CALLER = `U${USERS - 1}`;
const LIMIT = 10;

const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? 0;

/**
 * A year of revealed rounds and ANSWERS counted answers (each person at most once a round; six
 * in seven graded, with scores in quarters), and a streak for everyone.
 */
async function seed(database: Database): Promise<number> {
  const store = createStore(database.db);
  const ws = await store.ensureWorkspace('slack', 'TBENCH', 'bench');
  const channel = await store.ensureChannel(ws, 'CBENCH', 'bench');
  const ko = {
    title: 'Q',
    definition: 'd',
    benefits: ['b'],
    risks: ['r'],
    categories: [],
    notes: [],
    docs: null,
    followUp: null,
    aliases: [],
  };
  await store.saveQuestions(null, [{ key: 'q', texts: { ko }, sources: [] }], 'bench');
  const [question] = await store.listQuestions(null);
  const db = database.db;
  await db.execute(sql`
    insert into rounds (channel_id, kind, local_date, question_id, status, post_at, reveal_at, claimed_at, posted_at, revealed_at, message_ref)
    select ${channel.id}, 'daily', ${TODAY}::date - d, ${question!.id}, 'revealed', now(), now(), now(), now(), now(), 'ts' || d
    from generate_series(0, ${DAYS - 1}::int) d`);
  const perRound = Math.ceil(ANSWERS / DAYS);
  // Answers arrive day by day: answer g is in round g / perRound (stored in that order, as a real
  // channel's are), from person (g % perRound + 13 * round) % USERS (once per person a round).
  for (let start = 0; start < ANSWERS; start += 200_000) {
    const end = Math.min(ANSWERS, start + 200_000) - 1;
    await db.execute(sql`
      insert into answers (round_id, user_id, user_name, message_ref, text, status, grade)
      select r.id, 'U' || u, 'user ' || u, 'm' || g, 'answer', 'counted',
        case when g % 7 <> 0 then jsonb_build_object('grader', 'keywords', 'version', '1', 'score', (g % 5) / 4.0,
          'covered', g % 5, 'total', 4, 'points', '[]'::jsonb, 'attempt', true, 'feedback', null) end
      from generate_series(${start}::int, ${end}::int) g
        cross join lateral (select g / ${perRound}::int as day) d
        cross join lateral (select (g % ${perRound}::int + 13 * d.day) % ${USERS}::int as u) p
      join rounds r on r.channel_id = ${channel.id} and r.local_date = ${TODAY}::date - (${DAYS - 1}::int - d.day)
      order by g`);
  }
  await db.execute(sql`
    insert into streaks (channel_id, user_id, user_name, current, best)
    select ${channel.id}, 'U' || u, 'user ' || u, u % 7, u % 11 from generate_series(0, ${USERS - 1}::int) u`);
  // As autovacuum would have by then: statistics, and the visibility map index-only scans need.
  await db.execute(sql`vacuum analyze`);
  console.log(`seeded ${ANSWERS} answers (${perRound} a round) from ${USERS} people over ${DAYS} rounds`);
  return channel.id;
}

/** The period's counted answers in revealed rounds ($1 channel, $2 first date when the period has one). */
const periodAnswers = (since: boolean) => `
  select a.user_id, a.score, a.user_name
  from rounds r join answers a on a.round_id = r.id and a.status = 'counted'
  where r.channel_id = $1 and r.status = 'revealed'${since ? ' and r.local_date >= $2::date' : ''}`;

/** Ranking everyone by windows, the rows asked for and their names (entries in `board`). */
const rankAndPick = (since: boolean) => `
  ranked as (
    select *,
      rank() over (order by answers desc, floor(score * 1e6::float8 + 0.5::float8) desc, current desc, best desc) as rank,
      row_number() over (order by answers desc, floor(score * 1e6::float8 + 0.5::float8) desc, current desc, best desc,
        user_id collate "C") as pos
    from board
    where answers > 0 or current > 0 or best > 0
  )
  select user_id, current, best, answers, score, rank,
    coalesce(streak_name, (select max(p.user_name) from (${periodAnswers(since)}) p where p.user_id = ranked.user_id), '')
      as user_name
  from ranked
  where pos <= $${since ? 4 : 3} or user_id = $${since ? 3 : 2}
  order by pos`;

/** Top N by a bounded sort and the caller's rank by counting, over `answersOf` (as `periodAnswers`). */
const topN = (since: boolean, answersOf: string) => `
  with scored as (
    select user_id, count(*)::int as answers, coalesce(sum(score), 0)::float8 as score
    from (${answersOf}) p group by user_id
  ), board as materialized (
    select coalesce(s.user_id, x.user_id) as user_id, s.user_name as streak_name,
      coalesce(s.current, 0) as current, coalesce(s.best, 0) as best,
      coalesce(x.answers, 0) as answers, coalesce(x.score, 0)::float8 as score,
      floor(coalesce(x.score, 0)::float8 * 1e6::float8 + 0.5::float8) as score_key
    from (select * from streaks where channel_id = $1) s full join scored x on x.user_id = s.user_id
    where coalesce(x.answers, 0) > 0 or coalesce(s.current, 0) > 0 or coalesce(s.best, 0) > 0
  ), top as (
    select * from board
    order by answers desc, score_key desc, current desc, best desc, user_id collate "C" limit $${since ? 4 : 3}
  ), picked as (
    select *, rank() over (order by answers desc, score_key desc, current desc, best desc) as rank, 0 as part
    from top
    union all
    select me.*, 1 + (select count(*) from board b
        where (b.answers, b.score_key, b.current, b.best) > (me.answers, me.score_key, me.current, me.best)), 1
    from board me where me.user_id = $${since ? 3 : 2} and me.user_id not in (select user_id from top)
  )
  select user_id, current, best, answers, score, rank,
    coalesce(streak_name, (select max(p.user_name) from (${periodAnswers(since)}) p where p.user_id = picked.user_id), '')
      as user_name
  from picked
  order by part, answers desc, score_key desc, current desc, best desc, user_id collate "C"`;

/** The period's answers as `periodAnswers`, the round ids gathered in an array first. */
const periodAnswersByArray = (since: boolean) => `
  select a.user_id, a.score, a.user_name
  from answers a
  where a.status = 'counted' and a.round_id = any(array(
    select id from rounds r
    where r.channel_id = $1 and r.status = 'revealed'${since ? ' and r.local_date >= $2::date' : ''}))`;

/**
 * The floor: the same result written by hand, in the variants that might be fastest. Parameters:
 * $1 channel, ($2 first date,) caller, limit.
 */
const FLOORS: Record<string, (since: boolean) => string> = {
  // Answers aggregated per person, joined to the streaks, everyone sorted and ranked by windows.
  'window over everyone': (since) => `
    with scored as (
      select user_id, count(*)::int as answers, coalesce(sum(score), 0)::float8 as score
      from (${periodAnswers(since)}) p group by user_id
    ), board as (
      select coalesce(s.user_id, x.user_id) as user_id, s.user_name as streak_name,
        coalesce(s.current, 0) as current, coalesce(s.best, 0) as best,
        coalesce(x.answers, 0) as answers, coalesce(x.score, 0)::float8 as score
      from (select * from streaks where channel_id = $1) s full join scored x on x.user_id = s.user_id
    ), ${rankAndPick(since)}`,
  // Top N by a bounded sort, ranks there from the window; the caller's rank by counting who is ahead.
  'top n + count': (since) => topN(since, periodAnswers(since)),
  // The same, the period's answers read by an index scan on the round ids as an array (no join).
  'top n, rounds as an array': (since) => topN(since, periodAnswersByArray(since)),
};

type Row = Record<string, unknown>;
const asEntry = (r: Row): RankedEntry => ({
  userId: String(r.user_id),
  userName: String(r.user_name),
  current: Number(r.current),
  best: Number(r.best),
  answers: Number(r.answers),
  score: Number(r.score),
  rank: Number(r.rank),
});

const scratch = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL, 'board') : null;
const database = await openDatabase(scratch ? { url: scratch.url } : { dataDir: 'memory://' });
const seedStarted = performance.now();
const channelId = await seed(database);
console.log(`${database.description}: seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`);
const store = createStore(database.db);

/** The floor's driver: raw postgres.js (prepared), or the same PGlite instance's own query(). */
let raw: (text: string, params: unknown[]) => Promise<Row[]>;
let closeRaw: () => Promise<void>;
if (scratch) {
  // The service's connection settings (src/db/open-database.ts: no JIT).
  const client = postgres(scratch.url, { max: 1, onnotice: () => {}, connection: { jit: 'off' } });
  raw = async (text, params) => [...(await client.unsafe(text, params as never[], { prepare: true }))];
  closeRaw = () => client.end({ timeout: 5 });
} else {
  const pglite = (database.db as unknown as { $client: PGlite }).$client;
  raw = async (text, params) => (await pglite.query<Row>(text, params)).rows;
  closeRaw = async () => {};
}

const round9 = (e: RankedEntry) => ({ ...e, score: Number(e.score.toFixed(9)) });
const same = (a: { top: RankedEntry[]; caller: RankedEntry | null }, b: RankedEntry[]) =>
  JSON.stringify([...a.top, ...(a.caller && !a.top.includes(a.caller) ? [a.caller] : [])].map(round9)) ===
  JSON.stringify(b.map(round9));

const rows: string[] = [];
for (const period of ['week', 'month', 'all'] as Period[]) {
  const since = periodStart(period, TODAY);
  const params = since === null ? [channelId, CALLER, LIMIT] : [channelId, since, CALLER, LIMIT];
  const floors = Object.entries(FLOORS).map(([name, text]) => ({
    name,
    text: text(since !== null),
    ms: [] as number[],
  }));
  const ours: number[] = [];
  const calls = callsFor(period);
  let board: { top: RankedEntry[]; caller: RankedEntry | null } | null = null;
  const checked = new Set<string>();
  // Ours and each variant in turn, the order rotated every round (no statement always runs first).
  const steps = [
    async () => {
      const t = performance.now();
      board = await store.leaderboard(channelId, since, CALLER, LIMIT);
      return performance.now() - t;
    },
    ...floors.map((floor) => async () => {
      const t = performance.now();
      const result = await raw(floor.text, params);
      const ms = performance.now() - t;
      if (board && !checked.has(floor.name)) {
        if (!same(board, result.map(asEntry)))
          throw new Error(`the floor "${floor.name}" (${period}) disagrees with the store's leaderboard`);
        checked.add(floor.name);
      }
      return ms;
    }),
  ];
  const samples = [ours, ...floors.map((f) => f.ms)];
  for (let i = 0; i < calls + WARM_UP; i++)
    for (let j = 0; j < steps.length; j++) {
      const k = (i + j) % steps.length;
      const ms = await steps[k]!();
      if (i >= WARM_UP) samples[k]!.push(ms);
    }
  const last = board as { top: RankedEntry[]; caller: RankedEntry | null } | null;
  if (!last || last.top.length !== LIMIT || !last.caller)
    throw new Error('the leaderboard came back incomplete');
  if (checked.size !== floors.length) throw new Error('a floor was never checked against ours');
  if (values.explain)
    for (const floor of floors) {
      const plan = await raw(`explain (analyze, buffers) ${floor.text}`, params);
      console.log(`-- ${floor.name}, ${period}\n${plan.map((r) => Object.values(r)[0]).join('\n')}`);
    }
  const best = floors.reduce((a, b) => (p95(b.ms) < p95(a.ms) ? b : a));
  const ratio = p95(ours) / p95(best.ms);
  const met = ratio <= 1.5;
  const variants = floors.map((f) => `${f.name} ${p95(f.ms).toFixed(1)} ms`).join(', ');
  console.log(
    `leaderboard p95 ${period} (${database.kind}, ${ANSWERS} answers, ${calls} calls each): ours ${p95(ours).toFixed(1)} ms; floor ${p95(best.ms).toFixed(1)} ms (${variants}); ratio ${ratio.toFixed(2)}×, target ≤ 1.5×: ${met ? 'met' : 'missed'}`,
  );
  rows.push(
    `| leaderboard p95 ${period} (${database.kind}, ${ANSWERS.toLocaleString('en')} answers) | ${p95(ours).toFixed(1)} ms | ${p95(best.ms).toFixed(1)} ms (best hand-written SQL: ${best.name}) | ${ratio.toFixed(2)}× | ≤ 1.5× | ${met ? 'met' : 'missed'} |\n`,
  );
}
if (process.env.BENCH_OUT) appendFileSync(process.env.BENCH_OUT, rows.join(''));
await closeRaw();
await database.close();
if (values.keep) console.log(`kept ${scratch?.url ?? 'nothing (PGlite)'}`);
else await scratch?.drop();
