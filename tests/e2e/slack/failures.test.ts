import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api.js';
import { MINUTE } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';
import {
  ADMIN,
  callPart,
  dailyRound,
  dmsToAdmin,
  MON_0900,
  MON_1800,
  onlyLongQuestion,
  partCounts,
  postsTo,
  subscribe,
  threadOf,
  tickAt,
  tickThrough,
} from './failure-world.js';
import { type SlackHarness, startSlack } from './slack-harness.js';

/**
 * A long reveal (several thread replies, then the announcement) against a fake Slack that fails
 * one part: a 500 after Slack stored it, blocks Slack rejects, a 429. Real Bolt, real Web API
 * client, real database; the scheduler ticks on the injected clock. Whatever fails, every part
 * ends up in the thread exactly once, and nothing is sent again on the ticks that follow.
 */

const CHANNEL = 'C0GENERAL';
/** The morning after the reveal: hours of ticks in between, before the next day's question. */
const TUE_0600 = '2025-03-10T21:00:00Z';

const tdb = useTestDatabase();
let slack: SlackHarness;
let thread: string;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http', bundledBank: false });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  await subscribe(slack, CHANNEL);
  await onlyLongQuestion(tdb.current.store, CHANNEL);
  expect(await tickAt(slack, MON_0900)).toMatchObject({ posted: 1, failed: 0 });
  thread = (await dailyRound(tdb.current.store, CHANNEL, '2025-03-10'))!.messageRef!;
});

afterEach(async () => {
  await slack.close();
});

const isReply = (c: SlackCall): boolean => c.body.channel === CHANNEL && c.body.thread_ts !== undefined;

/** The reveal's parts as the thread holds them: all there, each once, the announcement last. */
function expectWholeRevealOnce(): number {
  const messages = threadOf(slack, CHANNEL, thread);
  const parts = messages.length;
  expect(parts, 'a long reveal takes several messages').toBeGreaterThanOrEqual(4);
  expect(partCounts(messages)).toEqual(Object.fromEntries(messages.map((_, i) => [i, 1])));
  expect(messages.filter((m) => m.replyBroadcast).map((m) => m.ts)).toEqual([messages.at(-1)?.ts]);
  return parts;
}

describe('Slack: a reveal part that fails', () => {
  it.each([
    ['the first part', (c: SlackCall) => isReply(c) && callPart(c) === 0],
    ['a middle part', (c: SlackCall) => isReply(c) && callPart(c) === 1],
    ['the announcement', (c: SlackCall) => isReply(c) && c.body.reply_broadcast === 'true'],
  ])(
    'a 500 after Slack stored %s: the retry looks in the thread and sends every part once',
    async (_, when) => {
      const { fake } = slack;
      fake.fail('chat.postMessage', { status: 500, afterPosting: true }, { when });
      expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 0, failed: 1 });
      expect(fake.callsTo('chat.postMessage').filter(when)).toHaveLength(1);
      const sentFirst = postsTo(slack, CHANNEL, thread).length;

      // Before the retry delay (30 s here) nothing happens; after it, one look, then the rest.
      expect(await tickAt(slack, Date.parse(MON_1800) + 10_000)).toMatchObject({ failed: 0 });
      expect(fake.callsTo('conversations.replies')).toHaveLength(0);
      expect(postsTo(slack, CHANNEL, thread)).toHaveLength(sentFirst);
      expect(await tickAt(slack, Date.parse(MON_1800) + MINUTE)).toMatchObject({ failed: 0 });
      const looks = fake.callsTo('conversations.replies');
      expect(looks).toHaveLength(1);
      expect(looks[0]?.body).toMatchObject({ channel: CHANNEL, ts: thread, include_all_metadata: 'true' });

      const parts = expectWholeRevealOnce();
      // The failed part was stored by Slack and found, not sent again: one call for each part.
      expect(postsTo(slack, CHANNEL, thread)).toHaveLength(parts);
      const round = await dailyRound(tdb.current.store, CHANNEL, '2025-03-10');
      expect(round?.revealPostedAt).not.toBeNull();
      expect(round?.revealPartsSent).toBe(parts);
      expect(fake.callsTo('chat.update')).toHaveLength(1);

      await tickThrough(slack, Date.parse(MON_1800) + MINUTE, TUE_0600, 30 * MINUTE);
      expect(postsTo(slack, CHANNEL, thread)).toHaveLength(parts);
      expect(fake.callsTo('conversations.replies')).toHaveLength(1);
      expect(dmsToAdmin(slack), 'a retried 500 is nothing the admin must hear about').toEqual([]);
    },
  );

  it('a busy thread, read 15 messages a call (Slack Tier 1): the look reads from the reveal on, page by page', async () => {
    const { fake } = slack;
    fake.repliesPageCap = 15;
    // Forty answers during the day: before the reveal, so the look never needs to read them.
    for (let i = 0; i < 40; i++) {
      slack.clock.set(new Date(Date.parse(MON_0900) + (i + 1) * MINUTE));
      fake.userReply(CHANNEL, thread, `U0P${i}`, `answer ${i}`);
    }
    const middle = (c: SlackCall): boolean => isReply(c) && callPart(c) === 2;
    fake.fail('chat.postMessage', { status: 500, afterPosting: true }, { when: middle });
    expect(await tickAt(slack, MON_1800)).toMatchObject({ failed: 1 });
    expect(await tickAt(slack, Date.parse(MON_1800) + MINUTE)).toMatchObject({ failed: 0 });
    const looks = fake.callsTo('conversations.replies');
    expect(looks[0]?.body.oldest).toBe(String(Date.parse(MON_1800) / 1000 - 60));
    const botMessages = threadOf(slack, CHANNEL, thread).filter((m) => m.author === undefined);
    expect(partCounts(botMessages)).toEqual(Object.fromEntries(botMessages.map((_, i) => [i, 1])));
    expect(fake.callsTo('chat.postMessage').filter(middle)).toHaveLength(1);
  });

  it.each(['invalid_blocks', 'msg_blocks_too_long'])(
    'part 2 rejected with %s is sent once more as plain text, and never again',
    async (error) => {
      const { fake } = slack;
      const second = (c: SlackCall): boolean => isReply(c) && callPart(c) === 1;
      fake.fail('chat.postMessage', { error }, { when: second });
      expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 1, failed: 0 });

      const attempts = fake.callsTo('chat.postMessage').filter(second);
      expect(attempts).toHaveLength(2);
      expect(Array.isArray(attempts[0]?.body.blocks)).toBe(true);
      // The plain version: no blocks at all, the content as mrkdwn text.
      expect(attempts[1]?.body.blocks).toBeUndefined();
      expect(String(attempts[1]?.body.text)).toContain('가용 영역을 나누어 장애를 격리하고');
      const parts = expectWholeRevealOnce();
      expect(threadOf(slack, CHANNEL, thread)[1]?.blocks).toBeUndefined();
      expect(postsTo(slack, CHANNEL, thread)).toHaveLength(parts + 1);

      await tickThrough(slack, MON_1800, TUE_0600, 20 * MINUTE);
      expect(postsTo(slack, CHANNEL, thread)).toHaveLength(parts + 1);
      expect(threadOf(slack, CHANNEL, thread)).toHaveLength(parts);
      expect(dmsToAdmin(slack)).toEqual([]);
    },
  );

  it('gives the reveal up when the plain text is rejected too: never retried, the admin told once', async () => {
    const { fake } = slack;
    const second = (c: SlackCall): boolean => isReply(c) && callPart(c) === 1;
    fake.fail('chat.postMessage', { error: 'invalid_blocks' }, { when: second, times: 2 });
    expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 0, failed: 1 });
    const round = await dailyRound(tdb.current.store, CHANNEL, '2025-03-10');
    expect(round?.revealGaveUpAt).toEqual(new Date(MON_1800));
    expect(round?.revealPostedAt).toBeNull();
    expect(fake.callsTo('chat.postMessage').filter(second)).toHaveLength(2);
    expect(partCounts(threadOf(slack, CHANNEL, thread))).toEqual({ 0: 1 });

    const dms = dmsToAdmin(slack);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain(`<#${CHANNEL}>`);
    expect(dms[0]).toContain('sa-quiz의 버그');
    expect(dms[0]).toContain('관리자가 할 일은 없습니다');

    const before = postsTo(slack, CHANNEL, thread).length;
    await tickThrough(slack, MON_1800, TUE_0600, 20 * MINUTE);
    expect(postsTo(slack, CHANNEL, thread)).toHaveLength(before);
    expect(dmsToAdmin(slack)).toHaveLength(1);
    // Our bug, not the channel's: it is not paused, and the next day's question goes out.
    const channel = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
    expect(channel).toMatchObject({ paused: false, pausedReason: null });
    expect(await tickAt(slack, '2025-03-11T00:00:00Z')).toMatchObject({ posted: 1 });
    expect(dmsToAdmin(slack)).toHaveLength(1);
  });

  it('waits Retry-After on a 429 and sends the part once', async () => {
    const { fake } = slack;
    const first = (c: SlackCall): boolean => isReply(c) && callPart(c) === 0;
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, { when: first });
    expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 1, failed: 0 });
    const attempts = fake.callsTo('chat.postMessage').filter(first);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    const parts = expectWholeRevealOnce();
    expect(postsTo(slack, CHANNEL, thread)).toHaveLength(parts + 1);
    await tickThrough(slack, MON_1800, TUE_0600, 60 * MINUTE);
    expect(postsTo(slack, CHANNEL, thread)).toHaveLength(parts + 1);
  });
});
