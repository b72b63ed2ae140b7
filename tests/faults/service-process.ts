import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { BOT_TOKEN } from '../fakes/slack-api.js';
import { SIGNING_SECRET } from '../fakes/slack-payloads.js';
import { eventually } from './wait.js';

/**
 * `sa-quiz start` as a real child process (node bin/sa-quiz.js), configured by its environment
 * the way an operator would: PostgreSQL, Slack over HTTP against the fake, /healthz on PORT, and
 * the two test hooks (a clock file, a fast heartbeat). Every process started here is tracked so a
 * test's afterEach can kill whatever is left, whatever happened.
 */

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sa-quiz.js');
const FAKE_SYSTEM_TIME = join(import.meta.dirname, '..', 'helpers', 'fake-system-time.mjs');
/** Variables of the test run that must not leak into the service's configuration. */
const DROPPED = /^(DATABASE_URL|DATA_DIR|PORT|LOG_LEVEL|NODE_OPTIONS|SLACK_.*|DISCORD_.*|SA_QUIZ_.*)$/;
const MAX_OUTPUT = 4_000_000;

export interface ServiceSettings {
  /** PostgreSQL; without it the service keeps its data in PGlite under `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  /** The fake Slack's Web API (Slack over HTTP with the test tokens); without it, no Slack. */
  readonly slackApiUrl?: string;
  /** The fake Discord's REST base; without it, no Discord. */
  readonly discordApiUrl?: string;
  readonly discordToken?: string;
  readonly clockFile: string;
  /** SA_QUIZ_TICK_MS (default 25). */
  readonly tickMs?: number;
  readonly logLevel?: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** The /healthz status that means "started" (default 200; 503 when no platform is meant to work). */
  readonly readyStatus?: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * When this test run fakes the system clock (CI's second pass, tests/helpers/fake-system-time.mjs),
 * the service gets the same fake: the fakes sign Slack requests with this process's clock, and a
 * service whose clock read half a day earlier would rightly refuse them as from the future.
 */
function systemTimeOfThisRun(): Record<string, string> {
  const offset = process.env.SA_QUIZ_FAKE_SYSTEM_OFFSET_MS;
  if (offset === undefined || offset === '') return {};
  return { NODE_OPTIONS: `--import ${FAKE_SYSTEM_TIME}`, SA_QUIZ_FAKE_SYSTEM_OFFSET_MS: offset };
}

/** A free port on 127.0.0.1, picked by the OS and released for the service to take. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class ServiceProcess {
  private static readonly running = new Set<ServiceProcess>();
  private static readonly started: ServiceProcess[] = [];
  private output = '';
  private exit: Exit | null = null;
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<Exit>;

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
    this.exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        ServiceProcess.running.delete(this);
        resolve(this.exit);
      });
    });
    ServiceProcess.running.add(this);
    ServiceProcess.started.push(this);
  }

  /** Spawns `sa-quiz start` and resolves once its /healthz answers 200 (within `readyMs`). */
  static async start(name: string, settings: ServiceSettings, readyMs = 30_000): Promise<ServiceProcess> {
    const port = await freePort();
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && !DROPPED.test(key)) env[key] = value;
    Object.assign(env, {
      ...(settings.databaseUrl ? { DATABASE_URL: settings.databaseUrl } : {}),
      ...(settings.dataDir ? { DATA_DIR: settings.dataDir } : {}),
      ...(settings.slackApiUrl
        ? {
            SLACK_BOT_TOKEN: BOT_TOKEN,
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_API_URL: settings.slackApiUrl,
          }
        : {}),
      ...(settings.discordApiUrl
        ? {
            DISCORD_TOKEN: settings.discordToken ?? 'fake-discord-token',
            DISCORD_API_URL: settings.discordApiUrl,
          }
        : {}),
      PORT: String(port),
      LOG_LEVEL: settings.logLevel ?? 'info',
      SA_QUIZ_CLOCK_FILE: settings.clockFile,
      SA_QUIZ_TICK_MS: String(settings.tickMs ?? 25),
      ...systemTimeOfThisRun(),
      ...settings.extraEnv,
    });
    const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const service = new ServiceProcess(name, port, child);
    try {
      const ready = settings.readyStatus ?? 200;
      await eventually(async () => service.exit !== null || (await service.health()) === ready, {
        what: `${name} to answer /healthz with ${ready}`,
        timeoutMs: readyMs,
        intervalMs: 100,
        describe: () => service.tail(),
      });
      if (service.exit)
        throw new Error(`${name} exited while starting (${JSON.stringify(service.exit)})${service.tail()}`);
    } catch (error) {
      await service.kill9();
      throw error;
    }
    return service;
  }

  /** Kills every service process still running (afterEach/afterAll). */
  static async killAll(): Promise<void> {
    await Promise.all([...ServiceProcess.running].map((s) => s.kill9()));
  }

  /**
   * The last output of every process started since the previous call (for a failed test's
   * report), and forgets them.
   */
  static takeTails(lines = 40): string {
    const tails = ServiceProcess.started.map((s) => s.tail(lines)).join('\n');
    ServiceProcess.started.length = 0;
    return tails;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Slack's HTTP receiver. */
  get eventsUrl(): string {
    return `${this.baseUrl}/slack/events`;
  }

  /** Everything the process wrote to stdout and stderr. */
  logs(): string {
    return this.output;
  }

  /** The last lines of output, for failure messages. */
  tail(lines = 30): string {
    return `\n--- ${this.name} (pid ${this.pid}) last output ---\n${this.output
      .split('\n')
      .slice(-lines)
      .join('\n')}`;
  }

  /** GET /healthz: its status and JSON body ({status, database, slack, discord}). */
  async healthReport(): Promise<{ status: number; body: Record<string, string> }> {
    const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(3000) });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  /** The status of GET /healthz, or 0 when nothing answered within `timeoutMs`. */
  async health(timeoutMs = 3000): Promise<number> {
    try {
      const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  /** How many scheduler ticks have finished (`sa_quiz_tick_duration_seconds_count` on /metrics). */
  async ticks(): Promise<number> {
    const match = /^sa_quiz_tick_duration_seconds_count (\d+)/m.exec(await this.metricsText());
    if (!match) throw new Error(`${this.name}: no tick count on /metrics`);
    return Number(match[1]);
  }

  /** The text of GET /metrics (Prometheus format). */
  async metricsText(): Promise<string> {
    const response = await fetch(`${this.baseUrl}/metrics`, { signal: AbortSignal.timeout(3000) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${this.name}: /metrics answered ${response.status}`);
    return text;
  }

  /**
   * One series of /metrics, written as rendered (name, then labels sorted by name), e.g.
   * `sa_quiz_rounds_posted_total{platform="slack"}`; 0 while the series does not exist yet.
   */
  async metric(series: string): Promise<number> {
    const line = (await this.metricsText()).split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  }

  /**
   * Resolves once the scheduler has finished `count` more ticks than now. With count 2, at least
   * one whole tick started after this call, so it saw whatever the test changed before (the clock).
   */
  async waitForTicks(count = 2, timeoutMs = 10_000): Promise<void> {
    const start = await this.ticks();
    let seen = start;
    await eventually(
      async () => {
        seen = await this.ticks();
        return seen >= start + count;
      },
      {
        what: `${this.name} to tick ${count} more times`,
        timeoutMs,
        intervalMs: 10,
        describe: () => `${seen - start} ticks${this.tail(10)}`,
      },
    );
  }

  /** `kill -9`: no shutdown of any kind. Resolves once the process is gone. */
  async kill9(): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /**
   * SIGTERM, as an orchestrator stops a container; resolves with how it exited. A process still
   * running after `graceMs` is killed and the wait fails.
   */
  async stop(graceMs = 15_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      await this.kill9();
      throw new Error(`${this.name} did not exit within ${graceMs} ms of SIGTERM${this.tail()}`);
    }
    return result;
  }
}
