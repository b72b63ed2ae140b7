import { setTimeout as sleep } from 'node:timers/promises';
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackOAuthOptions,
} from '../../../src/adapters/slack/slack-adapter.js';
import { syncBundledBank } from '../../../src/bundled-bank.js';
import { Admin } from '../../../src/core/admin.js';
import type { DigestChartRenderer } from '../../../src/core/digest.js';
import type { HolidayCalendar } from '../../../src/core/holidays.js';
import type { Chat, Store } from '../../../src/core/ports.js';
import { type Logger, Quiz } from '../../../src/core/quiz.js';
import type { Platform } from '../../../src/core/types.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from '../../fakes/slack-api.js';
import {
  eventCallback,
  httpTransport,
  SIGNING_SECRET,
  type SlackTransport,
  slashCommand,
  socketTransport,
} from '../../fakes/slack-payloads.js';
import { FixedClock } from '../../helpers/clock.js';
import type { TestDatabase } from '../../helpers/database.js';

/** Monday 2025-03-10, 08:50 in Asia/Seoul. */
export const MONDAY_0850_KST = '2025-03-09T23:50:00Z';

export interface SlackHarness {
  readonly fake: FakeSlack;
  readonly clock: FixedClock;
  readonly quiz: Quiz;
  readonly admin: Admin;
  readonly adapter: SlackAdapter;
  readonly send: SlackTransport;
  /** `POST /slack/events` of the HTTP receiver (HTTP mode only). */
  readonly eventsUrl: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly db: TestDatabase;
  readonly mode: 'http' | 'socket';
  readonly configuredAdmins?: readonly string[];
  /** The store the core uses; defaults to the test database's. */
  readonly store?: Store;
  /** Load the bundled question bank (default true). */
  readonly bundledBank?: boolean;
  /** Where the core and the adapter log (default: nowhere); see `recordingLogger`. */
  readonly logger?: Logger;
  /** How long an Events API delivery may wait for its listeners before Slack is told to retry. */
  readonly ackDeadlineMs?: number;
  /** Public holidays (the composition root's library calendar); none by default. */
  readonly holidays?: HolidayCalendar;
  /** Draws weekly digest charts (src/digest/chart.ts); without one digests are text only. */
  readonly digestChart?: DigestChartRenderer;
  /** Distribution mode: OAuth installs instead of BOT_TOKEN (HTTP mode only). */
  readonly oauth?: (quiz: Quiz) => SlackOAuthOptions;
}

/**
 * The real Bolt app with the real core and database, talking to a fresh fake Slack. The bundled
 * bank is loaded so there is something to ask. Quick Web API retries keep failure tests short.
 */
export async function startSlack(options: HarnessOptions): Promise<SlackHarness> {
  const store = options.store ?? options.db.store;
  if (options.bundledBank !== false) await syncBundledBank(options.db.store);
  const clock = new FixedClock(MONDAY_0850_KST);
  // Message timestamps follow the test's clock, as Slack's follow real time.
  const fake = await FakeSlack.start({ now: () => clock.now() });
  const chats = new Map<Platform, Chat>();
  const quiz = new Quiz({
    store,
    clock,
    chats,
    random: () => 0,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.holidays ? { holidays: options.holidays } : {}),
    ...(options.digestChart ? { digestChart: options.digestChart } : {}),
  });
  const admin = new Admin({ quiz, store, clock, configuredAdmins: options.configuredAdmins ?? [] });
  const adapter = createSlackAdapter({
    quiz,
    admin,
    ...(options.oauth ? { oauth: options.oauth(quiz) } : { botToken: BOT_TOKEN }),
    // As the composition root does: a working install ends an uninstall's grace period.
    onInstalled: async (teamId) => {
      await quiz.workspaceInstalled('slack', teamId);
    },
    ...(options.mode === 'socket' ? { appToken: APP_TOKEN } : { signingSecret: SIGNING_SECRET }),
    port: 0,
    apiUrl: fake.apiUrl,
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.ackDeadlineMs === undefined ? {} : { ackDeadlineMs: options.ackDeadlineMs }),
    // What the composition root mounts next to /slack/events.
    routes: [
      {
        path: '/healthz',
        method: 'GET',
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        },
      },
    ],
  });
  chats.set('slack', adapter.chat);
  await adapter.start();
  const eventsUrl = options.mode === 'http' ? `http://127.0.0.1:${adapter.port()}/slack/events` : '';
  const send = options.mode === 'http' ? httpTransport(eventsUrl) : socketTransport(fake);
  if (options.mode === 'socket') await fake.socketConnected();
  return {
    fake,
    clock,
    quiz,
    admin,
    adapter,
    send,
    eventsUrl,
    async close() {
      await adapter.stop();
      // Let the Socket Mode client finish its close handshake before the server goes away.
      if (options.mode === 'socket') await sleep(200);
      await fake.close();
    },
  };
}

export { type LogLine, recordingLogger } from '../../helpers/logger.js';

/** Every `text` of every block of a recorded Block Kit payload, joined: what a reader would see. */
export function blocksText(blocks: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return texts.join('\n');
}

/** Button action ids and values in recorded blocks. */
export function buttons(blocks: unknown): { actionId: string; value: string | undefined }[] {
  const found: { actionId: string; value: string | undefined }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const n = node as Record<string, unknown>;
      if (n.type === 'button' && typeof n.action_id === 'string')
        found.push({ actionId: n.action_id, value: typeof n.value === 'string' ? n.value : undefined });
      Object.values(n).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}

/** The real store, except that storing the next answer fails (the database went away for a moment). */
export function flakyStore(store: Store): { store: Store; failNextAnswerWrite(): void } {
  let fail = false;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'recordAnswer' && fail) {
        fail = false;
        return async () => {
          throw new Error('connection terminated unexpectedly');
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: proxy,
    failNextAnswerWrite: () => {
      fail = true;
    },
  };
}

/** Monday 2025-03-10, 09:00 in Seoul: the first question of the week is due. */
export const MONDAY_0900_KST = '2025-03-10T00:00:00Z';

/** `/sa-admin subscribe` typed by the admin U0ADMIN in `channelId`; resolves once it is answered. */
export async function subscribeAsAdmin(slack: SlackHarness, channelId: string): Promise<void> {
  const response = `subscribe-${channelId}`;
  await slack.send.command(
    slashCommand({
      command: '/sa-admin',
      text: 'subscribe',
      userId: 'U0ADMIN',
      channelId,
      channelName: channelId.toLowerCase(),
      responseUrl: slack.fake.responseUrl(response),
    }),
  );
  await slack.fake.waitForResponse(response);
}

/** Subscribes `channelId`, posts Monday's 09:00 question and returns its thread ts and round id. */
export async function openMondayRound(
  slack: SlackHarness,
  store: Store,
  channelId: string,
): Promise<{ threadTs: string; roundId: number }> {
  await subscribeAsAdmin(slack, channelId);
  slack.clock.set(MONDAY_0900_KST);
  await slack.quiz.tick(slack.clock.now());
  const channel = await store.findChannel('slack', 'T0SAQUIZ', channelId);
  const round = await store.findDailyRound(channel?.id ?? 0, '2025-03-10');
  if (!round?.messageRef) throw new Error(`no question was posted in ${channelId}`);
  return { threadTs: round.messageRef, roundId: round.id };
}

/** A person's reply in a thread, as Slack delivers it (`event_callback` with a message event). */
export function threadReplyEvent(reply: {
  channel: string;
  user: string;
  threadTs: string;
  ts: string;
  text: string;
  eventId: string;
}) {
  return eventCallback(
    {
      type: 'message',
      channel: reply.channel,
      channel_type: 'channel',
      user: reply.user,
      text: reply.text,
      ts: reply.ts,
      thread_ts: reply.threadTs,
    },
    reply.eventId,
  );
}
