import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord-server.js';
import { FakeSlack, TEAM_DOMAIN, TEAM_ID } from '../fakes/slack-api.js';
import { ClockFile } from './clock-file.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceDatabase } from './service-database.js';
import { ServiceProcess } from './service-process.js';
import { questionsIn } from './slack-checks.js';
import { eventually } from './wait.js';

/**
 * One platform's trouble never takes the other down: `sa-quiz start` with Slack and a Discord
 * that refuses the token, or the Message Content intent, keeps serving Slack, says in one log line
 * what to fix and where, and reports each platform on /healthz (503 only when nothing works).
 */

const MONDAY_0850 = '2025-03-16T23:50:00Z';
const MONDAY_0900 = '2025-03-17T00:00:00Z';
const GUILD = {
  id: '870000000000000001',
  name: 'SA study',
  channels: [{ id: '870000000000000010', name: 'quiz' }],
};
const ALICE = { id: '770000000000000002', username: 'alice' };

let db: ServiceDatabase;
let clock: ClockFile;
let slack: FakeSlack;
let discord: FakeDiscord;

/** The service's log lines (pino JSON) whose message matches. */
function logLines(service: ServiceProcess, pattern: RegExp): string[] {
  return service
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg?: string }).msg ?? '')
    .filter((msg) => pattern.test(msg));
}

describe('starting with a platform that refuses', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await ServiceDatabase.open();
    clock = ClockFile.create(MONDAY_0850);
  });

  afterEach(async () => {
    await ServiceProcess.killAll();
    await slack?.close();
    await discord?.close();
    await db.reset();
  });

  afterAll(async () => {
    await db?.close();
    clock?.remove();
  });

  async function setUp(): Promise<void> {
    clock.set(MONDAY_0850);
    slack = await FakeSlack.start({ now: () => clock.now() });
    discord = await FakeDiscord.start([GUILD]);
    await db.subscribe(
      'slack',
      { id: TEAM_ID, name: TEAM_DOMAIN },
      [{ id: 'C0QUIZ', name: 'quiz' }],
      'U0ADMIN',
    );
    await db.subscribe('discord', GUILD, GUILD.channels, '770000000000000001');
  }

  it('a Discord token that is refused: Slack still serves, /healthz says which, the log says what to do once', async () => {
    await setUp();
    discord.faults.expectedToken = 'the-right-token';
    const service = await ServiceProcess.start('service', {
      ...db.settings(),
      slackApiUrl: slack.apiUrl,
      discordApiUrl: discord.apiUrl,
      discordToken: 'a-revoked-token',
      clockFile: clock.path,
    });
    await eventually(async () => (await service.healthReport()).body.discord !== 'starting', {
      what: 'Discord to be given up',
      timeoutMs: 20_000,
    });
    expect(await service.healthReport()).toEqual({
      status: 200,
      body: { status: 'ok', database: 'ok', slack: 'ok', discord: 'invalid_token' },
    });
    clock.set(MONDAY_0900);
    await eventually(() => questionsIn(slack, 'C0QUIZ').length === 1, {
      what: 'the Slack question',
      timeoutMs: 20_000,
    });
    await service.waitForTicks(3);
    expect(logLines(service, /^discord did not start/)).toHaveLength(1);
    expect(logLines(service, /^discord did not start/)[0]).toContain('reset the bot token');
    // Not retried: a refused token does not get better by itself.
    expect(discord.callsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    expect(discord.callsTo('POST', /^\/channels\/\d+\/messages$/)).toHaveLength(0);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });

  it('the Message Content intent not enabled: Discord runs without it, replies still count, and the log says where to switch it on', async () => {
    await setUp();
    discord.faults.messageContentAllowed = false;
    const service = await ServiceProcess.start('service', {
      ...db.settings(),
      slackApiUrl: slack.apiUrl,
      discordApiUrl: discord.apiUrl,
      clockFile: clock.path,
    });
    await eventually(async () => (await service.healthReport()).body.discord === 'no_message_content', {
      what: 'Discord to connect without Message Content',
      timeoutMs: 20_000,
      describe: async () => JSON.stringify(await service.healthReport()),
    });
    expect((await service.healthReport()).body).toMatchObject({ slack: 'ok', status: 'ok' });
    const advice = logLines(service, /Message Content intent/);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain('https://discord.com/developers/applications');
    expect(advice[0]).toContain('/sa-admin private on');
    expect(discord.identifies).toHaveLength(2);
    expect(Number(discord.identifies[1]?.intents) & (1 << 15)).toBe(0);
    // The day goes on on both platforms; a reply in the Discord thread counts as taking part.
    clock.set(MONDAY_0900);
    await eventually(() => questionsIn(slack, 'C0QUIZ').length === 1, {
      what: 'the Slack question',
      timeoutMs: 20_000,
    });
    const thread = await discord.waitForCall((c) => c.method === 'POST' && /\/threads$/.test(c.path), 20_000);
    const threadId = /\/messages\/(\d+)\/threads$/.exec(thread.path)?.[1] ?? '';
    // The thread exists a moment before the round is recorded as posted: reply after that.
    await eventually(
      async () => (await service.metric('sa_quiz_rounds_posted_total{platform="discord"}')) >= 1,
      {
        what: 'the Discord round to be recorded as posted',
        timeoutMs: 20_000,
      },
    );
    discord.userMessage(threadId, ALICE, 'Security Group은 상태 저장입니다');
    await eventually(
      () =>
        discord.callsTo('PUT', new RegExp(`^/channels/${threadId}/messages/\\d+/reactions/`)).length === 1,
      { what: 'the ✅ on the reply', timeoutMs: 20_000 },
    );
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    const answers = await db.use(async (_store, database) => database.db.query.answers.findMany());
    expect(answers.map((a) => ({ user: a.userId, status: a.status, text: a.text }))).toEqual([
      { user: ALICE.id, status: 'counted', text: '' },
    ]);
  });

  it('nothing works: /healthz answers 503 and names why', async () => {
    await setUp();
    discord.faults.expectedToken = 'the-right-token';
    const service = await ServiceProcess.start('service', {
      ...db.settings(),
      discordApiUrl: discord.apiUrl,
      discordToken: 'a-revoked-token',
      clockFile: clock.path,
      readyStatus: 503,
    });
    expect(await service.healthReport()).toEqual({
      status: 503,
      body: { status: 'error', database: 'ok', discord: 'invalid_token' },
    });
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });
});
