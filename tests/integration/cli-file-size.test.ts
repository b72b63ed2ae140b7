import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `sa-quiz bank lint|import FILE` reads at most the bank limit (2 MB) of any file: a regular file
 * is refused on its size before it is read, anything else (a device such as /dev/zero, a FIFO) is
 * read through the capped stream and refused once it passes the limit. The refusal is one located
 * line and exit code 1, like every other bank error, and the process's peak RSS (measured by the
 * process itself as it exits) stays within MAX_GROWTH of a lint of the small seed bank.
 */

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sa-quiz.js');
const SEED = join(import.meta.dirname, '..', 'fixtures', '000_0d73c490451cfe6f.txt');
/** How much more than linting the seed bank a refusal may take at its peak. */
const MAX_GROWTH_KB = 100 * 1024;
/** A run still going after this long is killed (the unbounded read of /dev/zero never ends by itself). */
const KILL_AFTER_MS = 90_000;
/** Written by the process at exit: its own peak RSS (getrusage ru_maxrss, in KB). */
const PEAK_HOOK = `data:text/javascript,${encodeURIComponent(
  "import{writeFileSync}from'node:fs';process.on('exit',()=>writeFileSync(process.env.SA_QUIZ_PEAK_FILE,String(process.resourceUsage().maxRSS)))",
)}`;

interface MeasuredRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident memory of the CLI process, in KB (0 when it did not exit by itself). */
  readonly peakKb: number;
}

let dir: string;
let runs = 0;

/** `sa-quiz ARGS` (node bin/sa-quiz.js) with no database configured, its peak RSS recorded. */
function measuredCli(args: readonly string[]): Promise<MeasuredRun> {
  const peakFile = join(dir, `peak-${++runs}`);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(DATABASE_URL|NODE_OPTIONS)$/.test(k)) env[k] = v;
  Object.assign(env, { DATA_DIR: join(dir, 'data'), SA_QUIZ_PEAK_FILE: peakFile });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PEAK_HOOK, BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      let peakKb = 0;
      try {
        peakKb = Number(readFileSync(peakFile, 'utf8'));
      } catch {
        // killed: no exit hook ran
      }
      resolve({ code, stdout, stderr, peakKb });
    });
  });
}

let baselineKb = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sa-quiz-cli-size-'));
  const seed = await measuredCli(['bank', 'lint', SEED]);
  expect(seed.code).toBe(0);
  baselineKb = seed.peakKb;
  expect(baselineKb).toBeGreaterThan(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `run`'s peak RSS stayed within MAX_GROWTH of `baseline`'s; the figures are in the message and the log. */
function expectBoundedPeak(
  run: MeasuredRun,
  what: string,
  baseline = { peakKb: baselineKb, what: 'seed lint' },
): void {
  const figures = `${what}: peak ${Math.round(run.peakKb / 1024)} MB, ${baseline.what} ${Math.round(baseline.peakKb / 1024)} MB`;
  console.info(figures);
  expect(run.peakKb, figures).toBeGreaterThan(0);
  expect(run.peakKb - baseline.peakKb, figures).toBeLessThan(MAX_GROWTH_KB);
}

describe('sa-quiz bank lint/import and file sizes', () => {
  it('refuses /dev/zero after reading at most the limit: one line, exit 1, bounded memory', async () => {
    const run = await measuredCli(['bank', 'lint', '/dev/zero']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('/dev/zero:1: too long: more than 2 MB');
    expectBoundedPeak(run, 'bank lint /dev/zero');
  });

  it('refuses a 400 MB (sparse) file on its size without reading it, for lint and import', async () => {
    const huge = join(dir, 'huge.md');
    writeFileSync(huge, '');
    truncateSync(huge, 400 * 1024 * 1024);
    const lint = await measuredCli(['bank', 'lint', huge]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain(`${huge}:1: too long: 419430400 bytes (at most 2 MB)`);
    expectBoundedPeak(lint, 'bank lint 400 MB file');

    // Import opens the database (PGlite here) whatever the file, and creating it takes far more
    // than opening it: create it first, then compare with importing a small bad file.
    expect((await measuredCli(['migrate'])).code).toBe(0);
    const small = join(dir, 'small-bad.md');
    writeFileSync(small, 'not a bank\n');
    const smallImport = await measuredCli(['bank', 'import', small]);
    expect(smallImport.code).toBe(1);
    const imported = await measuredCli(['bank', 'import', huge]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(`${huge}:1`);
    expect(imported.stderr).toContain('nothing imported: 1 error(s)');
    expectBoundedPeak(imported, 'bank import 400 MB file', {
      ...smallImport,
      what: 'import of a small bad file',
    });
  });

  it('refuses a file one byte over the limit and reads one of exactly the limit', async () => {
    const over = join(dir, 'over.md');
    writeFileSync(over, Buffer.alloc(2 * 1024 * 1024 + 1, 'x'));
    const refused = await measuredCli(['bank', 'lint', over]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`${over}:1: too long: 2097153 bytes (at most 2 MB)`);
    const exact = join(dir, 'exact.md');
    writeFileSync(exact, Buffer.alloc(2 * 1024 * 1024, 'x'));
    const read = await measuredCli(['bank', 'lint', exact]);
    // Read and parsed: not a bank, but not too long either.
    expect(read.stdout).not.toContain('too long');
    expect(read.stdout).toContain(`${exact}:1:`);
  });

  it('reads a bank from a FIFO through the capped stream', async () => {
    const fifo = join(dir, 'bank.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = createWriteStream(fifo);
    writer.end(readFileSync(SEED));
    const run = await measuredCli(['bank', 'lint', fifo]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('32 questions');
  });

  it('says in one line that a directory or a missing file cannot be read, exit 2', async () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    const directory = await measuredCli(['bank', 'lint', sub]);
    expect(directory.code).toBe(2);
    expect(directory.stderr.split('\n')[0]).toBe(`sa-quiz: cannot read ${sub}: EISDIR`);
    const missing = await measuredCli(['bank', 'lint', join(dir, 'nope.md')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(`sa-quiz: cannot read ${join(dir, 'nope.md')}: ENOENT`);
  });
});
