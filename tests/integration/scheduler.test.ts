import { describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../src/adapters/console/console-chat.js';
import { Admin } from '../../src/core/admin.js';
import { ChatError } from '../../src/core/failures.js';
import type { Chat, RevealProgress } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { Channel, ChannelAddress, Platform, Round } from '../../src/core/types.js';
import type { View } from '../../src/core/views.js';
import { FixedClock, HOUR, MINUTE } from '../helpers/clock.js';
import { useTestDatabase } from '../helpers/database.js';
import { sequence } from '../helpers/questions.js';

const tdb = useTestDatabase({ bundledBank: true });

const admin = { userId: 'admin', name: 'admin', isPlatformAdmin: true };
const address = (n: number): ChannelAddress => ({
  platform: 'console',
  workspaceId: 'local',
  channelId: `c${n}`,
});

/** One service process: its own Quiz and its own view of the platform, sharing the database. */
function process(clock: FixedClock, chat: Chat) {
  const quiz = new Quiz({
    store: tdb.current.store,
    clock,
    chats: new Map<Platform, Chat>([['console', chat]]),
    random: sequence(0.3, 0.6, 0.9),
  });
  return { quiz, admin: new Admin({ quiz, store: tdb.current.store, clock, configuredAdmins: [] }) };
}

/** Counts what reached "the platform": question posts and reveals per channel. */
class CountingChat extends ConsoleChat {
  readonly posts: string[] = [];
  readonly reveals: string[] = [];
  constructor() {
    super(() => {});
  }
  override async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
    this.posts.push(`${channel.externalId}@${round.localDate}`);
    return `${channel.externalId}-${round.id}-${await super.postQuestion(channel, round, question)}`;
  }
  override async postReveal(
    channel: Channel,
    round: Round,
    reveal: View,
    closed: View,
    progress: RevealProgress,
  ): Promise<void> {
    this.reveals.push(`${channel.externalId}@${round.localDate}`);
    await super.postReveal(channel, round, reveal, closed, progress);
  }
}

async function subscribe(p: ReturnType<typeof process>, channels: number, args = '') {
  for (let n = 1; n <= channels; n++) {
    await p.admin.run(address(n), admin, {
      ok: true,
      value: { name: 'subscribe', args: args === '' ? [] : args.split(' ') },
    });
  }
}

/** Today's round of c1, claimed by a process that never posted it; free to retry from `attemptAfter`. */
async function claimedEarlier(clock: FixedClock, attemptAfter: Date): Promise<Channel> {
  const channel = (await tdb.current.store.findChannel('console', 'local', 'c1'))!;
  const [question] = await tdb.current.store.listQuestions(null);
  await tdb.current.store.claimRound({
    channelId: channel.id,
    kind: 'daily',
    localDate: '2026-11-23',
    questionId: question!.id,
    postAt: clock.now(),
    revealAt: new Date(clock.now().getTime() + 9 * HOUR),
    status: 'claimed',
    at: clock.now(),
    attemptAfter,
  });
  return channel;
}

describe('the scheduler with several processes', () => {
  it('two processes ticking over a simulated week post and reveal exactly once per channel per day', async () => {
    const clock = new FixedClock('2026-11-22T15:00:00Z'); // Mon 00:00 KST
    const chatA = new CountingChat();
    const chatB = new CountingChat();
    const a = process(clock, chatA);
    const b = process(clock, chatB);
    await subscribe(a, 5);
    for (let t = 0; t < 7 * 24 * HOUR; t += HOUR) {
      await Promise.all([a.quiz.tick(clock.now()), b.quiz.tick(clock.now())]);
      clock.advance(HOUR);
    }
    const posts = [...chatA.posts, ...chatB.posts].sort();
    const reveals = [...chatA.reveals, ...chatB.reveals].sort();
    expect(posts).toHaveLength(25);
    expect(new Set(posts).size).toBe(25);
    expect(reveals).toEqual(posts);
    expect(posts.filter((p) => p.startsWith('c1@')).map((p) => p.slice(3))).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    const rounds = await tdb.current.database.db.query.rounds.findMany();
    expect(rounds.every((r) => r.status === 'revealed' && r.revealPostedAt !== null)).toBe(true);
  });
});

describe('catch-up after downtime', () => {
  it('posts a missed question late, once, when the deadline has not passed', async () => {
    const clock = new FixedClock('2026-11-22T22:00:00Z'); // Mon 07:00 KST
    const chat = new CountingChat();
    const p = process(clock, chat);
    await subscribe(p, 1);
    clock.set('2026-11-23T01:30:00Z'); // back up at 10:30 KST
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 1 });
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0 });
    const [round] = await tdb.current.store.listOpenRounds(
      (await tdb.current.store.findChannel('console', 'local', 'c1'))!.id,
    );
    expect(round?.revealAt.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(chat.posts).toEqual(['c1@2026-11-23']);
  });

  it('records a round whose whole window was missed as skipped, and streaks survive it', async () => {
    const clock = new FixedClock('2026-11-22T22:00:00Z');
    const chat = new CountingChat();
    const p = process(clock, chat);
    await subscribe(p, 1);
    const channel = (await tdb.current.store.findChannel('console', 'local', 'c1'))!;
    clock.set('2026-11-23T00:00:00Z');
    await p.quiz.tick(clock.now());
    const [monday] = await tdb.current.store.listOpenRounds(channel.id);
    await p.quiz.recordReply(address(1), {
      threadRef: monday!.messageRef!,
      messageRef: 'x1',
      userId: 'alice',
      userName: 'alice',
      isBot: false,
      text: '보안 그룹은 상태 저장 방식입니다',
    });
    clock.set('2026-11-23T09:00:00Z');
    await p.quiz.tick(clock.now());
    // Down from Monday evening until Tuesday 19:00 KST.
    clock.set('2026-11-24T10:00:00Z');
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0, skipped: 1 });
    expect(await p.quiz.tick(clock.now())).toMatchObject({ skipped: 0 });
    expect(await tdb.current.store.findDailyRound(channel.id, '2026-11-24')).toMatchObject({
      status: 'skipped',
      messageRef: null,
    });
    expect(await tdb.current.store.listStreaks(channel.id)).toEqual([
      { userId: 'alice', userName: 'alice', current: 1, best: 1, freezes: 0, freezeProgress: 1 },
    ]);
    expect(chat.posts).toEqual(['c1@2026-11-23']);
  });

  it('retries a round that was claimed but never posted (a process died in between)', async () => {
    const clock = new FixedClock('2026-11-23T00:00:00Z');
    const chat = new CountingChat();
    const p = process(clock, chat);
    await subscribe(p, 1);
    const channel = await claimedEarlier(clock, new Date(clock.now().getTime() + 5 * MINUTE));
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0 }); // the claimer may still be posting
    clock.advance(6 * MINUTE);
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 1 });
    expect(chat.posts).toEqual(['c1@2026-11-23']);
    expect(await tdb.current.store.findDailyRound(channel.id, '2026-11-23')).toMatchObject({
      status: 'open',
    });
  });
});

describe('platform failures', () => {
  class FailingChat extends CountingChat {
    failure: ChatError | null = null;
    readonly dms: string[] = [];
    override async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
      if (this.failure) throw this.failure;
      return super.postQuestion(channel, round, question);
    }
    override async notifyAdmin(channel: Channel, userId: string): Promise<void> {
      this.dms.push(`${userId}:${channel.externalId}`);
    }
  }

  it('a transient error leaves the post for the next tick; nothing is posted twice', async () => {
    const clock = new FixedClock('2026-11-23T00:00:00Z');
    const chat = new FailingChat();
    const p = process(clock, chat);
    await subscribe(p, 1);
    chat.failure = new ChatError('transient', 'HTTP 503');
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0, failed: 1 });
    chat.failure = null;
    clock.advance(MINUTE);
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 1 });
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0 });
    expect(chat.posts).toEqual(['c1@2026-11-23']);
  });

  it('a channel the bot was removed from is paused, its admin told, and other channels go on', async () => {
    const clock = new FixedClock('2026-11-23T00:00:00Z');
    const chat = new FailingChat();
    const p = process(clock, chat);
    await subscribe(p, 2);
    const original = chat.postQuestion.bind(chat);
    chat.postQuestion = async (channel, round, question) => {
      if (channel.externalId === 'c1') throw new ChatError('gone', 'channel_not_found');
      return original(channel, round, question);
    };
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 1, failed: 1 });
    expect(chat.posts).toEqual(['c2@2026-11-23']);
    expect((await tdb.current.store.findChannel('console', 'local', 'c1'))?.paused).toBe(true);
    expect(chat.dms).toEqual(['admin:c1']);
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0, failed: 0 });
  });

  it('a reveal that could not be sent is sent again a minute later, and only once', async () => {
    const clock = new FixedClock('2026-11-23T00:00:00Z');
    const chat = new FailingChat();
    const p = process(clock, chat);
    await subscribe(p, 1);
    await p.quiz.tick(clock.now());
    const send = chat.postReveal.bind(chat);
    let failures = 1;
    chat.postReveal = async (channel, round, reveal, closed, progress) => {
      if (failures-- > 0) throw new ChatError('transient', 'socket hang up');
      return send(channel, round, reveal, closed, progress);
    };
    clock.set('2026-11-23T09:00:00Z');
    expect(await p.quiz.tick(clock.now())).toMatchObject({ revealed: 0, failed: 1 });
    clock.advance(30_000);
    expect(await p.quiz.tick(clock.now())).toMatchObject({ failed: 0 });
    expect(chat.reveals).toEqual([]);
    clock.advance(30_000);
    await Promise.all([p.quiz.tick(clock.now()), p.quiz.tick(clock.now())]);
    await p.quiz.tick(clock.now());
    expect(chat.reveals).toEqual(['c1@2026-11-23']);
  });

  it('a post that timed out after reaching the platform is found, not posted again', async () => {
    const clock = new FixedClock('2026-11-23T00:00:00Z');
    const chat = new FailingChat();
    const p = process(clock, chat);
    await subscribe(p, 1);
    const post = ConsoleChat.prototype.postQuestion;
    chat.postQuestion = async function (channel, round, question) {
      await post.call(this, channel, round, question); // delivered…
      throw new ChatError('transient', 'ETIMEDOUT'); // …but the answer was lost
    };
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0, failed: 1 });
    const channel = (await tdb.current.store.findChannel('console', 'local', 'c1'))!;
    expect(await tdb.current.store.findDailyRound(channel.id, '2026-11-23')).toMatchObject({
      status: 'claimed',
    });
    clock.advance(30_000);
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0 }); // not before the retry time
    clock.advance(30_000);
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 1 });
    const round = await tdb.current.store.findDailyRound(channel.id, '2026-11-23');
    expect(round?.status).toBe('open');
    expect(round?.messageRef).toMatch(/\/m1$/); // the one message, found, not a second one
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0 });
  });

  it('two processes recovering the same abandoned claim post it once', async () => {
    const clock = new FixedClock('2026-11-23T00:00:00Z');
    const chatA = new CountingChat();
    const chatB = new CountingChat();
    const a = process(clock, chatA);
    const b = process(clock, chatB);
    await subscribe(a, 1);
    await claimedEarlier(clock, clock.now());
    await Promise.all([a.quiz.tick(clock.now()), b.quiz.tick(clock.now())]);
    expect([...chatA.posts, ...chatB.posts]).toEqual(['c1@2026-11-23']);
  });

  it('a claim never posted before its deadline becomes skipped, not a late question', async () => {
    const clock = new FixedClock('2026-11-23T00:00:00Z');
    const chat = new CountingChat();
    const p = process(clock, chat);
    await subscribe(p, 1);
    const channel = await claimedEarlier(clock, new Date(clock.now().getTime() + 5 * MINUTE));
    clock.set('2026-11-23T09:30:00Z');
    expect(await p.quiz.tick(clock.now())).toMatchObject({ posted: 0, skipped: 1 });
    expect(chat.posts).toEqual([]);
    expect(await tdb.current.store.findDailyRound(channel.id, '2026-11-23')).toMatchObject({
      status: 'skipped',
    });
  });
});
