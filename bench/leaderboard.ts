/**
 * Benchmark of the leaderboard at size: `--answers` counted answers (default 1,000,000) from
 * `--users` people (5,000) over a year of revealed daily rounds in one channel, seeded with
 * generate_series, on PGlite or a scratch PostgreSQL database (DATABASE_URL). For the week, the
 * month and all time it measures p95 of what `/sa-leaderboard` runs (the store's statement and
 * its mapping) against its floor in the same run: the same statement sent by the driver itself
 * (raw postgres.js, or PGlite's query), with no ORM, no mapping, alternated call by call.
 * Run: npm run bench:leaderboard [-- --answers 1000000 --users 5000 --calls 30]
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { Period } from '../src/core/i18n/catalog.js';
import { periodStart } from '../src/core/leaderboard.js';
import { leaderboardSql } from '../src/db/leaderboard-store.js';
import { type Database, openDatabase } from '../src/db/open-database.js';
import { createStore } from '../src/db/store.js';

const { values } = parseArgs({
  options: {
    answers: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '5000' },
    calls: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const ANSWERS = Number(values.answers);
const USERS = Number(values.users);
const CALLS = Number(values.calls);
const DAYS = 365;
const TODAY = '2026-11-25';

const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? 0;

async function scratch(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `saquiz_bench_board_${process.pid}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** A year of revealed rounds, ANSWERS counted answers (each person at most once a round), streaks. */
async function seed(database: Database): Promise<number> {
  const store = createStore(database.db);
  const ws = await store.ensureWorkspace('slack', 'TBENCH', 'bench');
  const channel = await store.ensureChannel(ws, 'CBENCH', 'bench');
  await store.saveQuestions(
    null,
    [
      {
        key: 'q',
        texts: {
          ko: {
            title: 'Q',
            definition: 'd',
            benefits: ['b'],
            risks: ['r'],
            categories: [],
            notes: [],
            docs: null,
            followUp: null,
            aliases: [],
          },
        },
        sources: [],
      },
    ],
    'bench',
  );
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
        jsonb_build_object('grader', 'keywords', 'version', '1', 'score', (g % 5) / 4.0, 'covered', g % 5, 'total', 4,
          'points', '[]'::jsonb, 'attempt', true, 'feedback', null)
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

const base = process.env.DATABASE_URL ? await scratch(process.env.DATABASE_URL) : null;
const database = await openDatabase(base ? { url: base.url } : { dataDir: 'memory://' });
const seedStarted = performance.now();
const channelId = await seed(database);
console.log(`${database.description}: seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`);
const store = createStore(database.db);

/** The floor: the statement's text and parameters, sent by the driver itself. */
const dialect = new (await import('drizzle-orm/pg-core')).PgDialect();
let raw: (text: string, params: unknown[]) => Promise<unknown>;
let closeRaw: () => Promise<void>;
if (base) {
  // The service's connection settings (src/db/open-database.ts: no JIT).
  const client = postgres(base.url, { max: 1, onnotice: () => {}, connection: { jit: 'off' } });
  raw = (text, params) => client.unsafe(text, params as never[], { prepare: true });
  closeRaw = () => client.end({ timeout: 5 });
} else {
  // PGlite holds one database per instance: the floor asks the same instance, through its own query().
  const pglite = (database.db as unknown as { $client: PGlite }).$client;
  raw = (text, params) => pglite.query(text, params);
  closeRaw = async () => {};
}

const rows: string[] = [];
for (const period of ['week', 'month', 'all'] as Period[]) {
  const since = periodStart(period, TODAY);
  const query = dialect.sqlToQuery(leaderboardSql(channelId, since, 'U4999', 10));
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < CALLS + 3; i++) {
    let t = performance.now();
    const board = await store.leaderboard(channelId, since, 'U4999', 10);
    const oursMs = performance.now() - t;
    t = performance.now();
    await raw(query.sql, query.params);
    const floorMs = performance.now() - t;
    if (i < 3) continue; // warm-up
    if (board.top.length !== 10 || !board.caller) throw new Error('the leaderboard came back incomplete');
    ours.push(oursMs);
    floor.push(floorMs);
  }
  const ratio = p95(ours) / p95(floor);
  const met = ratio <= 1.5;
  console.log(
    `leaderboard p95, ${period} (${database.kind}, ${ANSWERS} answers): ${p95(ours).toFixed(1)} ms; floor ${p95(floor).toFixed(1)} ms; ratio ${ratio.toFixed(2)}× (target ≤ 1.5×: ${met ? 'met' : 'missed'})`,
  );
  rows.push(
    `| leaderboard p95, ${period} (${database.kind}, ${ANSWERS.toLocaleString('en')} answers) | ${p95(ours).toFixed(1)} ms | ${p95(floor).toFixed(1)} ms (the same statement, driver only) | ${ratio.toFixed(2)}× | ≤ 1.5× | ${met ? 'met' : 'missed'} |\n`,
  );
}
if (process.env.BENCH_OUT) appendFileSync(process.env.BENCH_OUT, rows.join(''));
await closeRaw();
await database.close();
if (values.keep) console.log(`kept ${base?.url ?? 'nothing (PGlite)'}`);
else await base?.drop();
