import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { ConsoleChat } from './adapters/console/console-chat.js';
import { ConsoleSession, OffsetClock } from './adapters/console/console-session.js';
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackOAuthOptions,
} from './adapters/slack/slack-adapter.js';
import { SealedInstallationStore } from './adapters/slack/slack-installations.js';
import { PlatformSupervisor, type Supervised } from './adapters/supervisor.js';
import { syncBundledBank } from './bundled-bank.js';
import type { Config, SlackOAuthConfig } from './config.js';
import { Admin } from './core/admin.js';
import { keywordGrader } from './core/grading/keyword-grader.js';
import { type Chat, type Metrics, noMetrics, type Store } from './core/ports.js';
import { type Logger, Quiz } from './core/quiz.js';
import type { Clock } from './core/time.js';
import type { ChannelAddress, Platform } from './core/types.js';
import { type Database, openDatabase } from './db/open-database.js';
import { slackInstallationRows } from './db/slack-installation-store.js';
import { createStore } from './db/store.js';
import { pngChartRenderer } from './digest/chart.js';
import { graderFromConfig } from './grading/index.js';
import { libraryHolidayCalendar } from './holidays/library-calendar.js';
import { PrometheusMetrics } from './http/metrics.js';
import { type OpsSources, opsRoutes, startOpsServer } from './http/ops-server.js';
import { type Heartbeat, startHeartbeat } from './scheduler/heartbeat.js';
import { TokenCipher } from './secrets/token-cipher.js';

/** The composition root: every dependency is built here, once, and passed down. */

export interface Core {
  readonly database: Database;
  readonly store: Store;
  readonly quiz: Quiz;
  readonly admin: Admin;
}

export async function openCore(
  config: Config,
  clock: Clock,
  chats: ReadonlyMap<Platform, Chat>,
  log: Logger,
  metrics: Metrics = noMetrics,
): Promise<Core> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const store = createStore(database.db, log);
  const loaded = await syncBundledBank(store);
  if (loaded > 0) log.info({ questions: loaded }, 'bundled bank loaded');
  const grader = graderFromConfig(config, keywordGrader, log);
  const holidays = libraryHolidayCalendar(log);
  const digestChart = pngChartRenderer();
  const quiz = new Quiz({
    store,
    clock,
    chats,
    logger: log,
    metrics,
    grader,
    holidays,
    digestChart,
    uninstallGraceDays: config.uninstallGraceDays,
  });
  const admin = new Admin({ quiz, store, clock, configuredAdmins: config.admins });
  return { database, store, quiz, admin };
}

export interface RunningService {
  /** The port /healthz and /metrics (and Slack's HTTP receiver) listen on. */
  readonly port: number;
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/** The service's clock: the system's, or for fault tests an instant a test writes into a file. */
export function serviceClock(config: Config): Clock {
  const file = config.clockFile;
  if (!file) return systemClock;
  return { now: () => new Date(readFileSync(file, 'utf8').trim()) };
}

/**
 * Distribution mode's OAuth settings for the Slack adapter: installations sealed under
 * SA_QUIZ_ENCRYPTION_KEY in `slack_installations`.
 */
function slackOAuth(oauth: SlackOAuthConfig, core: Core, log: Logger): SlackOAuthOptions {
  const cipher = TokenCipher.fromConfig(oauth.encryptionKey, oauth.oldEncryptionKeys);
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore: new SealedInstallationStore(slackInstallationRows(core.database.db), cipher, log),
  };
}

/**
 * The platform adapters the configuration asks for. Slack's HTTP receiver owns PORT when it is
 * used, so /healthz and /metrics are mounted on it; otherwise they get their own server.
 */
async function createAdapters(config: Config, core: Core, log: Logger, metrics: Metrics, ops: OpsSources) {
  const entries: Supervised[] = [];
  let slackHttp: SlackAdapter | null = null;
  if (config.slack) {
    const slack = createSlackAdapter({
      quiz: core.quiz,
      admin: core.admin,
      botToken: config.slack.botToken,
      oauth: config.slack.oauth && slackOAuth(config.slack.oauth, core, log),
      onInstalled: async (teamId) => {
        await core.quiz.workspaceInstalled('slack', teamId);
      },
      appToken: config.slack.appToken,
      signingSecret: config.slack.signingSecret,
      port: config.port,
      apiUrl: config.slack.apiUrl,
      logger: log,
      metrics,
      routes: config.slack.appToken ? [] : opsRoutes(ops),
    });
    if (slack.mode === 'http') slackHttp = slack;
    // Over HTTP the receiver owns PORT: a failed start hands the port to the ops server for good.
    entries.push({ platform: 'slack', adapter: slack, retry: slack.mode === 'socket' });
  }
  if (config.discord) {
    // discord.js is loaded only when Discord is configured (it is most of an idle process's memory).
    const { createDiscordAdapter } = await import('./adapters/discord/index.js');
    const discord = createDiscordAdapter({
      quiz: core.quiz,
      admin: core.admin,
      token: config.discord.token,
      apiUrl: config.discord.apiUrl,
      shards: config.discord.shards,
      logger: log,
      metrics,
    });
    entries.push({ platform: 'discord', adapter: discord, retry: true });
  }
  return { entries, slackHttp };
}

/**
 * `npm start` with platform tokens: the platform connections, the scheduler, /healthz and
 * /metrics. A platform that cannot start is reported (log, /healthz) while the others run; only
 * a database that cannot be opened stops the service from starting.
 */
export async function startService(
  config: Config,
  log: Logger,
  clock: Clock = serviceClock(config),
): Promise<RunningService> {
  const chats = new Map<Platform, Chat>();
  const metrics = new PrometheusMetrics();
  const core = await openCore(config, clock, chats, log, metrics);
  let supervisor: PlatformSupervisor | null = null;
  const ops: OpsSources = {
    database: () => core.store.ping(),
    metrics: () => metrics.render(),
    platforms: () => supervisor?.states() ?? {},
    serving: () => supervisor?.serving() ?? false,
  };
  let health: Server | null = null;
  let port = config.port;
  try {
    const created = await createAdapters(config, core, log, metrics, ops);
    supervisor = new PlatformSupervisor(created.entries, chats, log);
    await supervisor.startAll();
    const slackPort = created.slackHttp?.port();
    if (slackPort !== undefined) {
      port = slackPort;
    } else {
      health = await startOpsServer(config.port, ops);
      port = (health.address() as AddressInfo).port;
    }
  } catch (error) {
    await supervisor?.stopAll();
    await core.database.close();
    throw error;
  }
  const heartbeat = startHeartbeat(core.quiz, log, {
    intervalMs: config.tickMs,
    onTick: (seconds) => metrics.observeTick(seconds),
  });
  const running = supervisor;
  log.info({ database: core.database.description, port, platforms: running.states() }, 'sa-quiz started');
  return { port, stop: () => stopAll(heartbeat, running, health, core) };
}

async function stopAll(
  heartbeat: Heartbeat,
  supervisor: PlatformSupervisor,
  health: Server | null,
  core: Core,
): Promise<void> {
  await heartbeat.stop();
  await supervisor.stopAll();
  if (health) await new Promise<void>((resolve) => health.close(() => resolve()));
  await core.database.close();
}

export const CONSOLE_ADDRESS: ChannelAddress = {
  platform: 'console',
  workspaceId: 'local',
  workspaceName: 'local',
  channelId: 'general',
  channelName: 'general',
};

/**
 * `npm start` with no tokens (or `sa-quiz play`): the console channel. The session clock is the
 * service clock (real time, or SA_QUIZ_CLOCK_FILE's instant) plus whatever `/clock` skipped, so a
 * whole day can be played in a minute.
 */
export async function runConsole(
  config: Config,
  log: Logger,
  input: NodeJS.ReadableStream,
  write: (text: string) => void,
): Promise<void> {
  const source = serviceClock(config);
  const clock = new OffsetClock(() => source.now());
  const chat = new ConsoleChat(write);
  const core = await openCore(config, clock, new Map([['console', chat]]), log);
  const channel = await core.quiz.channelAt(CONSOLE_ADDRESS);
  if (!channel.subscribed) {
    await core.admin.run(
      CONSOLE_ADDRESS,
      { userId: 'me', name: 'me', isPlatformAdmin: true },
      { ok: true, value: { name: 'subscribe', args: [] } },
    );
  }
  const session = new ConsoleSession({ quiz: core.quiz, admin: core.admin, clock, write });
  write(
    `sa-quiz console · ${core.database.description}\nYou are "me" in #general of a local workspace (you are its admin).`,
  );
  await session.handle('/sa-admin status');
  write(
    'Type /help for commands, /sa-admin post-now for a question right away, /clock 18:00 to skip to the reveal.',
  );
  const heartbeat = startHeartbeat(core.quiz, log);
  const interactive = 'isTTY' in input && input.isTTY === true;
  const rl = createInterface({ input, terminal: interactive });
  const prompt = (): void => {
    if (interactive) process.stdout.write('\nme> ');
  };
  prompt();
  try {
    for await (const line of rl) {
      if (!interactive && line.trim() !== '') write(`\n> ${line}`);
      let keepGoing = true;
      try {
        keepGoing = await session.handle(line);
      } catch (error) {
        write(`Error: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!keepGoing) break;
      prompt();
    }
  } finally {
    rl.close();
    await heartbeat.stop();
    await core.database.close();
  }
}
