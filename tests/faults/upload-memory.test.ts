import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { FakeDiscord, PERMISSIONS } from '../fakes/discord-server.js';
import { FakeSlack, type SlackFileObject } from '../fakes/slack-api.js';
import { eventCallback, SIGNING_SECRET, slackSignature } from '../fakes/slack-payloads.js';
import { ClockFile } from './clock-file.js';
import { ServiceDatabase } from './service-database.js';
import { ServiceProcess } from './service-process.js';
import { eventually } from './wait.js';

/**
 * The memory bound of issue #15: a real `sa-quiz start` process (Slack over HTTP and Discord,
 * against the fakes) is sent 400 MB bank files — Slack DM files and Discord attachments whose
 * bytes the fakes generate as they send them, never held — declaring their size honestly or
 * lying (1 KB), with and without a Content-Length. Each is refused as too large, and the service's
 * peak RSS (VmHWM in /proc/<pid>/status, reset to the current RSS before each file through
 * /proc/<pid>/clear_refs) grows by less than MAX_GROWTH. Reading one of them whole grew it by
 * 400 MB and more.
 */

const MB = 1024 * 1024;
const HUGE = 400 * MB;
/** How much the service's peak RSS may grow while it refuses one 400 MB file. */
const MAX_GROWTH_KB = 100 * 1024;
const TOO_LARGE = '파일이 너무 큽니다 (최대 2 MB)';
const SEED = new URL('../fixtures/000_0d73c490451cfe6f.txt', import.meta.url);
const OWNER = 'U0OWNER';
const DM = `D${OWNER}`;
const GUILD = {
  id: '880000000000000001',
  name: 'SA study',
  channels: [{ id: '880000000000000010', name: 'quiz' }],
};
const DISCORD_ADMIN = { id: '780000000000000001', username: 'owner' };
/** A refusal (or a preview) may take a while on a loaded machine; reading 400 MB takes longer. */
const REPLY_MS = 90_000;

let db: ServiceDatabase;
let clock: ClockFile;
let slack: FakeSlack;
let discord: FakeDiscord;
let service: ServiceProcess;
let seq = 0;

function memoryKb(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${service.pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${service.pid}/status`);
  return Number(match[1]);
}

/**
 * Runs `send` and waits for its reply, measuring the service's peak RSS meanwhile: the high-water
 * mark is reset to the current RSS first ("5" to clear_refs), then read once the reply is there.
 */
async function measured<T>(what: string, send: () => Promise<T>): Promise<{ reply: T; growthKb: number }> {
  writeFileSync(`/proc/${service.pid}/clear_refs`, '5');
  const before = memoryKb('VmRSS');
  const reply = await send();
  const peak = memoryKb('VmHWM');
  const growthKb = peak - before;
  console.info(`${what}: RSS ${Math.round(before / 1024)} MB before, peak ${Math.round(peak / 1024)} MB`);
  return { reply, growthKb };
}

/** The admin sends `file` to the app's DM: a signed event to the service; resolves with the reply's text. */
async function sendToSlackDm(file: SlackFileObject): Promise<string> {
  const posted = slack.callsTo('chat.postMessage').length;
  const n = ++seq;
  const event = {
    type: 'message',
    subtype: 'file_share',
    channel: DM,
    channel_type: 'im',
    user: OWNER,
    text: '',
    ts: `1741570000.00${n}`,
    files: [file],
  };
  const body = JSON.stringify(eventCallback(event, `Ev0MEM${n}`));
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(service.eventsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  await slack.waitFor('chat.postMessage', () => slack.callsTo('chat.postMessage').length > posted, REPLY_MS);
  const reply = slack.callsTo('chat.postMessage')[posted];
  expect(reply?.body.channel).toBe(DM);
  return JSON.stringify(reply?.body.blocks);
}

/** The admin runs `/sa-admin upload` with `attachment`; resolves with the text of the edited reply. */
async function uploadOnDiscord(attachment: Record<string, unknown>): Promise<string> {
  const interaction = discord.slashCommand({
    user: DISCORD_ADMIN,
    channelId: GUILD.channels[0]!.id,
    name: 'sa-admin',
    permissions: PERMISSIONS.manageGuild,
    options: [{ type: 1, name: 'upload', options: [{ type: 11, name: 'file', value: attachment.id }] }],
    attachments: [attachment],
  });
  const edited = await discord.waitForCall(
    (c) =>
      c.method === 'PATCH' &&
      c.path === `/webhooks/${discord.applicationId}/${interaction.token}/messages/@original`,
    REPLY_MS,
  );
  return JSON.stringify(edited.body?.embeds);
}

describe('peak memory of a service refusing 400 MB bank files', () => {
  // One service for every file (useServiceProcessHooks would kill it after each test).
  beforeEach(() => {
    onTestFailed(() => console.error(service?.tail(60)));
  });

  beforeAll(async () => {
    db = await ServiceDatabase.open();
    clock = ClockFile.create('2025-03-16T23:50:00Z');
    slack = await FakeSlack.start({ now: () => clock.now() });
    slack.addUser({ id: OWNER, name: 'Owner Park', isOwner: true });
    discord = await FakeDiscord.start([GUILD]);
    service = await ServiceProcess.start(
      'service',
      { ...db.settings(), slackApiUrl: slack.apiUrl, discordApiUrl: discord.apiUrl, clockFile: clock.path },
      60_000,
    );
    await eventually(async () => (await service.healthReport()).body.discord === 'ok', {
      what: 'Discord to connect',
      timeoutMs: 30_000,
      describe: async () => JSON.stringify(await service.healthReport()),
    });
    // Warm up the upload paths with a real bank, so the measurements are the big files' alone.
    expect(await sendToSlackDm(slack.addFile('seed.txt', readFileSync(SEED)))).toContain('업로드 미리보기');
    expect(await uploadOnDiscord(discord.attachment('seed.txt', readFileSync(SEED)))).toContain(
      '업로드 미리보기',
    );
  });

  afterAll(async () => {
    await ServiceProcess.killAll();
    await slack?.close();
    await discord?.close();
    await db?.close();
    clock?.remove();
  });

  it.each([
    { case: 'declared honestly', declared: HUGE, contentLength: true },
    { case: 'declared 1 KB, with a Content-Length', declared: 1024, contentLength: true },
    { case: 'declared 1 KB, chunked with no Content-Length', declared: 1024, contentLength: false },
  ])('Slack: a 400 MB DM file $case is refused within the bound', async ({ declared, contentLength }) => {
    const file = slack.addGeneratedFile('huge.md', { bytes: HUGE, contentLength }, declared);
    const { reply, growthKb } = await measured(`Slack, ${file.id} declared ${declared}`, () =>
      sendToSlackDm(file),
    );
    expect(reply).toContain(TOO_LARGE);
    expect(growthKb).toBeLessThan(MAX_GROWTH_KB);
    expect(slack.bytesServed(file.id)).toBeLessThan(64 * MB);
    expect(service.alive).toBe(true);
  });

  it.each([
    { case: 'declared honestly', declared: HUGE, contentLength: true },
    { case: 'declared 1 KB, chunked with no Content-Length', declared: 1024, contentLength: false },
  ])(
    'Discord: a 400 MB attachment $case is refused within the bound',
    async ({ declared, contentLength }) => {
      const attachment = discord.generatedAttachment('huge.md', { bytes: HUGE, contentLength }, declared);
      const { reply, growthKb } = await measured(`Discord, declared ${declared}`, () =>
        uploadOnDiscord(attachment),
      );
      expect(reply).toContain(TOO_LARGE);
      expect(growthKb).toBeLessThan(MAX_GROWTH_KB);
      expect(discord.bytesServed(attachment.url as string)).toBeLessThan(64 * MB);
      expect(service.alive).toBe(true);
    },
  );
});
