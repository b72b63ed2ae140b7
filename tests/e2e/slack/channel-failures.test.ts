import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSlack, SlackCall } from '../../fakes/slack-api.js';
import { MINUTE } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';
import {
  ADMIN,
  ADMIN_DM,
  admin,
  BROKEN,
  channelRow,
  dailyRound,
  dmsToAdmin,
  HEALTHY,
  MON_0900,
  postsTo,
  subscribe,
  TUE_2100,
  tickAt,
  tickThrough,
} from './failure-world.js';
import { blocksText, recordingLogger, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * Channels Slack refuses, over a simulated day and a half of scheduler ticks (Monday 08:50 to
 * Tuesday 21:00 in Seoul, every 30 minutes) next to a healthy channel: a refusal an admin must
 * fix pauses the channel after one attempt and tells the admin once, by DM, in words; an outage
 * is retried with growing gaps, then given up; an admin who cannot be reached is told in the
 * channel when it takes messages, else in `/sa-admin status`. The healthy channel gets both
 * days' questions and reveals whatever happens next door.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let log: ReturnType<typeof recordingLogger>;

beforeEach(async () => {
  log = recordingLogger();
  slack = await startSlack({ db: tdb.current, mode: 'http', logger: log });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  await subscribe(slack, BROKEN);
  await subscribe(slack, HEALTHY);
});

afterEach(async () => {
  await slack.close();
});

const toBroken = (c: SlackCall): boolean => c.body.channel === BROKEN;

/** Monday 08:50 to Tuesday 21:00, a tick every 30 minutes. */
async function dayAndAHalf(): Promise<void> {
  await tickThrough(slack, slack.clock.now().getTime(), TUE_2100, 30 * MINUTE);
}

/** Both days' questions and reveals reached the (healthy) channel, once each. */
async function expectHealthyBothDays(channel = HEALTHY): Promise<void> {
  const questions = slack.fake.messagesIn(channel, { topLevel: true });
  expect(questions).toHaveLength(2);
  for (const [i, date] of ['2025-03-10', '2025-03-11'].entries()) {
    const round = await dailyRound(tdb.current.store, channel, date);
    expect(round, date).toMatchObject({ status: 'revealed', messageRef: questions[i]?.ts });
    expect(round?.revealPostedAt, date).not.toBeNull();
    const announcements = slack.fake.messagesIn(channel).filter((m) => m.threadTs === round?.messageRef);
    expect(
      announcements.filter((m) => m.replyBroadcast),
      date,
    ).toHaveLength(1);
  }
}

const refusals: [string, (fake: FakeSlack) => void, string[]][] = [
  ['is_archived', (fake) => fake.setChannel(BROKEN, { archived: true }), ['보관(아카이브)되었습니다']],
  ['not_in_channel', (fake) => fake.setChannel(BROKEN, { member: false }), ['`/invite @sa-quiz`']],
  ['channel_not_found', (fake) => fake.setChannel(BROKEN, { deleted: true }), ['삭제되었거나']],
  [
    'missing_scope',
    (fake) =>
      fake.fail(
        'chat.postMessage',
        { error: 'missing_scope', fields: { needed: 'chat:write', provided: 'commands,users:read' } },
        { times: Number.POSITIVE_INFINITY, when: toBroken },
      ),
    ['chat:write', 'OAuth &amp; Permissions', '다시 설치'],
  ],
  [
    'restricted_action',
    (fake) =>
      fake.fail(
        'chat.postMessage',
        { error: 'restricted_action' },
        { times: Number.POSITIVE_INFINITY, when: toBroken },
      ),
    ['워크스페이스 설정', '게시 권한을 요청'],
  ],
];

describe('Slack: a channel that refuses the question', () => {
  it.each(refusals)(
    '%s: one attempt, paused, one DM that says what to fix',
    async (code, breakIt, advice) => {
      breakIt(slack.fake);
      await dayAndAHalf();

      expect(postsTo(slack, BROKEN), 'post attempts in the broken channel').toHaveLength(1);
      expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({
        paused: true,
        pausedReason: 'broken',
      });
      const dms = dmsToAdmin(slack);
      expect(dms).toHaveLength(1);
      expect(dms[0]).toContain(`<#${BROKEN}>`);
      expect(dms[0]).toContain('일시 중지');
      for (const words of advice) expect(dms[0]).toContain(words);
      expect(dms[0]).toContain('`/sa-admin resume`');
      expect(dms[0]).not.toContain(code);
      const incident = await tdb.current.store.openIncidentOf(
        (await channelRow(tdb.current.store, BROKEN)).id,
      );
      expect(incident).toMatchObject({ pauses: true, notice: 'dm' });
      expect(
        log.lines.filter((l) => l.level === 'error' && /post stopped in channel/.test(l.message)),
      ).toHaveLength(1);

      await expectHealthyBothDays();
    },
  );

  it('a persistent 500: five attempts with growing gaps, the round fails, the admin hears once; a second day of it pauses and says so', async () => {
    const questionToBroken = (c: SlackCall): boolean => toBroken(c) && c.body.thread_ts === undefined;
    slack.fake.fail(
      'chat.postMessage',
      { status: 500 },
      { times: Number.POSITIVE_INFINITY, when: questionToBroken },
    );
    // Every 15 s for the first 20 minutes: each attempt is dated by the tick that made it.
    const attemptsAt: number[] = [];
    for (let at = Date.parse(MON_0900); at <= Date.parse(MON_0900) + 20 * MINUTE; at += 15_000) {
      const before = postsTo(slack, BROKEN).length;
      await tickAt(slack, at);
      for (let i = before; i < postsTo(slack, BROKEN).length; i++) attemptsAt.push(at);
    }
    expect(attemptsAt).toHaveLength(5);
    const gaps = attemptsAt.slice(1).map((at, i) => at - (attemptsAt[i] ?? 0));
    for (const [i, gap] of gaps.entries()) {
      expect(gap).toBeGreaterThanOrEqual(30_000);
      if (i > 0) expect(gap, `gap ${i + 1} after ${gaps[i - 1]} ms`).toBeGreaterThan(gaps[i - 1] ?? 0);
    }
    expect(await dailyRound(tdb.current.store, BROKEN, '2025-03-10')).toMatchObject({
      status: 'failed',
      postAttempts: 5,
    });
    const dms = dmsToAdmin(slack);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain(`<#${BROKEN}>`);
    expect(dms[0]).toContain('메신저가 여러 번 오류를 돌려주어');
    expect(dms[0]).not.toMatch(/internal_error|500/);
    // Not paused yet: an outage may pass. Tuesday's round fails the same way while the incident
    // is still open, so the channel is paused then, and the admin told so (with how to resume).
    expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({ paused: false });

    await dayAndAHalf();
    expect(postsTo(slack, BROKEN)).toHaveLength(10);
    expect(await dailyRound(tdb.current.store, BROKEN, '2025-03-11')).toMatchObject({
      status: 'failed',
      postAttempts: 5,
    });
    expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({
      paused: true,
      pausedReason: 'broken',
    });
    expect(slack.fake.messagesIn(BROKEN), 'nothing stored, nothing posted twice').toEqual([]);
    const told = dmsToAdmin(slack);
    expect(told).toHaveLength(2);
    expect(told[1]).toContain('일시 중지했습니다');
    expect(told[1]).toContain('`/sa-admin resume`');
    await expectHealthyBothDays();
  });
});

describe('Slack: a question whose blocks Slack rejects', () => {
  it('goes out once as plain text, and the channel runs on', async () => {
    const question = (c: SlackCall): boolean => toBroken(c) && c.body.thread_ts === undefined;
    slack.fake.fail('chat.postMessage', { error: 'invalid_blocks' }, { when: question });
    expect(await tickAt(slack, MON_0900)).toMatchObject({ posted: 2, failed: 0 });
    const attempts = slack.fake.callsTo('chat.postMessage').filter(question);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]?.body.blocks).toBeUndefined();
    expect(String(attempts[1]?.body.text)).toContain('오늘의 AWS 질문');
    const [posted] = slack.fake.messagesIn(BROKEN, { topLevel: true });
    expect(posted?.metadata?.event_type).toBe('sa_quiz_round');
    await dayAndAHalf();
    await expectHealthyBothDays(BROKEN);
    expect(dmsToAdmin(slack)).toEqual([]);
    expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({ paused: false });
  });
});

describe('Slack: an admin who cannot be reached', () => {
  it("is told in the channel when only the reveal's thread is refused, and status says so", async () => {
    expect(await tickAt(slack, MON_0900)).toMatchObject({ posted: 2 });
    const thread = (await dailyRound(tdb.current.store, BROKEN, '2025-03-10'))!.messageRef!;
    const inThread = (c: SlackCall): boolean => toBroken(c) && c.body.thread_ts === thread;
    // The thread was locked during the day; the admin's DM is refused by the workspace's policy.
    slack.fake.fail(
      'chat.postMessage',
      { error: 'restricted_action_thread_locked' },
      { times: Number.POSITIVE_INFINITY, when: inThread },
    );
    slack.fake.fail(
      'chat.postMessage',
      { error: 'restricted_action' },
      { times: Number.POSITIVE_INFINITY, when: (c) => c.body.channel === ADMIN_DM },
    );
    await dayAndAHalf();

    expect(postsTo(slack, BROKEN, thread), 'reveal attempts').toHaveLength(1);
    expect(postsTo(slack, ADMIN_DM), 'DM attempts').toHaveLength(1);
    const notices = slack.fake.messagesIn(BROKEN, { topLevel: true }).slice(1);
    expect(notices).toHaveLength(1);
    const notice = blocksText(notices[0]?.blocks);
    expect(notice).toContain(`<#${BROKEN}>`);
    expect(notice).toContain('모범 답안을 보내지 못했습니다');
    expect(notice).toContain('워크스페이스 설정');
    expect(notice).toContain('`/sa-admin resume`');
    expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({
      paused: true,
      pausedReason: 'broken',
    });

    const status = await admin(slack, 'status', BROKEN);
    expect(status).toContain('문제: 워크스페이스 설정');
    expect(status).toContain('관리자에게 DM을 보낼 수 없어 채널에 게시했습니다');
    await expectHealthyBothDays();
  });

  it('is told in /sa-admin status (and the log, once) when neither a DM nor the channel works', async () => {
    slack.fake.setChannel(BROKEN, { member: false });
    slack.fake.fail('conversations.open', { error: 'user_not_found' }, Number.POSITIVE_INFINITY);
    await dayAndAHalf();

    expect(postsTo(slack, BROKEN), 'one post attempt, and no notice in a channel the bot left').toHaveLength(
      1,
    );
    expect(slack.fake.callsTo('conversations.open')).toHaveLength(1);
    expect(postsTo(slack, ADMIN_DM)).toEqual([]);
    const incident = await tdb.current.store.openIncidentOf((await channelRow(tdb.current.store, BROKEN)).id);
    expect(incident).toMatchObject({ notice: 'unreachable', problem: 'not_in_channel' });
    const stopped = log.lines.filter((l) => l.level === 'error' && /post stopped in channel/.test(l.message));
    expect(stopped).toHaveLength(1);
    expect(stopped[0]?.fields).toMatchObject({ notice: 'unreachable' });
    expect(stopped[0]?.message).toContain('/invite @sa-quiz');

    const status = await admin(slack, 'status', BROKEN);
    expect(status).toContain('문제: 봇이 이 채널의 멤버가 아닙니다');
    expect(status).toContain('관리자에게 알릴 방법이 없었습니다');
    expect(status).toContain('게시 권한: 이 채널에는 게시할 수 없습니다.');
    await expectHealthyBothDays();
  });
});
