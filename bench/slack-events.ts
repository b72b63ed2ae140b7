/**
 * Benchmark of the Slack answer-event path and of idle memory, each against a floor measured in
 * the same run (A B A B, medians), on PGlite, or on a scratch PostgreSQL database (created and
 * dropped here) when DATABASE_URL is set:
 *   1. signed `message` events (thread replies to a posted question, from `--users` people) fired
 *      at the production bundle's /slack/events (`npm run build`, `node dist/cli.js start`, Slack
 *      HTTP mode against the repo's fake Slack) over `--connections` keep-alive connections:
 *      acked/s and p50/p99 of the HTTP 200; afterwards every answer is counted in the database.
 *      Floor: a bare Bolt app whose listener does one INSERT (bench/slack-floor-app.ts, bundled
 *      with esbuild, run with plain node) receiving the same signed events the same way.
 *   2. the production bundle's RSS once /healthz answers and 3 s pass with no traffic; floor:
 *      the bare Bolt + postgres.js (or PGlite) process idle the same way.
 * Run: npm run bench:slack [-- --events 3000 --connections 50 --users 500 --runs 3 --warmup 1000
 *   --idle-runs 5 --cpu-prof DIR] (--cpu-prof: V8 profiles of both processes of part 1 into DIR).
 * With BENCH_OUT=<file>, markdown table rows are appended to it.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { FakeSlack } from '../tests/fakes/slack-api.js';
import {
  EventsClient,
  type LoadResult,
  median,
  percentile,
  redelivery,
  type SignedEvent,
  threadReplies,
} from './slack-load.js';
import { BenchProcess, buildBundles, killAll, type Storage, scratchDatabase } from './slack-processes.js';
import { ADMIN, floorCount, openRound, storedAnswers } from './slack-rounds.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '3000' },
    connections: { type: 'string', default: '50' },
    users: { type: 'string', default: '500' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1000' },
    'idle-runs': { type: 'string', default: '5' }, // 0: no idle RSS; an odd count has a true median
    'cpu-prof': { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const CONNECTIONS = Number(values.connections);
const USERS = Number(values.users);
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);
const IDLE_RUNS = Number(values['idle-runs']);
const IDLE_MS = 3000;
const PATH = `Slack answer events acked/s, production bundle (${CONNECTIONS} connections)`;

interface RunFigures {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
  /** Deliveries not answered 200 the first time (redelivered afterwards, as Slack would). */
  readonly refused: number;
  /** Their statuses (0: no answer within 10 s, or a broken connection), e.g. `500×3`. */
  readonly refusals: string;
}

function refusalsOf(statuses: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) if (s !== 200) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${s}×${n}`).join(' ');
}

function figures(result: LoadResult): RunFigures {
  const acked = result.statuses.filter((s) => s === 200).length;
  return {
    rate: acked / result.seconds,
    p50: percentile(result.latenciesMs, 50),
    p99: percentile(result.latenciesMs, 99),
    refused: result.statuses.length - acked,
    refusals: refusalsOf(result.statuses),
  };
}

/** Redelivers what was not acked, as Slack does (up to 3 retries each); returns how many never were. */
async function redeliverRefused(
  client: EventsClient,
  events: readonly SignedEvent[],
  result: LoadResult,
): Promise<number> {
  let lost = 0;
  for (const [i, status] of result.statuses.entries()) {
    const event = events[i];
    if (status === 200 || !event) continue;
    let acked = false;
    for (let retry = 1; retry <= 3 && !acked; retry++)
      acked = (await client.send(redelivery(event, retry))).status === 200;
    if (!acked) lost += 1;
  }
  return lost;
}

/** Resolves once the fake Slack has had no call for 300 ms (at most 15 s). */
async function settled(slack: FakeSlack): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen = -1;
  while (slack.calls.length !== seen && Date.now() < deadline) {
    seen = slack.calls.length;
    await sleep(300);
  }
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number): string => (n >= 1000 ? `${fmt(n / 1000, 2)} s` : `${fmt(n)} ms`);
const summary = (f: RunFigures): string =>
  `${fmt(f.rate)} acked/s, p50 ${ms(f.p50)}, p99 ${ms(f.p99)}${f.refused > 0 ? `, ${f.refused} not acked first time (${f.refusals})` : ''}`;

function medianFigures(runs: readonly RunFigures[]): RunFigures {
  return {
    rate: median(runs.map((r) => r.rate)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    refused: runs.reduce((n, r) => n + r.refused, 0),
    refusals: runs
      .map((r) => r.refusals)
      .filter((r) => r !== '')
      .join(' '),
  };
}

const rows: string[] = [];
function row(path: string, ours: string, floor: string, ratio: number, target: string, met: boolean): void {
  rows.push(
    `| ${path} (${kindLabel}) | ${ours} | ${floor} | ${fmt(ratio, 2)}× | ${target} | ${met ? 'met' : 'missed'} |`,
  );
}

const baseUrl = process.env.DATABASE_URL;
const kindLabel = baseUrl ? 'PostgreSQL' : 'PGlite';
const tmp = mkdtempSync(join(tmpdir(), 'sa-quiz-bench-slack-'));
let scratch: Awaited<ReturnType<typeof scratchDatabase>> | null = null;
let fake: FakeSlack | null = null;
let failed = false;
const onSignal = (): void => {
  killAll();
  process.exit(130);
};
process.once('SIGINT', onSignal);

try {
  const bundles = await buildBundles();
  scratch = baseUrl ? await scratchDatabase(baseUrl, 'slack') : null;
  const ours: Storage = scratch
    ? { kind: 'postgres', url: scratch.url }
    : { kind: 'pglite', dir: join(tmp, 'service') };
  const floorStorage: Storage = scratch
    ? { kind: 'postgres', url: scratch.url }
    : { kind: 'pglite', dir: join(tmp, 'floor') };
  fake = await FakeSlack.start();
  fake.addUser({ id: ADMIN, name: 'Bench Admin' });
  const slack = fake;
  const nodeFlags = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];
  const serviceSpec = {
    name: 'sa-quiz (dist/cli.js start)',
    args: [bundles.service, 'start'],
    slackApiUrl: slack.apiUrl,
    extraEnv: { SA_QUIZ_ADMINS: ADMIN },
  };
  const floorSpec = {
    name: 'floor (bare Bolt + one INSERT)',
    args: [bundles.floor],
    slackApiUrl: slack.apiUrl,
  };
  console.log(
    `${kindLabel}${scratch ? ' (scratch database)' : ' (data directories on disk)'} · node ${process.version} · ${EVENTS} events from ${USERS} people per run, ${CONNECTIONS} connections, medians of ${RUNS} runs (A B A B), ${WARMUP} warm-up events each`,
  );

  // ------------------------------------------------------------------ 1. answer events
  const service = await BenchProcess.start({ ...serviceSpec, storage: ours, nodeFlags });
  const floor = await BenchProcess.start({ ...floorSpec, storage: floorStorage, nodeFlags });
  const ourClient = new EventsClient(service.eventsUrl, CONNECTIONS);
  const floorClient = new EventsClient(floor.eventsUrl, CONNECTIONS);
  const channels = ['C0WARMUP', ...Array.from({ length: RUNS }, (_, r) => `C0RUN${r}`)];
  const threads = new Map<string, string>();
  for (const channel of channels) threads.set(channel, await openRound(slack, service.eventsUrl, channel));
  const people = (tag: string) => (i: number) => `U${tag}X${i % USERS}`;
  for (const tag of channels.map((_, r) => `P${r}`))
    for (let i = 0; i < Math.min(USERS, Math.max(EVENTS, WARMUP)); i++)
      slack.addUser({ id: people(tag)(i), name: `Person ${tag}-${i}` });
  const batch = (target: 'ours' | 'floor', r: number, count: number): SignedEvent[] => {
    const channel = channels[r] ?? '';
    return threadReplies({
      channel,
      threadTs: target === 'ours' ? (threads.get(channel) ?? '') : `${1_800_000_000 + r}.000001`,
      userOf: people(`P${r}`),
      eventPrefix: `Ev${target === 'ours' ? 'S' : 'F'}${r}X`,
      count,
    });
  };
  const lostOf = { ours: 0, floor: 0 };
  const oursRuns: RunFigures[] = [];
  const floorRuns: RunFigures[] = [];
  const callsBefore = new Map<string, number>();
  for (let r = 0; r < channels.length; r++) {
    const count = r === 0 ? WARMUP : EVENTS;
    if (r === 1) for (const c of slack.calls) callsBefore.set(c.method, (callsBefore.get(c.method) ?? 0) + 1);
    const ourEvents = batch('ours', r, count);
    const ourResult = await ourClient.fire(ourEvents);
    lostOf.ours += await redeliverRefused(ourClient, ourEvents, ourResult);
    await settled(slack); // the follow-ups (reactions, hints) done before the other side runs
    const floorEvents = batch('floor', r, count);
    const floorResult = await floorClient.fire(floorEvents);
    lostOf.floor += await redeliverRefused(floorClient, floorEvents, floorResult);
    if (r === 0) continue;
    oursRuns.push(figures(ourResult));
    floorRuns.push(figures(floorResult));
    console.log(`  run ${r}: ours ${summary(figures(ourResult))} · floor ${summary(figures(floorResult))}`);
  }
  const floorStored = await Promise.all(
    channels.map(async (_, r) => floorCount(floor.baseUrl, `${1_800_000_000 + r}.000001`)),
  );
  await Promise.all([floor.stop(), service.stop()]);
  const serviceWarnings = service.warnings();
  const calls = new Map<string, number>();
  for (const c of slack.calls) calls.set(c.method, (calls.get(c.method) ?? 0) + 1);
  const perAnswer = [...calls]
    .map(([method, n]) => [method, n - (callsBefore.get(method) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([method, n]) => `${method} ${fmt(n / (RUNS * EVENTS), 2)}`)
    .join(', ');
  ourClient.close();
  floorClient.close();
  const stored = await storedAnswers(ours, channels);

  const o = medianFigures(oursRuns);
  const f = medianFigures(floorRuns);
  const rateRatio = o.rate / f.rate;
  const p99Ratio = o.p99 / f.p99;
  console.log(`${PATH}:`);
  console.log(`  ours (production bundle): ${summary(o)}`);
  console.log(`  floor (Bolt + one INSERT): ${summary(f)}`);
  console.log(
    `  ratio: acked/s ${fmt(rateRatio, 2)}× (target ≥ 0.7×: ${rateRatio >= 0.7 ? 'met' : 'missed'}), p99 ${fmt(p99Ratio, 1)}× (target ≤ 1.5×: ${p99Ratio <= 1.5 ? 'met' : 'missed'})`,
  );
  row(PATH, `${fmt(o.rate)}/s`, `${fmt(f.rate)}/s`, rateRatio, '≥ 0.7×', rateRatio >= 0.7);
  row(PATH.replace('acked/s', 'p99'), ms(o.p99), ms(f.p99), p99Ratio, '≤ 1.5×', p99Ratio <= 1.5);
  if (!scratch) {
    console.log(`  PGlite p99 ${ms(o.p99)} (target < 1 s: ${o.p99 < 1000 ? 'met' : 'missed'})`);
    row(PATH.replace('acked/s', 'p99 < 1 s'), ms(o.p99), ms(f.p99), p99Ratio, '< 1 s', o.p99 < 1000);
  }
  console.log(`  Slack API calls per measured event: ${perAnswer || 'none'}`);
  const tally = new Map<string, number>();
  for (const w of serviceWarnings) tally.set(w, (tally.get(w) ?? 0) + 1);
  if (tally.size > 0)
    console.log(`  service warnings: ${[...tally].map(([m, n]) => `${n}× "${m}"`).join('; ')}`);

  // Nothing lost: every event's answer stored once, one counted answer per person.
  const problems: string[] = [];
  for (const [r, channel] of channels.entries()) {
    const expected = r === 0 ? WARMUP : EVENTS;
    const got = stored.get(channel) ?? { total: 0, counted: 0 };
    const counted = Math.min(USERS, expected);
    if (got.total !== expected || got.counted !== counted)
      problems.push(
        `${channel}: service stored ${got.total}/${expected} (${got.counted}/${counted} counted)`,
      );
    if (floorStored[r] !== expected) problems.push(`${channel}: floor stored ${floorStored[r]}/${expected}`);
  }
  if (lostOf.ours + lostOf.floor > 0)
    problems.push(`never acked after 3 redeliveries: ours ${lostOf.ours}, floor ${lostOf.floor}`);
  if (problems.length > 0) {
    failed = true;
    console.log(`  NOT ALL STORED: ${problems.join('; ')}`);
  } else {
    console.log(
      `  stored: every answer of every run, once (service: ${EVENTS} per run, ${Math.min(USERS, EVENTS)} counted; floor: ${EVENTS} per run)`,
    );
  }

  // ------------------------------------------------------------------ 2. idle RSS
  if (IDLE_RUNS > 0) {
    const idle = { ours: [] as number[], floor: [] as number[] };
    for (let i = 0; i < IDLE_RUNS; i++) {
      for (const [side, spec, storage] of [
        ['ours', serviceSpec, ours],
        ['floor', floorSpec, floorStorage],
      ] as const) {
        const p = await BenchProcess.start({ ...spec, storage });
        await sleep(IDLE_MS);
        idle[side].push(p.rssMb());
        await p.stop();
      }
    }
    const rssOurs = median(idle.ours);
    const rssFloor = median(idle.floor);
    const rssRatio = rssOurs / rssFloor;
    console.log(
      `production idle RSS (${IDLE_MS / 1000} s after /healthz, Slack HTTP only, Discord off): ours ${fmt(rssOurs, 1)} MB, floor (bare Bolt + ${scratch ? 'postgres.js' : 'PGlite'}) ${fmt(rssFloor, 1)} MB, ratio ${fmt(rssRatio, 2)}× (target ≤ 1.3×: ${rssRatio <= 1.3 ? 'met' : 'missed'}) [ours ${idle.ours.map((x) => fmt(x)).join(', ')}; floor ${idle.floor.map((x) => fmt(x)).join(', ')}]`,
    );
    row(
      'production idle RSS',
      `${fmt(rssOurs)} MB`,
      `${fmt(rssFloor)} MB`,
      rssRatio,
      '≤ 1.3×',
      rssRatio <= 1.3,
    );
  }
  if (process.env.BENCH_OUT) appendFileSync(process.env.BENCH_OUT, `${rows.join('\n')}\n`);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  killAll();
  await fake?.close();
  await scratch?.drop();
  rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
