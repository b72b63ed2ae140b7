/**
 * `npm run bench`: every benchmark, each path against its floor measured in the same run, on
 * PGlite and, when DATABASE_URL is set, on PostgreSQL (each in a scratch database of its own).
 * Writes the table to `--out` (default bench-results.md) and prints it.
 *   bench/hot-paths.ts   recordReply, the 09:00 fan-out, the reveal
 *   bench/slack-events.ts Slack answer events acked/s and p99, idle RSS (production bundle)
 *   bench/leaderboard.ts  leaderboard p95 at 1M answers (PostgreSQL; PGlite at a smaller size)
 * Run: npm run bench [-- --out file --only hot-paths,slack,leaderboard]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench-results.md' },
    only: { type: 'string', default: 'hot-paths,slack,leaderboard' },
  },
});
const root = join(import.meta.dirname, '..');
const out = values.out;
const only = new Set(values.only.split(','));

/** Each benchmark with the arguments that keep the whole run well under 10 minutes. */
const BENCHES: { name: string; file: string; args: (kind: 'pglite' | 'postgres') => string[] }[] = [
  {
    name: 'hot-paths',
    file: 'bench/hot-paths.ts',
    args: () => ['--runs', '3', '--channels', '1000', '--workspaces', '100'],
  },
  { name: 'slack', file: 'bench/slack-events.ts', args: () => [] },
  {
    name: 'leaderboard',
    file: 'bench/leaderboard.ts',
    // PGlite seeds a tenth: a million rows take it minutes.
    args: (kind) => (kind === 'pglite' ? ['--answers', '100000'] : []),
  },
];

const header = [
  `# sa-quiz benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
  '',
  'Each path against its floor measured in the same run (ratios; absolute times vary with the machine).',
  '',
  '| path | ours | floor | ratio | target | |',
  '|---|---|---|---|---|---|',
  '',
].join('\n');
writeFileSync(out, header);
const kinds: ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
let failed = false;
for (const kind of kinds) {
  for (const bench of BENCHES) {
    if (!only.has(bench.name)) continue;
    if (!existsSync(join(root, bench.file))) {
      console.log(`(${bench.file} is missing: skipped)`);
      continue;
    }
    console.log(`\n== ${bench.name} on ${kind}`);
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_OUT: out };
    if (kind === 'pglite') delete env.DATABASE_URL;
    const run = spawnSync('npx', ['tsx', bench.file, ...bench.args(kind)], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    if (run.status !== 0) {
      failed = true;
      console.log(`${bench.file} on ${kind} failed (exit ${run.status})`);
    }
  }
}
console.log(`\n${readFileSync(out, 'utf8')}\n(written to ${out})`);
process.exit(failed ? 1 : 0);
