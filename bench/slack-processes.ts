/**
 * The processes bench/slack-events.ts measures: the production bundle (`npm run build`, then
 * `node dist/cli.js start`, as the image runs it) and the floor (bench/slack-floor-app.ts bundled
 * by esbuild, run with plain node), both in Slack HTTP mode against the fake Slack, on PGlite or
 * on a scratch PostgreSQL database; their readiness (/healthz), resident memory and shutdown.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { BOT_TOKEN } from '../tests/fakes/slack-api.js';
import { SIGNING_SECRET } from '../tests/fakes/slack-payloads.js';
import { freePort } from '../tests/faults/service-process.js';

export const ROOT = join(import.meta.dirname, '..');
const FLOOR_BUNDLE = join(ROOT, 'dist', 'bench', 'slack-floor.mjs');
const MAX_OUTPUT = 200_000;

/** `npm run build` (dist/cli.js), and the floor app bundled next to it; throws with the build's output. */
export async function buildBundles(): Promise<{ service: string; floor: string }> {
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  await build({
    entryPoints: [join(ROOT, 'bench', 'slack-floor-app.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: FLOOR_BUNDLE,
    logLevel: 'error',
  });
  return { service: join(ROOT, 'dist', 'cli.js'), floor: FLOOR_BUNDLE };
}

/** Where a process keeps its data: a PostgreSQL URL, or a PGlite directory. */
export type Storage =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dir: string };

export interface ProcessSpec {
  readonly name: string;
  /** The script node runs, and its arguments. */
  readonly args: readonly string[];
  readonly storage: Storage;
  readonly slackApiUrl: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Extra node flags (--cpu-prof...). */
  readonly nodeFlags?: readonly string[];
}

const running = new Set<BenchProcess>();

/** Kills whatever is still running (the bench failed half way). */
export function killAll(): void {
  for (const p of running) p.kill9();
}

export class BenchProcess {
  private output = '';
  private exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    const append = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
      if (this.output.length > MAX_OUTPUT) this.output = this.output.slice(-MAX_OUTPUT / 2);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        running.delete(this);
        resolve(code);
      }),
    );
    running.add(this);
  }

  /** Spawns the process with only the environment it is given and waits for /healthz to answer 200. */
  static async start(spec: ProcessSpec, readyMs = 90_000): Promise<BenchProcess> {
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: spec.slackApiUrl,
      ...(spec.storage.kind === 'postgres'
        ? { DATABASE_URL: spec.storage.url }
        : { DATA_DIR: spec.storage.dir }),
      ...spec.extraEnv,
    };
    const child = spawn(process.execPath, [...(spec.nodeFlags ?? []), ...spec.args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new BenchProcess(spec.name, port, child);
    const deadline = Date.now() + readyMs;
    while (!(await started.healthy())) {
      if (started.exitCode !== undefined || Date.now() > deadline) {
        started.kill9();
        throw new Error(`${spec.name} did not become healthy (exit ${started.exitCode})${started.tail()}`);
      }
      await sleep(100);
    }
    return started;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get eventsUrl(): string {
    return `${this.baseUrl}/slack/events`;
  }

  private async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** Resident set size in MB (VmRSS of /proc/<pid>/status). */
  rssMb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    return kb / 1024;
  }

  tail(lines = 20): string {
    return `\n--- ${this.name} (pid ${this.pid}) last output ---\n${this.output.split('\n').slice(-lines).join('\n')}`;
  }

  /** Lines of its output that are pino warnings or errors (level ≥ 40), for the report. */
  warnings(): string[] {
    return this.output
      .split('\n')
      .filter((l) => /^\{.*"level":(4|5|6)\d/.test(l))
      .map((l) => (JSON.parse(l) as { msg?: string }).msg ?? l);
  }

  /** SIGTERM, and SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill9(), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  kill9(): void {
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
  }
}

export { scratchDatabase } from './scratch-database.js';
