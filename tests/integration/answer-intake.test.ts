import { describe, expect, it } from 'vitest';
import { statusOfNewReply } from '../../src/core/answers.js';
import { Quiz } from '../../src/core/quiz.js';
import type { ChannelAddress, Round } from '../../src/core/types.js';
import { countingStore } from '../helpers/counting-store.js';
import { useTestDatabase } from '../helpers/database.js';
import { text } from '../helpers/questions.js';

/**
 * The answer path's one statement (src/db/answer-intake.ts): it finds the round, decides the
 * status by the rule of `statusOfNewReply` and inserts, in one round trip.
 */

const tdb = useTestDatabase();
const postAt = new Date('2026-11-23T00:00:00Z');
const revealAt = new Date('2026-11-23T09:00:00Z');
const address: ChannelAddress = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };

async function openRound(messageRef = 'q-1'): Promise<Round> {
  const store = tdb.current.store;
  const ws = await store.ensureWorkspace('slack', 'T1', 'Team');
  const channel = await store.ensureChannel(ws, 'C1', 'general');
  await store.saveQuestions(null, [{ key: 'iam', texts: { ko: text('IAM이란?') }, sources: [] }], 'test');
  const [question] = await store.listQuestions(null);
  const claimed = await store.claimRound({
    channelId: channel.id,
    kind: 'daily',
    localDate: '2026-11-23',
    questionId: question!.id,
    postAt,
    revealAt,
    status: 'claimed',
    at: postAt,
    attemptAfter: postAt,
  });
  await store.markPosted(claimed!.id, messageRef, postAt);
  return (await store.getRound(claimed!.id))!;
}

const reply = (messageRef: string, userId: string, at: Date) => ({
  userId,
  userName: userId,
  messageRef,
  text: 'answer',
  at,
});

describe('recording an answer in one statement', () => {
  it('decides the status exactly as statusOfNewReply does, and returns the round and channel', async () => {
    const store = tdb.current.store;
    const round = await openRound();
    const before = new Date(revealAt.getTime() - 1);
    const cases: [string, string, Date, boolean][] = [
      ['m1', 'alice', before, false],
      ['m2', 'alice', before, true],
      ['m3', 'bob', revealAt, false],
      ['m4', 'carol', new Date(revealAt.getTime() + 60_000), false],
    ];
    for (const [messageRef, userId, at, alreadyCounted] of cases) {
      const result = await store.recordAnswer(address, 'q-1', reply(messageRef, userId, at));
      expect(result?.decided, messageRef).toBe(statusOfNewReply(round, at, alreadyCounted));
      expect(result?.answerId, messageRef).not.toBeNull();
      // Where it landed, as the work after the ack needs it: the round, the channel's id and
      // language (the default one: the channel never chose), the workspace's platform id.
      const channel = await store.findChannel('slack', 'T1', 'C1');
      expect(result?.round).toEqual({ id: round.id });
      expect(result?.channel).toEqual({ id: channel?.id, locale: 'ko', workspaceExternalId: 'T1' });
    }
    // A revealed round takes only late answers.
    await store.markRevealed(round.id, revealAt, { listed: [], more: 0 }, revealAt);
    const revealed = (await store.getRound(round.id))!;
    // The channel's language as it is now (an admin switched it to English).
    const channel = await store.findChannel('slack', 'T1', 'C1');
    await store.updateChannel(channel!.id, { locale: 'en', localeSet: true });
    const late = await store.recordAnswer(address, 'q-1', reply('m5', 'dave', before));
    expect(late?.decided).toBe(statusOfNewReply(revealed, before, false));
    expect(late?.decided).toBe('late');
    expect(late?.channel.locale).toBe('en');
    const stored = (await store.listAnswers(round.id)).map((a) => [a.messageRef, a.status]);
    expect(stored.sort()).toEqual([
      ['m1', 'counted'],
      ['m2', 'extra'],
      ['m3', 'late'],
      ['m4', 'late'],
      ['m5', 'late'],
    ]);
  });

  it('stores a repeated message once, and finds nothing for a thread that is no round', async () => {
    const store = tdb.current.store;
    const round = await openRound();
    const at = new Date(revealAt.getTime() - 60_000);
    expect((await store.recordAnswer(address, 'q-1', reply('m1', 'alice', at)))?.answerId).not.toBeNull();
    const again = await store.recordAnswer(address, 'q-1', { ...reply('m1', 'alice', at), text: 'retried' });
    expect(again).toMatchObject({ answerId: null, decided: 'extra' });
    expect(await store.recordAnswer(address, 'other-thread', reply('m2', 'bob', at))).toBeNull();
    expect(
      await store.recordAnswer({ ...address, channelId: 'C2' }, 'q-1', reply('m3', 'bob', at)),
    ).toBeNull();
    expect(
      await store.recordAnswer({ ...address, platform: 'discord' }, 'q-1', reply('m4', 'bob', at)),
    ).toBeNull();
    expect((await store.listAnswers(round.id)).map((a) => [a.messageRef, a.text])).toEqual([
      ['m1', 'answer'],
    ]);
  });

  it('makes one store call per answer, and counts one of many replies of a user sent at once', async () => {
    const counting = countingStore(tdb.current.store);
    const at = new Date(revealAt.getTime() - 60_000);
    const quiz = new Quiz({ store: counting.store, clock: { now: () => at }, chats: new Map() });
    const round = await openRound();
    counting.reset();
    const outcome = await quiz.recordReply(address, {
      threadRef: 'q-1',
      messageRef: 'first',
      userId: 'alice',
      userName: 'Alice',
      isBot: false,
      text: 'the answer',
    });
    expect(outcome).toMatchObject({ kind: 'recorded', status: 'counted' });
    expect(counting.reads.calls).toBe(1);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        quiz.recordReply(address, {
          threadRef: 'q-1',
          messageRef: `bob-${i}`,
          userId: 'bob',
          userName: 'Bob',
          isBot: false,
          text: `reply ${i}`,
        }),
      ),
    );
    expect(outcomes.every((o) => o.kind === 'recorded')).toBe(true);
    const bob = (await tdb.current.store.listAnswers(round.id)).filter((a) => a.userId === 'bob');
    expect(bob).toHaveLength(12);
    expect(bob.filter((a) => a.status === 'counted')).toHaveLength(1);
    expect(bob.filter((a) => a.status === 'extra')).toHaveLength(11);
  });

  it('fills in a name looked up after the ack, and never overwrites a name it already has', async () => {
    const store = tdb.current.store;
    const round = await openRound();
    const at = new Date(revealAt.getTime() - 60_000);
    const quiz = new Quiz({ store, clock: { now: () => at }, chats: new Map() });
    const unnamed = await quiz.recordReply(address, {
      threadRef: 'q-1',
      messageRef: 'm1',
      userId: 'alice',
      userName: '',
      isBot: false,
      text: 'x',
    });
    const named = await quiz.recordReply(address, {
      threadRef: 'q-1',
      messageRef: 'm2',
      userId: 'bob',
      userName: 'Bob',
      isBot: false,
      text: 'y',
    });
    if (unnamed.kind !== 'recorded' || named.kind !== 'recorded') throw new Error('not recorded');
    await quiz.nameAnswerAuthors([unnamed.answerId], '  Alice\u0000 Kim ');
    await quiz.nameAnswerAuthors([named.answerId], 'Someone else');
    expect((await store.listAnswers(round.id)).map((a) => a.userName)).toEqual(['Alice Kim', 'Bob']);
  });

  it('many answers at once (stored together on PostgreSQL) come out as one at a time would', async () => {
    const store = tdb.current.store;
    const round = await openRound();
    const at = new Date(revealAt.getTime() - 60_000);
    // Quotes, backslashes, braces, commas, Korean and emoji survive the batch's text arrays.
    const hostile = '{"a\\",b}, \\"c\\" 보안 그룹 🔒 \\\\ NULL';
    const sent = [
      ...Array.from({ length: 20 }, (_, i) => ({ thread: 'q-1', ...reply(`p${i}`, `user${i % 10}`, at) })),
      { thread: 'q-1', ...reply('dup', 'zoe', at) },
      { thread: 'q-1', ...reply('dup', 'zoe', at), text: 'the same event, retried' },
      { thread: 'no-round', ...reply('x1', 'yan', at) },
      { thread: 'q-1', ...reply('late', 'xavier', revealAt) },
      { thread: 'q-1', ...reply('odd', 'wendy', at), text: hostile },
    ];
    const results = await Promise.all(
      sent.map(({ thread, ...answer }) => store.recordAnswer(address, thread, answer)),
    );
    const answers = await store.listAnswers(round.id);
    // Each of the ten people has exactly one counted answer; the rest are extra (or were refused as
    // a second first answer at the same moment, which the caller keeps as extra).
    for (let u = 0; u < 10; u++) {
      const theirs = answers.filter((a) => a.userId === `user${u}`);
      expect(
        theirs.filter((a) => a.status === 'counted'),
        `user${u}`,
      ).toHaveLength(1);
    }
    expect(results.filter((r) => r?.answerId !== null && r?.decided === 'counted')).toHaveLength(12); // ten people, zoe and wendy
    // The retried event is stored once; the second copy says duplicate.
    expect(answers.filter((a) => a.messageRef === 'dup').map((a) => a.text)).toEqual(['answer']);
    expect([results[20]?.answerId === null, results[21]?.answerId === null].filter(Boolean)).toHaveLength(1);
    expect(results[22]).toBeNull();
    expect(results[23]).toMatchObject({ decided: 'late' });
    expect(answers.find((a) => a.messageRef === 'odd')?.text).toBe(hostile);
    for (const result of results.filter((r) => r !== null))
      expect(result?.channel).toMatchObject({ workspaceExternalId: 'T1', locale: 'ko' });
  });
});
