/**
 * Benchmark of the core's hot paths, on PGlite or on PostgreSQL when DATABASE_URL is set, each
 * against a floor measured in the same run:
 *   1. recording thread answers (Quiz.recordReply), at concurrency 1 and 10, against the driver's
 *      own single-row INSERT of the same fields (raw postgres.js, or PGlite's query), alternated;
 *   2. one scheduler tick that posts the day's question to many channels (Quiz.tick);
 *   3. the same tick against a platform that takes `--post-ms` per post, channels spread over
 *      `--workspaces` workspaces, against its floor in the same run: the same posts as bare
 *      waits under the same fan-out limits (src/core/fan-out.ts), no database;
 *   4. the reveal of `--reveal-answers` answers from a fifth as many people, against its floor:
 *      one set-based SQL statement applying the streaks. Twice: the reveal's transaction (the
 *      deadline's work: the round closed, the last minute's grades, the streaks), and the whole
 *      tick (with the practice cards, the reveal message and every answerer's private note).
 * Run: npm run bench [-- --answers 2000 --channels 200 --post-ms 50 --workspaces 20]. Prints medians of 5 runs.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { ConsoleChat } from '../src/adapters/console/console-chat.js';
import { syncBundledBank } from '../src/bundled-bank.js';
import { FAN_OUT, fanOut } from '../src/core/fan-out.js';
import type { Chat, Store } from '../src/core/ports.js';
import { Quiz } from '../src/core/quiz.js';
import type { Channel, Platform } from '../src/core/types.js';
import { openDatabase } from '../src/db/open-database.js';
import { answers } from '../src/db/schema.js';
import { createStore } from '../src/db/store.js';
import { scratchDatabase } from './scratch-database.js';

const { values } = parseArgs({
  options: {
    answers: { type: 'string', default: '2000' },
    channels: { type: 'string', default: '200' },
    'post-ms': { type: 'string', default: '50' },
    workspaces: { type: 'string', default: '20' },
    'reveal-answers': { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
  },
});
const REVEAL_ANSWERS = Number(values['reveal-answers']);
const POST_MS = Number(values['post-ms']);
const WORKSPACES = Number(values.workspaces);
const ANSWERS = Number(values.answers);
const CHANNELS = Number(values.channels);
const RUNS = Number(values.runs);
const MONDAY_0900_KST = new Date('2026-11-23T00:00:00Z');

const ANSWER_TEXT = 'Security groups are stateful; NACLs are stateless and apply to the subnet.';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The console platform, each question post taking `postMs` (a platform's round trip). */
function slowConsole(postMs: number): Chat {
  const chat = new ConsoleChat(() => {});
  return Object.assign(Object.create(chat) as Chat, {
    postQuestion: async (...args: Parameters<Chat['postQuestion']>) => {
      await wait(postMs);
      return chat.postQuestion(...args);
    },
  });
}

function quizOn(store: Store, at: Date, postMs = 0): Quiz {
  const chat = postMs > 0 ? slowConsole(postMs) : new ConsoleChat(() => {});
  const chats = new Map<Platform, Chat>([['console', chat]]);
  return new Quiz({ store, clock: { now: () => at }, chats, random: () => 0.5 });
}

async function subscribed(store: Store, workspace: string, count: number): Promise<Channel[]> {
  const ws = await store.ensureWorkspace('console', workspace, workspace);
  const channels: Channel[] = [];
  for (let i = 0; i < count; i++) {
    const channel = await store.ensureChannel(ws, `c${i}`, `c${i}`);
    channels.push(await store.updateChannel(channel.id, { subscribed: true }));
  }
  return channels;
}

async function answersPerSecond(store: Store, run: number, concurrency: number): Promise<number> {
  const quiz = quizOn(store, MONDAY_0900_KST);
  const [channel] = await subscribed(store, `answers-${run}-${concurrency}`, 1);
  if (!channel) throw new Error('no channel');
  await quiz.tick(MONDAY_0900_KST);
  const round = await quiz.latestPostedRound(channel);
  if (!round?.messageRef) throw new Error('no open round');
  const address = {
    platform: 'console' as const,
    workspaceId: `answers-${run}-${concurrency}`,
    channelId: 'c0',
  };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < ANSWERS; i = next++) {
        await quiz.recordReply(address, {
          threadRef: round.messageRef!,
          messageRef: `m${i}`,
          userId: `u${i % 500}`,
          userName: `user ${i % 500}`,
          isBot: false,
          text: ANSWER_TEXT,
        });
      }
    }),
  );
  return ANSWERS / ((performance.now() - started) / 1000);
}

async function tickSeconds(store: Store, run: number): Promise<number> {
  const quiz = quizOn(store, MONDAY_0900_KST);
  await subscribed(store, `tick-${run}`, CHANNELS);
  const started = performance.now();
  const report = await quiz.tick(MONDAY_0900_KST);
  const seconds = (performance.now() - started) / 1000;
  if (report.posted < CHANNELS) throw new Error(`posted ${report.posted} of ${CHANNELS}`);
  return seconds;
}

/** The tick over CHANNELS channels in WORKSPACES workspaces, each post taking POST_MS; and its floor. */
async function fanOutSeconds(store: Store, run: number): Promise<{ ours: number; floor: number }> {
  const quiz = quizOn(store, MONDAY_0900_KST, POST_MS);
  const channels: Channel[] = [];
  for (let w = 0; w < WORKSPACES; w++)
    channels.push(...(await subscribed(store, `fan-${run}-${w}`, Math.ceil(CHANNELS / WORKSPACES))));
  const started = performance.now();
  const report = await quiz.tick(MONDAY_0900_KST);
  const ours = (performance.now() - started) / 1000;
  if (report.posted < channels.length) throw new Error(`posted ${report.posted} of ${channels.length}`);
  const floorStarted = performance.now();
  await fanOut(
    channels,
    (c) => c,
    () => wait(POST_MS),
  );
  return { ours, floor: (performance.now() - floorStarted) / 1000 };
}

const EVENING_1800_KST = new Date('2026-11-23T09:00:00Z');
const ONE_MINUTE_BEFORE = new Date(EVENING_1800_KST.getTime() - 60_000);

/** A round with REVEAL_ANSWERS answers (one counted and four extra per person) revealed by a tick; and its floor. */
async function revealSeconds(run: number): Promise<{ ours: number; transaction: number; floor: number }> {
  const quiz = quizOn(store, MONDAY_0900_KST);
  const [channel] = await subscribed(store, `reveal-${run}`, 1);
  if (!channel) throw new Error('no channel');
  await quiz.tick(MONDAY_0900_KST);
  const round = await quiz.latestPostedRound(channel);
  if (!round) throw new Error('no round');
  const people = Math.ceil(REVEAL_ANSWERS / 5);
  const rows = Array.from({ length: REVEAL_ANSWERS }, (_, i) => ({
    roundId: round.id,
    userId: `u${i % people}`,
    userName: `user ${i % people}`,
    messageRef: `m${i}`,
    text: 'Security groups are stateful and allow return traffic; NACLs are stateless, per subnet, with deny rules.',
    status: i < people ? 'counted' : 'extra',
  }));
  for (let i = 0; i < rows.length; i += 2000)
    await database.db.insert(answers).values(rows.slice(i, i + 2000));
  // Everyone had a streak of 3; a quarter more people had one and did not answer this time.
  await store.saveStreaks(
    channel.id,
    Array.from({ length: people + people / 4 }, (_, i) => ({
      userId: `u${i}`,
      userName: `user ${i}`,
      current: 3,
      best: 3,
    })),
    MONDAY_0900_KST,
  );
  const floor = await database.db
    .transaction(async (tx) => {
      const started = performance.now();
      await tx.execute(sql`
        insert into streaks (channel_id, user_id, user_name, current, best, updated_at)
        select ${channel.id}, user_id, user_name, 1, 1, now() from answers
        where round_id = ${round.id} and status = 'counted'
        on conflict (channel_id, user_id) do update
          set current = streaks.current + 1, best = greatest(streaks.best, streaks.current + 1),
              user_name = excluded.user_name, updated_at = excluded.updated_at`);
      const seconds = (performance.now() - started) / 1000;
      throw Object.assign(new Error('rollback'), { seconds });
    })
    .catch((e: { seconds?: number }) => {
      if (e.seconds === undefined) throw e;
      return e.seconds;
    });
  // The heartbeat's tick a minute before the deadline grades the answers of open rounds
  // (src/core/grading-ahead.ts), as it would have all day; not timed.
  await quizOn(store, ONE_MINUTE_BEFORE).tick(ONE_MINUTE_BEFORE);
  const timed = withTimedTransactions(store);
  const started = performance.now();
  const report = await quizOn(timed.store, EVENING_1800_KST).tick(EVENING_1800_KST);
  const ours = (performance.now() - started) / 1000;
  // …and their channels unsubscribed: a reveal tick would otherwise also walk a thousand channels.
  await database.db.execute(sql`update channels set subscribed = false`);
  if (report.revealed < 1) throw new Error('not revealed');
  return { ours, transaction: timed.seconds(), floor };
}

/** `store`, and the seconds spent in its transactions (a reveal tick has one: the reveal's). */
function withTimedTransactions(store: Store): { store: Store; seconds: () => number } {
  let ms = 0;
  const timed: Store = Object.assign(Object.create(store) as Store, {
    transaction: async <T>(work: (tx: Store) => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await store.transaction(work);
      } finally {
        ms += performance.now() - started;
      }
    },
  });
  return { store: timed, seconds: () => ms / 1000 };
}

/** The floor of recordReply: one single-row INSERT of an answer's fields through the driver itself. */
async function rawInserter(url: string | null): Promise<{
  insert: (values: string[]) => Promise<void>;
  close: () => Promise<void>;
}> {
  const table = `create table if not exists floor_answers (id serial primary key, round_id int not null,
    user_id text not null, user_name text not null, message_ref text not null, text text not null,
    status text not null, created_at timestamptz not null default now(), unique (round_id, message_ref))`;
  const insert = `insert into floor_answers (round_id, user_id, user_name, message_ref, text, status)
    values (1, $1, $2, $3, $4, 'counted') on conflict do nothing`;
  if (url) {
    const client = postgres(url, { max: 10, onnotice: () => {} });
    await client.unsafe(table);
    return {
      insert: async (v) => {
        await client.unsafe(insert, v, { prepare: true });
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = new PGlite();
  await pg.exec(table);
  return {
    insert: async (v) => {
      await pg.query(insert, v);
    },
    close: () => pg.close(),
  };
}

async function rawPerSecond(
  raw: Awaited<ReturnType<typeof rawInserter>>,
  run: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < ANSWERS; i = next++)
        await raw.insert([`u${i % 500}`, `user ${i % 500}`, `r${run}-${concurrency}-m${i}`, ANSWER_TEXT]);
    }),
  );
  return ANSWERS / ((performance.now() - started) / 1000);
}

interface Row {
  readonly path: string;
  readonly ours: string;
  readonly floor: string;
  /** ours ÷ floor, in the direction the target reads (a rate: ours/floor ≥ target; a time: ≤). */
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean;
}

const rows: Row[] = [];

function report(row: Row): void {
  rows.push(row);
  console.log(
    `${row.path}: ${row.ours}; floor ${row.floor}; ratio ${row.ratio.toFixed(2)}× (target ${row.target}: ${row.met ? 'met' : 'missed'})`,
  );
}

const scratch = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL, 'hot') : null;
const database = await openDatabase(scratch ? { url: scratch.url } : { dataDir: 'memory://' });
const store = createStore(database.db);
await syncBundledBank(store);
console.log(`${database.description} · node ${process.version} · medians of ${RUNS} runs`);
const raw = await rawInserter(scratch ? scratch.url : null);
for (const concurrency of [1, 10]) {
  const rates: number[] = [];
  const floors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    rates.push(await answersPerSecond(store, run, concurrency));
    floors.push(await rawPerSecond(raw, run, concurrency));
  }
  const ratio = median(rates) / median(floors);
  report({
    path: `recordReply, concurrency ${concurrency} (${database.kind})`,
    ours: `${median(rates).toFixed(0)} answers/s`,
    floor: `${median(floors).toFixed(0)} inserts/s (driver, one INSERT)`,
    ratio,
    target: '≥ 0.8×',
    met: ratio >= 0.8,
  });
}
await raw.close();
const ticks: number[] = [];
for (let run = 0; run < RUNS; run++) ticks.push(await tickSeconds(store, run));
console.log(
  `tick posting to ${CHANNELS} channels: ${median(ticks).toFixed(2)} s (${((median(ticks) / CHANNELS) * 1000).toFixed(1)} ms per channel; other runs' channels already posted)`,
);
const fans: { ours: number; floor: number }[] = [];
for (let run = 0; run < RUNS; run++) fans.push(await fanOutSeconds(store, run));
const ours = median(fans.map((f) => f.ours));
const floor = median(fans.map((f) => f.floor));
report({
  path: `tick fan-out, ${CHANNELS} channels in ${WORKSPACES} workspaces, ${POST_MS} ms per post (${database.kind})`,
  ours: `${ours.toFixed(2)} s`,
  floor: `${floor.toFixed(2)} s (bare waits, ${FAN_OUT.perWorkspace}/workspace, ${FAN_OUT.total} in all; one at a time: ${((CHANNELS * POST_MS) / 1000).toFixed(1)} s)`,
  ratio: ours / floor,
  target: '≤ 1.5×',
  met: ours / floor <= 1.5,
});
// The rounds the benchmarks above opened are revealed first (not timed): each measured reveal tick
// then has only its own round to reveal.
await quizOn(store, EVENING_1800_KST).tick(EVENING_1800_KST);
const reveals: { ours: number; transaction: number; floor: number }[] = [];
for (let run = 0; run < RUNS; run++) reveals.push(await revealSeconds(run));
const revealOurs = median(reveals.map((r) => r.ours));
const revealTransaction = median(reveals.map((r) => r.transaction));
const revealFloor = median(reveals.map((r) => r.floor));
const people = REVEAL_ANSWERS / 5;
report({
  path: `reveal of ${REVEAL_ANSWERS} answers from ${people} people, at the deadline (${database.kind})`,
  ours: `${(revealTransaction * 1000).toFixed(0)} ms (the transaction: round closed, last minute's grades, streaks)`,
  floor: `${(revealFloor * 1000).toFixed(0)} ms (one set-based streak statement)`,
  ratio: revealTransaction / revealFloor,
  target: '≤ 2×',
  met: revealTransaction / revealFloor <= 2,
});
report({
  path: `the same reveal's whole tick (${database.kind})`,
  ours: `${(revealOurs * 1000).toFixed(0)} ms (+ practice cards, the reveal message, ${people} private notes)`,
  floor: `${(revealFloor * 1000).toFixed(0)} ms (the same statement)`,
  ratio: revealOurs / revealFloor,
  target: '≤ 2×',
  met: revealOurs / revealFloor <= 2,
});
if (process.env.BENCH_OUT)
  appendFileSync(
    process.env.BENCH_OUT,
    rows
      .map(
        (r) =>
          `| ${r.path} | ${r.ours} | ${r.floor} | ${r.ratio.toFixed(2)}× | ${r.target} | ${r.met ? 'met' : 'missed'} |\n`,
      )
      .join(''),
  );
await database.close();
await scratch?.drop();
