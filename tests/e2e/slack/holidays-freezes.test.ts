import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { libraryHolidayCalendar } from '../../../src/holidays/library-calendar.js';
import { slashCommand } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import {
  blocksText,
  type SlackHarness,
  startSlack,
  subscribeAsAdmin,
  threadReplyEvent,
} from './slack-harness.js';

/**
 * A Slack channel in Seoul over two weeks of September 2026 with the library holiday calendar:
 * alice earns a streak freeze, misses a Monday and the reveal says the freeze kept her streak;
 * 추석 (Thursday and Friday) has no round at all, and her streak goes on after it.
 */

const CHANNEL = 'C0GENERAL';
const tdb = useTestDatabase({ bundledBank: true });
let slack: SlackHarness;
let seq = 0;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http', holidays: libraryHolidayCalendar() });
  slack.fake.addUser({ id: 'U0ADMIN', name: 'Admin Kim', isAdmin: true });
  slack.fake.addUser({ id: 'U0ALICE', name: 'Alice' });
  slack.fake.addUser({ id: 'U0BOB', name: 'Bob' });
});

afterEach(async () => {
  await slack.close();
});

async function channelId(): Promise<number> {
  const channel = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
  if (!channel) throw new Error('not subscribed');
  return channel.id;
}

/** One round day: the 09:00 tick posts, `answerers` reply in the thread, the 18:00 tick reveals. Returns the reveal's text. */
async function roundDay(date: string, answerers: readonly string[]): Promise<string> {
  const { clock, quiz, fake } = slack;
  clock.set(`${date}T00:00:00Z`);
  expect(await quiz.tick(clock.now())).toMatchObject({ posted: 1, failed: 0 });
  const round = await tdb.current.store.findDailyRound(await channelId(), date);
  const threadTs = round?.messageRef;
  if (!threadTs) throw new Error(`no question on ${date}`);
  clock.set(`${date}T01:00:00Z`);
  for (const user of answerers) {
    seq += 1;
    const event = threadReplyEvent({
      channel: CHANNEL,
      user,
      threadTs,
      ts: `${Math.floor(clock.now().getTime() / 1000)}.${String(seq).padStart(6, '0')}`,
      text: '보안 그룹은 상태 저장 방화벽이라 응답 트래픽이 자동으로 허용됩니다',
      eventId: `EvBreaks${seq}`,
    });
    expect((await slack.send.event(event)).status).toBe(200);
  }
  await slack.adapter.idle();
  const before = fake.callsTo('chat.postMessage').length;
  clock.set(`${date}T09:00:00Z`);
  expect(await quiz.tick(clock.now())).toMatchObject({ revealed: 1, failed: 0 });
  const reveal = fake
    .callsTo('chat.postMessage')
    .slice(before)
    .filter((c) => c.body.thread_ts === threadTs);
  return reveal.map((c) => blocksText(c.body.blocks)).join('\n');
}

async function admin(text: string): Promise<string> {
  seq += 1;
  const response = `admin-${seq}`;
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

describe('Slack: holidays and streak freezes', () => {
  it('a freeze used is in the posted reveal, and 추석 has no round while streaks stay', async () => {
    const { clock, quiz, fake } = slack;
    clock.set('2026-09-13T23:50:00Z'); // Monday 2026-09-14, 08:50 KST
    await subscribeAsAdmin(slack, CHANNEL);

    for (const date of ['2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17'])
      await roundDay(date, ['U0ALICE']);
    expect(await roundDay('2026-09-18', ['U0ALICE'])).toContain('4 → 5회 연속 · 🧊 프리즈 획득');

    // Alice misses Monday's round: the reveal in the thread says her freeze kept the streak.
    const monday = await roundDay('2026-09-21', ['U0BOB']);
    expect(monday).toContain('🧊 Alice: 프리즈를 써서 5회 연속 기록을 지켰습니다 (남은 프리즈 0개)');
    expect(monday).not.toContain('연속 기록이 끊겼습니다');
    expect(await tdb.current.store.streakOf(await channelId(), 'U0ALICE')).toMatchObject({
      current: 5,
      freezes: 0,
    });

    await roundDay('2026-09-22', ['U0ALICE', 'U0BOB']);
    await roundDay('2026-09-23', ['U0ALICE', 'U0BOB']);
    clock.set('2026-09-23T10:00:00Z');
    const status = await admin('status');
    expect(status).toContain('공휴일: 대한민국(KR) 공휴일에는 쉼 (시간대 기본값)');
    expect(status).toContain('다음 쉬는 날: 2026-09-24 추석 전날 · 2026-09-25 추석');
    // The next question is a date token (each reader's own zone), the channel's zone its fallback.
    const nextPost = Date.parse('2026-09-28T00:00:00Z') / 1000; // 09:00 in Seoul
    expect(status).toContain(
      `다음 질문: <!date^${nextPost}^{date_short_pretty} {time}|2026-09-28 09:00 (Asia/Seoul)>`,
    );

    // 추석 전날 and 추석: no question, no reveal, no round in the database — every tick of the day.
    const postsBefore = fake.callsTo('chat.postMessage').length;
    for (const date of ['2026-09-24', '2026-09-25']) {
      for (const time of ['00:00', '03:00', '09:00', '14:59']) {
        clock.set(`${date}T${time}:00Z`);
        expect(await quiz.tick(clock.now())).toEqual({ posted: 0, revealed: 0, skipped: 0, failed: 0 });
      }
      expect(await tdb.current.store.findDailyRound(await channelId(), date)).toBeNull();
    }
    expect(fake.callsTo('chat.postMessage')).toHaveLength(postsBefore);

    // The Monday after: nobody's streak was broken by the holiday.
    const after = await roundDay('2026-09-28', ['U0ALICE', 'U0BOB']);
    expect(after).toContain('7 → 8회 연속');
    expect(after).toContain('3 → 4회 연속');
    expect(after).not.toContain('끊겼습니다');
  });
});
