import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, MISSING_PERMISSIONS, UNKNOWN_CHANNEL } from '../fakes/discord-server.js';
import { FakeSlack, type SlackCall, TEAM_DOMAIN, TEAM_ID } from '../fakes/slack-api.js';
import { HOUR, MINUTE } from '../helpers/clock.js';
import { ClockFile } from './clock-file.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceDatabase } from './service-database.js';
import { ServiceProcess } from './service-process.js';
import { duplicateRepliesUnder, questionsIn, roundIdOf } from './slack-checks.js';
import { eventually } from './wait.js';

/**
 * One service process (`sa-quiz start`, Slack over HTTP and Discord) against the fake Slack and
 * the fake Discord, through a simulated day and a half driven by the clock file: Monday 08:50 to
 * Tuesday 20:00 in Seoul. Each broken channel stands for one failure class; after it all, for
 * each: no message posted twice, at most a handful of attempts, one admin notice per incident,
 * and the healthy channels had both days' questions and reveals. Runs on PostgreSQL when
 * DATABASE_URL is set, else on PGlite.
 */

const MONDAY_0850 = Date.parse('2025-03-16T23:50:00Z');
const TUESDAY_2000 = Date.parse('2025-03-18T11:00:00Z');
const SLACK_ADMIN = 'U0ADMIN';
const DISCORD_ADMIN = '700000000000000001';
const GUILD = {
  id: '860000000000000001',
  name: 'SA 스터디',
  channels: [
    { id: '860000000000000010', name: 'aws-ok' },
    { id: '860000000000000011', name: 'deleted' },
    { id: '860000000000000012', name: 'no-access' },
    { id: '860000000000000013', name: 'no-threads' },
    { id: '860000000000000014', name: 'voice-chat', type: 2 },
    { id: '860000000000000015', name: 'forum', type: 15 },
  ],
};
const [D_OK, D_DELETED, D_NO_ACCESS, D_NO_THREADS, D_VOICE, D_FORUM] = GUILD.channels.map((c) => c.id) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const SLACK_CHANNELS = [
  'C0OK',
  'C0REMOVED',
  'C0ARCHIVED',
  'C0DELETED',
  'C0FLAKY',
  'C0REVEAL500',
  'C0BADBLOCKS',
] as const;

let db: ServiceDatabase;
let clock: ClockFile;
let slack: FakeSlack;
let discord: FakeDiscord;

/** Walks the clock in steps (2 minutes around 09:00 and 18:00, where retries happen; else 30). */
async function walk(service: ServiceProcess, until: number): Promise<void> {
  let t = clock.now().getTime();
  while (t < until) {
    const local = new Date(t + 9 * HOUR);
    const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
    const busy =
      (minuteOfDay >= 8 * 60 + 50 && minuteOfDay < 10 * 60) ||
      (minuteOfDay >= 17 * 60 + 50 && minuteOfDay < 19 * 60);
    t += busy ? 2 * MINUTE : 30 * MINUTE;
    clock.set(new Date(Math.min(t, until)));
    await service.waitForTicks(2);
  }
}

function toChannel(channel: string): (call: SlackCall) => boolean {
  return (call) => call.body.channel === channel && call.body.thread_ts === undefined;
}

function inThread(channel: string): (call: SlackCall) => boolean {
  return (call) => call.body.channel === channel && call.body.thread_ts !== undefined;
}

/** Slack messages posted in a DM to the admin that name `channel`. */
function slackNoticesAbout(channel: string): number {
  return slack.messagesIn(`D${SLACK_ADMIN}`).filter((m) => JSON.stringify(m.blocks).includes(`<#${channel}>`))
    .length;
}

/** Discord DMs opened to the admin (one per notice). */
function discordDms(): number {
  return discord.callsTo('POST', /^\/users\/@me\/channels$/).length;
}

function discordPostsIn(channelId: string): number {
  return discord.callsTo('POST', new RegExp(`^/channels/${channelId}/messages$`)).length;
}

describe('every failure class over a day and a half, in one real process', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await ServiceDatabase.open();
    clock = ClockFile.create(new Date(MONDAY_0850));
    slack = await FakeSlack.start({ now: () => clock.now() });
    discord = await FakeDiscord.start([GUILD]);
  });

  afterAll(async () => {
    await ServiceProcess.killAll();
    await slack?.close();
    await discord?.close();
    await db?.close();
    clock?.remove();
  });

  it('posts nothing twice, retries a bounded number of times, tells each admin once, and keeps the healthy channels going', async () => {
    await db.subscribe(
      'slack',
      { id: TEAM_ID, name: TEAM_DOMAIN },
      SLACK_CHANNELS.map((id) => ({ id, name: id.toLowerCase() })),
      SLACK_ADMIN,
    );
    await db.subscribe('discord', GUILD, GUILD.channels, DISCORD_ADMIN);
    slack.setChannel('C0REMOVED', { member: false });
    slack.setChannel('C0ARCHIVED', { archived: true });
    slack.setChannel('C0DELETED', { deleted: true });
    discord.failChannel(D_DELETED, UNKNOWN_CHANNEL);
    discord.failChannel(D_NO_ACCESS, { status: 403, code: 50001, message: 'Missing Access' });
    // Slack keeps answering 500 (storing nothing) to one channel's questions, for good.
    slack.fail(
      'chat.postMessage',
      { status: 500 },
      { times: Number.POSITIVE_INFINITY, when: toChannel('C0FLAKY') },
    );
    // A reveal part answered 500 after Slack stored it; another refused as invalid_blocks.
    slack.fail('chat.postMessage', { status: 500, afterPosting: true }, { when: inThread('C0REVEAL500') });
    slack.fail('chat.postMessage', { error: 'invalid_blocks' }, { when: inThread('C0BADBLOCKS') });

    const service = await ServiceProcess.start('service', {
      ...db.settings(),
      slackApiUrl: slack.apiUrl,
      discordApiUrl: discord.apiUrl,
      clockFile: clock.path,
      tickMs: 25,
    });
    // Slack's receiver answers /healthz while Discord's gateway may still be connecting.
    await eventually(async () => (await service.healthReport()).body.discord === 'ok', {
      what: 'Discord to connect',
      timeoutMs: 20_000,
      describe: async () => JSON.stringify(await service.healthReport()),
    });
    expect(await service.healthReport()).toEqual({
      status: 200,
      body: { status: 'ok', database: 'ok', slack: 'ok', discord: 'ok' },
    });

    // Monday morning: the first question post gets a 500 although Slack stored it.
    slack.fail('chat.postMessage', { status: 500, afterPosting: true });
    await walk(service, MONDAY_0850 + 2 * HOUR);
    // Monday afternoon: the threads of one Discord channel refuse the reveal (Send Messages in Threads).
    discord.failChannel(D_NO_THREADS, MISSING_PERMISSIONS);
    await walk(service, TUESDAY_2000);
    expect(await service.stop()).toEqual({ code: 0, signal: null });

    // The healthy channels: both days, each question once, each reveal once.
    const okQuestions = questionsIn(slack, 'C0OK');
    expect(okQuestions).toHaveLength(2);
    expect(new Set(okQuestions.map(roundIdOf)).size).toBe(2);
    for (const q of okQuestions) expect(duplicateRepliesUnder(slack, 'C0OK', q.ts)).toEqual([]);
    // Every Slack channel that took questions has one per round, whatever the lost 500 did.
    for (const channel of SLACK_CHANNELS) {
      const ids = questionsIn(slack, channel).map(roundIdOf);
      expect(new Set(ids).size, channel).toBe(ids.length);
    }
    expect(discordPostsIn(D_OK)).toBeGreaterThanOrEqual(2);

    // The reveals that failed half-way: every part in the thread once, the announcement once.
    for (const channel of ['C0REVEAL500', 'C0BADBLOCKS']) {
      const questions = questionsIn(slack, channel);
      expect(questions, channel).toHaveLength(2);
      for (const q of questions) {
        expect(duplicateRepliesUnder(slack, channel, q.ts), channel).toEqual([]);
        expect(
          slack.messagesIn(channel).filter((m) => m.threadTs === q.ts && m.replyBroadcast),
          channel,
        ).toHaveLength(1);
      }
      expect(slackNoticesAbout(channel), channel).toBe(0);
    }
    // Rejected blocks were sent once more as plain text, then the reveal went on.
    expect(
      slack.messagesIn('C0BADBLOCKS').filter((m) => m.threadTs !== undefined && m.blocks === undefined),
    ).toHaveLength(1);
    // The channel Slack kept refusing with 500s: five attempts a day, two notices (gave up; then paused).
    expect(slack.callsTo('chat.postMessage').filter(toChannel('C0FLAKY'))).toHaveLength(10);
    expect(questionsIn(slack, 'C0FLAKY')).toEqual([]);
    expect(slackNoticesAbout('C0FLAKY')).toBe(2);

    // Each broken Slack channel: one attempt, one notice naming the channel.
    for (const channel of ['C0REMOVED', 'C0ARCHIVED', 'C0DELETED']) {
      expect(
        slack.callsTo('chat.postMessage').filter((c) => c.body.channel === channel),
        channel,
      ).toHaveLength(1);
      expect(slackNoticesAbout(channel), channel).toBe(1);
    }
    // Each broken Discord channel: one attempt; the threads channel posted its question and stopped at the reveal.
    expect(discordPostsIn(D_DELETED)).toBe(1);
    expect(discordPostsIn(D_NO_ACCESS)).toBe(1);
    // A voice channel's chat takes the question but no thread: posted once, taken back once. A forum takes nothing.
    expect(discordPostsIn(D_VOICE)).toBe(1);
    expect(discord.callsTo('DELETE', new RegExp(`^/channels/${D_VOICE}/messages/\\d+$`))).toHaveLength(1);
    expect(discordPostsIn(D_FORUM)).toBe(1);
    expect(discord.callsTo('POST', new RegExp(`^/channels/${D_FORUM}/messages/\\d+/threads$`))).toHaveLength(
      0,
    );
    expect(discordDms()).toBe(5);

    // The database agrees: one open incident per broken channel, each told by DM (the flaky channel's
    // first, non-pausing incident was closed when the pausing one replaced it); all of them paused.
    const incidents = await db.use(async (_store, database) =>
      (await database.db.query.channelIncidents.findMany()).map((i) => ({
        channel: i.channelId,
        notice: i.notice,
        open: i.closedAt === null,
      })),
    );
    expect(incidents.filter((i) => i.open)).toHaveLength(9);
    expect(incidents).toHaveLength(10);
    expect(incidents.every((i) => i.notice === 'dm')).toBe(true);
    const channels = await db.use(async (_store, database) => database.db.query.channels.findMany());
    expect(
      channels
        .filter((c) => c.paused)
        .map((c) => c.externalId)
        .sort(),
    ).toEqual(
      [
        'C0ARCHIVED',
        'C0DELETED',
        'C0FLAKY',
        'C0REMOVED',
        D_DELETED,
        D_FORUM,
        D_NO_ACCESS,
        D_NO_THREADS,
        D_VOICE,
      ].sort(),
    );
  });
});
