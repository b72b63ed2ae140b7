import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';
import {
  ADMIN,
  admin,
  BROKEN,
  channelRow,
  dailyRound,
  dmsToAdmin,
  MON_0900,
  MON_1800,
  partCounts,
  postsTo,
  subscribe,
  threadOf,
  tickAt,
  tickThrough,
} from './failure-world.js';
import { type SlackHarness, startSlack } from './slack-harness.js';

/**
 * `/sa-admin subscribe`, `status`, `post-now` and `resume` ask Slack first (conversations.info)
 * whether the bot can run a round in the conversation, and refuse with what to do instead of
 * promising a question that cannot be posted. A channel paused because the bot was removed is
 * resumed only once it is fixed; its held reveal then goes out, once.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http' });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
});

afterEach(async () => {
  await slack.close();
});

describe('Slack: checks before promising', () => {
  it.each([
    ['an archived channel', 'C0ARCHIVED', { archived: true }, '채널이 보관(아카이브)되었습니다'],
    ['a public channel the bot is not in', 'C0NOTIN', { member: false }, '`/invite @sa-quiz`'],
    [
      'a private channel the bot is not in',
      'G0PRIVATE',
      { kind: 'private', member: false },
      '`/invite @sa-quiz`',
    ],
    ['a group DM', 'G0GROUPDM', { kind: 'mpim' }, '그룹 DM에서는 질문과 답변 스레드를 운영할 수 없습니다'],
    ['a DM', 'D0ALICE', { kind: 'im' }, 'DM에서는 질문과 답변 스레드를 운영할 수 없습니다'],
  ] as const)('refuses to subscribe %s, saying what to do', async (_, channel, state, advice) => {
    slack.fake.setChannel(channel, state);
    const refused = await admin(slack, 'subscribe', channel);
    expect(refused).toContain('이 채널에서는 실행하지 않았습니다');
    expect(refused).toContain(advice);
    expect(refused).not.toMatch(/not_in_channel|channel_not_found|is_archived|\(channel_gone\)/);
    expect((await channelRow(tdb.current.store, channel)).subscribed).toBe(false);
    expect(slack.fake.callsTo('chat.postMessage')).toEqual([]);

    const status = await admin(slack, 'status', channel);
    expect(status).toContain('게시 권한: 이 채널에는 게시할 수 없습니다.');
    expect(status).toContain(advice);
    const postNow = await admin(slack, 'post-now', channel);
    expect(postNow).toContain(advice);
    expect(slack.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('shows the checks in status for a channel that is fine', async () => {
    await subscribe(slack, 'C0FINE');
    const status = await admin(slack, 'status', 'C0FINE');
    expect(status).toContain('게시 권한: 확인했습니다.');
    expect(slack.fake.callsTo('conversations.info').every((c) => c.body.channel === 'C0FINE')).toBe(true);
  });

  it('refuses to resume a channel that is still broken; after the fix resumes it and sends the held reveal once', async () => {
    const { fake, clock } = slack;
    await subscribe(slack, BROKEN);
    expect(await tickAt(slack, MON_0900)).toMatchObject({ posted: 1 });
    const thread = (await dailyRound(tdb.current.store, BROKEN, '2025-03-10'))!.messageRef!;
    // Someone removes the bot during the day: the reveal cannot go out, the channel is paused.
    fake.setChannel(BROKEN, { member: false });
    expect(await tickAt(slack, MON_1800)).toMatchObject({ failed: 1 });
    expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({
      paused: true,
      pausedReason: 'broken',
    });
    expect(dmsToAdmin(slack)).toHaveLength(1);
    await tickThrough(slack, MON_1800, '2025-03-10T10:00:00Z', 10 * MINUTE);
    expect(postsTo(slack, BROKEN, thread), 'one reveal attempt while broken').toHaveLength(1);

    const refused = await admin(slack, 'resume', BROKEN);
    expect(refused).toContain('`/invite @sa-quiz`');
    expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({
      paused: true,
      pausedReason: 'broken',
    });
    const id = (await channelRow(tdb.current.store, BROKEN)).id;
    expect(await tdb.current.store.openIncidentOf(id)).not.toBeNull();

    // `/invite @sa-quiz`, then resume: the incident closes and the next tick sends the reveal.
    fake.setChannel(BROKEN, { member: true });
    const resumed = await admin(slack, 'resume', BROKEN);
    expect(resumed).toContain('다시 시작');
    expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({ paused: false, pausedReason: null });
    expect(await tdb.current.store.openIncidentOf(id)).toBeNull();
    expect(await tickAt(slack, clock.now().getTime() + MINUTE)).toMatchObject({ failed: 0 });
    const messages = threadOf(slack, BROKEN, thread);
    expect(partCounts(messages)).toEqual(Object.fromEntries(messages.map((_, i) => [i, 1])));
    expect(messages.filter((m) => m.replyBroadcast)).toHaveLength(1);
    expect((await dailyRound(tdb.current.store, BROKEN, '2025-03-10'))?.revealPostedAt).not.toBeNull();
    const sent = postsTo(slack, BROKEN, thread).length;
    await tickThrough(slack, clock.now().getTime(), '2025-03-10T20:00:00Z', 30 * MINUTE);
    expect(postsTo(slack, BROKEN, thread)).toHaveLength(sent);
    expect(dmsToAdmin(slack)).toHaveLength(1);
    // And Tuesday runs as usual.
    expect(await tickAt(slack, '2025-03-11T00:00:00Z')).toMatchObject({ posted: 1 });
  });
});
