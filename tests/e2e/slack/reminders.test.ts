import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REMINDER_EVENT_TYPE } from '../../../src/adapters/slack/slack-chat.js';
import type { PostedMessage } from '../../fakes/slack-api.js';
import { slashCommand } from '../../fakes/slack-payloads.js';
import { MINUTE } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';
import {
  ADMIN,
  ADMIN_DM,
  admin,
  channelRow,
  dailyRound,
  subscribe,
  tickAt,
  tickThrough,
} from './failure-world.js';
import {
  blocksText,
  recordingLogger,
  type SlackHarness,
  startSlack,
  threadReplyEvent,
} from './slack-harness.js';

/**
 * The deadline reminder on Slack, over whole days of ticks every 15 minutes: one message in each
 * round's thread at reveal − 2 h (`<!date>` for the reveal time), and an ephemeral nudge in the
 * thread to each person on a streak who has not answered, did not opt out (`/sa-quiz remind
 * off`) and had none that day in the workspace, even with two subscribed channels. A person
 * Slack refuses (`user_not_in_channel`) is skipped, never retried.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;

const ONE = 'C0GENERAL';
const TWO = 'C0SECOND';
const ABE = 'U0ABE';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';

/** Instants of Monday 2025-03-10 + `day` at `hour`:`minute` in Seoul (UTC+9). */
const kst = (day: number, hour: number, minute = 0) => Date.UTC(2025, 2, 10 + day, hour - 9, minute);
const QUARTER = 15 * MINUTE;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http', logger: recordingLogger() });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  for (const [id, name] of [
    [ABE, 'Abe'],
    [ALICE, 'Alice'],
    [BOB, 'Bob'],
    [CAROL, 'Carol'],
  ] as const)
    slack.fake.addUser({ id, name });
  slack.clock.set(new Date(kst(0, 8)));
  for (const channel of [ONE, TWO]) {
    await subscribe(slack, channel);
    expect(await admin(slack, 'reminder 2h', channel)).toContain(
      '마감 2시간 전에 스레드에 리마인더를 올립니다',
    );
  }
});

afterEach(async () => {
  await slack.close();
});

async function threadOf(channel: string, day: number): Promise<string> {
  const date = `2025-03-${String(10 + day).padStart(2, '0')}`;
  const round = await dailyRound(tdb.current.store, channel, date);
  if (!round?.messageRef) throw new Error(`no round in ${channel} on ${date}`);
  return round.messageRef;
}

function remindersIn(channel: string, thread: string): PostedMessage[] {
  return slack.fake
    .messagesIn(channel)
    .filter((m) => m.threadTs === thread && m.metadata?.event_type === REMINDER_EVENT_TYPE);
}

/** Nudges Slack showed (feedback notes after the reveal are ephemeral too). */
function nudgesTo(user?: string) {
  return slack.fake.ephemerals.filter(
    (e) =>
      (user === undefined || e.user === user) && (blocksText(e.blocks) || e.text).includes('연속 기록 중'),
  );
}

let seq = 0;

/** `user` answers in `channel`'s thread, as Slack delivers a reply. */
async function answer(channel: string, thread: string, user: string): Promise<void> {
  seq += 1;
  const delivery = await slack.send.event(
    threadReplyEvent({
      channel,
      user,
      threadTs: thread,
      // A second after the clock: never the ts of the bot's own messages posted at this instant.
      ts: `${Math.floor(slack.clock.now().getTime() / 1000) + 1}.${String(seq).padStart(6, '0')}`,
      text: '보안 그룹은 상태 저장 방화벽이라 응답이 자동 허용됩니다',
      eventId: `EvRem${seq}`,
    }),
  );
  expect(delivery.status).toBe(200);
  await slack.adapter.idle();
}

async function optOut(user: string): Promise<string> {
  const name = `remind-${user}`;
  await slack.send.command(
    slashCommand({
      command: '/sa-quiz',
      text: 'remind off',
      userId: user,
      channelId: ONE,
      channelName: 'general',
      responseUrl: slack.fake.responseUrl(name),
    }),
  );
  const response = await slack.fake.waitForResponse(name);
  expect(response.body.response_type).toBe('ephemeral');
  return blocksText(response.body.blocks);
}

describe('Slack: the deadline reminder', () => {
  it('posts one reminder per thread at reveal − 2 h and nudges only streak holders who have not answered', async () => {
    // Monday: everyone answers in #general, Alice in #second too. Nobody is on a streak yet.
    await tickAt(slack, kst(0, 9));
    const mon = await threadOf(ONE, 0);
    for (const user of [ABE, ALICE, BOB, CAROL]) await answer(ONE, mon, user);
    await answer(TWO, await threadOf(TWO, 0), ALICE);
    await tickThrough(slack, kst(0, 9), kst(0, 15, 45), QUARTER);
    expect(remindersIn(ONE, mon)).toHaveLength(0);
    await tickAt(slack, kst(0, 16));
    const [monday] = remindersIn(ONE, mon);
    expect(remindersIn(ONE, mon)).toHaveLength(1);
    const text = blocksText(monday?.blocks);
    expect(text).toContain('⏰ 답변 4개');
    expect(text).toContain(`<!date^${kst(0, 18) / 1000}^`);
    expect(text).toContain('18:00 (Asia/Seoul)');
    expect(remindersIn(TWO, await threadOf(TWO, 0))).toHaveLength(1);
    expect(nudgesTo()).toHaveLength(0);
    await tickThrough(slack, kst(0, 16), kst(0, 23), QUARTER);
    expect(remindersIn(ONE, mon)).toHaveLength(1);

    // Tuesday: Bob answers; Carol opts out; Abe has left #general (Slack refuses him).
    expect(await optOut(CAROL)).toContain('이제 마감 전 개인 알림을 보내지 않습니다');
    slack.fake.userLeft(ONE, ABE);
    await tickAt(slack, kst(1, 9));
    const tue = await threadOf(ONE, 1);
    const tueTwo = await threadOf(TWO, 1);
    await answer(ONE, tue, BOB);
    await tickThrough(slack, kst(1, 9), kst(1, 18), QUARTER);

    expect(remindersIn(ONE, tue)).toHaveLength(1);
    expect(remindersIn(TWO, tueTwo)).toHaveLength(1);
    expect(blocksText(remindersIn(ONE, tue)[0]?.blocks)).toContain('⏰ 답변 1개');
    // Alice: one nudge, in #general's thread (the first channel reminded), none from #second.
    const alice = nudgesTo(ALICE);
    expect(alice).toHaveLength(1);
    expect(alice[0]).toMatchObject({ channel: ONE, threadTs: tue });
    expect(blocksText(alice[0]?.blocks)).toContain('🔥 1회 연속 기록 중입니다');
    expect(blocksText(alice[0]?.blocks)).toContain('/sa-quiz remind off');
    expect(nudgesTo(BOB)).toHaveLength(0);
    expect(nudgesTo(CAROL)).toHaveLength(0);
    // Abe was tried once, refused, and never again.
    const abeCalls = slack.fake
      .callsTo('chat.postEphemeral')
      .filter((c) => c.body.user === ABE && c.body.thread_ts === tue);
    expect(abeCalls).toHaveLength(1);
    expect(nudgesTo(ABE)).toHaveLength(0);
    const carolCalls = slack.fake
      .callsTo('chat.postEphemeral')
      .filter((c) => c.body.user === CAROL && c.body.thread_ts === tue);
    expect(carolCalls).toHaveLength(0);

    // Ticks after the reveal and into the night: nothing more.
    const before = slack.fake.callsTo('chat.postEphemeral').length;
    const posts = slack.fake.callsTo('chat.postMessage').length;
    await tickThrough(slack, kst(1, 18), kst(1, 23, 45), QUARTER);
    expect(nudgesTo(ALICE)).toHaveLength(1);
    expect(slack.fake.callsTo('chat.postEphemeral').length).toBe(before);
    expect(slack.fake.callsTo('chat.postMessage').length).toBe(posts);
  });

  it('a late tick after the reveal sends no reminder; `reminder off` stops it; status shows it', async () => {
    expect(await admin(slack, 'status', ONE)).toContain('마감 리마인더: 공개 2시간 전');
    expect(await admin(slack, 'reminder 10', ONE)).toContain('출제 시간(09:00)보다 늦어야 합니다');
    expect(await admin(slack, 'reminder off', TWO)).toContain('마감 리마인더를 껐습니다');
    await tickAt(slack, kst(0, 9));
    // The process was down from 09:00 until after the reveal.
    await tickAt(slack, kst(0, 18, 5));
    await tickThrough(slack, kst(0, 18, 5), kst(0, 20), QUARTER);
    expect(remindersIn(ONE, await threadOf(ONE, 0))).toHaveLength(0);
    // #second has it off: nothing on Tuesday either.
    await tickThrough(slack, kst(1, 8, 45), kst(1, 18), QUARTER);
    expect(remindersIn(TWO, await threadOf(TWO, 1))).toHaveLength(0);
    expect(remindersIn(ONE, await threadOf(ONE, 1))).toHaveLength(1);
  });

  it('a 500 on the reminder is given up (no retry, no nudges); a refusal pauses the channel as for posts', async () => {
    await tickAt(slack, kst(0, 9));
    await answer(ONE, await threadOf(ONE, 0), ALICE);
    await tickThrough(slack, kst(0, 9), kst(0, 18), QUARTER);

    // Tuesday: the reminder's post answers 500 once.
    await tickAt(slack, kst(1, 9));
    const tue = await threadOf(ONE, 1);
    slack.fake.fail('chat.postMessage', { status: 500 }, { when: (c) => c.body.thread_ts === tue });
    await tickThrough(slack, kst(1, 9), kst(1, 17, 45), QUARTER);
    expect(slack.fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === tue)).toHaveLength(1);
    expect(remindersIn(ONE, tue)).toHaveLength(0);
    expect(nudgesTo(ALICE)).toHaveLength(0);
    expect(await channelRow(tdb.current.store, ONE)).toMatchObject({ paused: false });
    // #second's reminder went out as usual.
    expect(remindersIn(TWO, await threadOf(TWO, 1))).toHaveLength(1);
    await tickThrough(slack, kst(1, 17, 45), kst(1, 18), QUARTER);

    // Wednesday: Slack says the bot is not in #general any more: paused, the admin told once.
    await tickAt(slack, kst(2, 9));
    const wed = await threadOf(ONE, 2);
    slack.fake.fail(
      'chat.postMessage',
      { error: 'not_in_channel' },
      { when: (c) => c.body.thread_ts === wed },
    );
    await tickThrough(slack, kst(2, 9), kst(2, 17), QUARTER);
    expect(await channelRow(tdb.current.store, ONE)).toMatchObject({ paused: true, pausedReason: 'broken' });
    expect(slack.fake.messagesIn(ADMIN_DM)).toHaveLength(1);
    expect(nudgesTo()).toHaveLength(0);
  });
});
