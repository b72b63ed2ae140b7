import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pngChartRenderer } from '../../../src/digest/chart.js';
import { slashCommand } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { chartBars, isPng } from '../../helpers/png-bars.js';
import {
  blocksText,
  type SlackHarness,
  startSlack,
  subscribeAsAdmin,
  threadReplyEvent,
} from './slack-harness.js';

/**
 * The weekly digest on Slack: a channel in Seoul plays Monday to Friday (2025-03-10..14) with
 * `digest fri`; the chart PNG is uploaded once with files.uploadV2 on Friday after the reveal,
 * never before it, never twice. A refused or failed upload is treated as the digest's errors are.
 */

const CHANNEL = 'C0GENERAL';
const tdb = useTestDatabase({ bundledBank: true });
let slack: SlackHarness;
let seq = 0;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http', digestChart: pngChartRenderer() });
  slack.fake.addUser({ id: 'U0ADMIN', name: 'Admin Kim', isAdmin: true });
  for (const [id, name] of [
    ['U0ALICE', 'Alice'],
    ['U0BOB', '김민수'],
    ['U0CAROL', 'Carol'],
  ] as const)
    slack.fake.addUser({ id, name });
});

afterEach(async () => {
  await slack.close();
});

async function channel() {
  const found = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
  if (!found) throw new Error('no channel');
  return found;
}

async function admin(text: string): Promise<string> {
  seq += 1;
  const response = `digest-admin-${seq}`;
  await slack.send.command(
    slashCommand({
      command: '/sa-admin',
      text,
      userId: 'U0ADMIN',
      channelId: CHANNEL,
      responseUrl: slack.fake.responseUrl(response),
    }),
  );
  return blocksText((await slack.fake.waitForResponse(response)).body.blocks);
}

/** 09:00 KST: the question; 10:00: `answerers` reply in its thread. The reveal is left to the caller. */
async function morning(date: string, answerers: readonly string[]): Promise<void> {
  const { clock, quiz } = slack;
  clock.set(`${date}T00:00:00Z`);
  expect(await quiz.tick(clock.now())).toMatchObject({ posted: 1, failed: 0 });
  const threadTs = (await tdb.current.store.findDailyRound((await channel()).id, date))?.messageRef;
  if (!threadTs) throw new Error(`no question on ${date}`);
  clock.set(`${date}T01:00:00Z`);
  for (const user of answerers) {
    seq += 1;
    const event = threadReplyEvent({
      channel: CHANNEL,
      user,
      threadTs,
      ts: `${Math.floor(clock.now().getTime() / 1000)}.${String(seq).padStart(6, '0')}`,
      text: '보안 그룹은 상태 저장 방화벽이라 응답 트래픽이 자동으로 허용되고, 네트워크 ACL은 상태 비저장입니다',
      eventId: `EvDigest${seq}`,
    });
    expect((await slack.send.event(event)).status).toBe(200);
  }
  await slack.adapter.idle();
}

/** 18:00 KST: the reveal tick. */
async function reveal(date: string): Promise<void> {
  slack.clock.set(`${date}T09:00:00Z`);
  expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ revealed: 1, failed: 0 });
}

describe('Slack: the weekly digest', () => {
  it('uploads the chart once on Friday after the reveal, with one bar per round day', async () => {
    const { clock, quiz, fake } = slack;
    await subscribeAsAdmin(slack, CHANNEL);
    expect(await admin('digest 금')).toContain('매주 금요일 18:00 공개 뒤에 주간 요약');
    expect(await admin('status')).toContain('주간 요약: 매주 금요일 공개 뒤');

    const week: [string, string[]][] = [
      ['2025-03-10', ['U0ALICE', 'U0BOB', 'U0CAROL']],
      ['2025-03-11', ['U0ALICE', 'U0BOB']],
      ['2025-03-12', ['U0ALICE']],
      ['2025-03-13', []],
    ];
    for (const [date, answerers] of week) {
      await morning(date, answerers);
      await reveal(date);
    }
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);

    await morning('2025-03-14', ['U0ALICE', 'U0CAROL']);
    // 17:59 on Friday: the round is open, no digest.
    clock.set('2025-03-14T08:59:00Z');
    await quiz.tick(clock.now());
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);

    await reveal('2025-03-14');
    const [upload, ...more] = fake.uploads;
    expect(more).toHaveLength(0);
    expect(upload?.filename).toBe('sa-quiz-digest-2025-03-10.png');
    expect(isPng(upload!.bytes)).toBe(true);
    expect(chartBars(upload!.bytes).bars).toBe(5);
    const [complete] = fake.callsTo('files.completeUploadExternal');
    expect(complete?.body.channel_id).toBe(CHANNEL);
    const comment = String(complete?.body.initial_comment);
    expect(comment).toContain('📊 주간 요약 (3/10~3/14)');
    expect(comment).toContain('질문 5개 · 답변 8개 · 참여 3명');
    expect(comment).toContain('월 3/10 ████████████ 3');
    expect(comment).toContain('목 3/13 0');
    // People by name, never pinged.
    expect(comment).toContain('Alice — 1위');
    expect(comment).not.toMatch(/<@U|<!(channel|here|everyone)/);
    // The text chart is the image's alternative text, for screen readers.
    expect(fake.callsTo('files.getUploadURLExternal')[0]?.body.alt_text).toContain('금 3/14 ████████ 2');

    // Later ticks that day, and the week after's Monday: nothing more.
    for (const at of ['2025-03-14T09:01:00Z', '2025-03-14T12:00:00Z', '2025-03-14T14:59:00Z']) {
      clock.set(at);
      await quiz.tick(clock.now());
    }
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
  });

  it('a channel the bot left pauses it and tells the admin once; a 5xx is never re-uploaded', async () => {
    const { clock, quiz, fake } = slack;
    clock.set('2025-03-13T23:50:00Z'); // Friday 08:50 KST
    await subscribeAsAdmin(slack, CHANNEL);
    await admin('digest fri');
    await morning('2025-03-14', ['U0ALICE']);
    fake.fail('files.completeUploadExternal', { status: 500 });
    await reveal('2025-03-14');
    for (const at of ['2025-03-14T09:05:00Z', '2025-03-14T10:00:00Z']) {
      clock.set(at);
      await quiz.tick(clock.now());
    }
    // Once: it may have arrived, so it is not sent again, and nothing else is posted instead.
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect((await channel()).paused).toBe(false);

    // The next week's digest: the bot was removed from the channel.
    await morning('2025-03-21', ['U0BOB']);
    fake.fail('files.completeUploadExternal', { error: 'not_in_channel' });
    await reveal('2025-03-21');
    expect(await channel()).toMatchObject({ paused: true, pausedReason: 'broken' });
    const dms = fake.callsTo('chat.postMessage').filter((c) => String(c.body.channel).startsWith('D'));
    expect(dms).toHaveLength(1);
    clock.set('2025-03-21T10:00:00Z');
    await quiz.tick(clock.now());
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(2);
  });

  it('uploads disabled in the workspace: the digest goes out as text alone, once', async () => {
    const { clock, fake } = slack;
    clock.set('2025-03-13T23:50:00Z');
    await subscribeAsAdmin(slack, CHANNEL);
    await admin('digest fri');
    await morning('2025-03-14', []);
    fake.fail('files.getUploadURLExternal', { error: 'file_uploads_disabled' });
    const before = fake.callsTo('chat.postMessage').length;
    await reveal('2025-03-14');
    const posted = fake
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((c) => c.body.channel === CHANNEL && c.body.thread_ts === undefined);
    const digests = posted.filter((c) => blocksText(c.body.blocks).includes('주간 요약'));
    expect(digests).toHaveLength(1);
    expect(blocksText(digests[0]?.body.blocks)).toContain('이번 주에는 답변이 없었습니다.');
    expect(fake.uploads).toHaveLength(0);
  });
});
