/**
 * What one practice command costs with a large workspace bank, on PGlite or on PostgreSQL when
 * DATABASE_URL is set: `/sa-quiz` (no query, and with a keyword), "show the answer", a grade,
 * and one tick posting the daily question. Run:
 *   node --expose-gc --import tsx bench/large-bank.ts [--questions 20000] [--runs 15]
 * Prints the median time of the runs and the heap a command leaves allocated (heap used right
 * after it, minus heap used after a full GC before it).
 */
import { parseArgs } from 'node:util';
import { ConsoleChat } from '../src/adapters/console/console-chat.js';
import { syncBundledBank } from '../src/bundled-bank.js';
import type { Chat } from '../src/core/ports.js';
import { Quiz } from '../src/core/quiz.js';
import type { ChannelAddress, Platform } from '../src/core/types.js';
import { openDatabase } from '../src/db/open-database.js';
import { createStore } from '../src/db/store.js';
import { generatedKey, insertGeneratedBank } from '../tests/helpers/large-bank.js';
import { scratchDatabase } from './scratch-database.js';

const { values } = parseArgs({
  options: { questions: { type: 'string', default: '20000' }, runs: { type: 'string', default: '15' } },
});
const COUNT = Number(values.questions);
const RUNS = Number(values.runs);
const MONDAY_0900_KST = new Date('2026-11-23T00:00:00Z');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function measure(label: string, work: (run: number) => Promise<unknown>): Promise<void> {
  await work(-1);
  const times: number[] = [];
  const heaps: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    await work(run);
    times.push(performance.now() - started);
    heaps.push(process.memoryUsage().heapUsed - before);
  }
  const mb = (median(heaps) / 1024 / 1024).toFixed(1);
  console.log(`${label}: ${median(times).toFixed(1)} ms, heap +${mb} MB (medians of ${RUNS})`);
}

const scratch = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL, 'bank') : null;
const database = await openDatabase(scratch ? { url: scratch.url } : { dataDir: 'memory://' });
const store = createStore(database.db);
await syncBundledBank(store);
const workspace = await store.ensureWorkspace('console', 'big', 'big');
const loadStarted = performance.now();
await insertGeneratedBank(database.db, workspace.id, COUNT);
console.log(
  `${database.description} · node ${process.version} · ${COUNT} workspace questions + bundled bank (inserted in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s)`,
);
const chats = new Map<Platform, Chat>([['console', new ConsoleChat(() => {})]]);
let now = MONDAY_0900_KST;
const quiz = new Quiz({ store, clock: { now: () => now }, chats, random: Math.random });
const address: ChannelAddress = { platform: 'console', workspaceId: 'big', channelId: 'c0' };
// A user with some history: 30 cards graded yesterday (some due again today).
now = new Date(MONDAY_0900_KST.getTime() - 86_400_000);
for (let i = 0; i < 30; i++)
  await quiz.practiceGrade(address, 'u1', generatedKey(i * 7), i % 2 ? 'again' : 'good');
now = MONDAY_0900_KST;
gc();
const rss0 = process.memoryUsage().rss;
await measure('/sa-quiz', () => quiz.practice(address, 'u1', ''));
await measure('/sa-quiz cloudtrail', () => quiz.practice(address, 'u1', 'cloudtrail'));
await measure('show answer', (run) => quiz.practiceAnswer(address, generatedKey(1000 + run)));
await measure('grade', (run) => quiz.practiceGrade(address, 'u2', generatedKey(2000 + run), 'good'));
const channel = await quiz.channelAt(address);
await store.updateChannel(channel.id, { subscribed: true });
await measure('post-now (daily choice)', async (run) => {
  if (run >= 0) {
    const [open] = await store.listOpenRounds(channel.id);
    if (open) await quiz.revealNow(channel);
  }
  return quiz.postNow(channel);
});
console.log(`rss after the commands: +${((process.memoryUsage().rss - rss0) / 1024 / 1024).toFixed(0)} MB`);
await database.close();
await scratch?.drop();
