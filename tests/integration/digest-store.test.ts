import { describe, expect, it } from 'vitest';
import type { DigestMessage } from '../../src/core/digest.js';
import type { AnswerGrade } from '../../src/core/grading/types.js';
import type { Chat } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { Channel, Platform } from '../../src/core/types.js';
import { FixedClock } from '../helpers/clock.js';
import { useTestDatabase } from '../helpers/database.js';

/** The digest's store on a real database: the week's figures, and one claim per channel and week. */

const tdb = useTestDatabase({ bundledBank: true });
const at = new Date('2025-03-14T09:00:00Z');

function grade(score: number): AnswerGrade {
  return {
    grader: 'keywords',
    version: '1',
    score,
    covered: 1,
    total: 4,
    points: [],
    attempt: true,
    feedback: null,
  };
}

async function digestChannel(): Promise<Channel> {
  const { store } = tdb.current;
  const workspace = await store.ensureWorkspace('console', 'local', 'local');
  const channel = await store.ensureChannel(workspace, 'general', 'general');
  return store.updateChannel(channel.id, { subscribed: true, digestDay: 5 });
}

/** A round on `localDate` with `answers` ([user, score, status]), revealed unless `open`. */
async function round(
  channelId: number,
  localDate: string,
  answers: readonly (readonly [string, number, 'counted' | 'late'])[],
  options: { kind?: 'daily' | 'extra'; open?: boolean } = {},
): Promise<void> {
  const { store } = tdb.current;
  const [question] = await store.listQuestions(null);
  const claimed = await store.claimRound({
    channelId,
    kind: options.kind ?? 'daily',
    localDate,
    questionId: question!.id,
    postAt: at,
    revealAt: at,
    status: 'claimed',
    at,
    attemptAfter: at,
  });
  await store.markPosted(claimed!.id, `m-${localDate}-${options.kind ?? 'daily'}`, at);
  const graded: { answerId: number; grade: AnswerGrade }[] = [];
  for (const [i, [userId, score, status]] of answers.entries()) {
    const answer = await store.insertAnswer({
      roundId: claimed!.id,
      userId,
      userName: userId.toUpperCase(),
      messageRef: `a-${claimed!.id}-${i}`,
      text: 'answer',
      status,
      at,
    });
    if (status === 'counted') graded.push({ answerId: answer!.id, grade: grade(score) });
  }
  await store.saveGrades(graded, 'first');
  if (!options.open) await store.markRevealed(claimed!.id, at, { listed: [], more: 0 }, at);
}

describe('digest store', () => {
  it('reads the week: revealed rounds by date, counted answers, scores summed', async () => {
    const { store } = tdb.current;
    const channel = await digestChannel();
    await round(channel.id, '2025-03-07', [['alice', 1, 'counted']]); // the Friday before
    await round(channel.id, '2025-03-10', [
      ['alice', 0.5, 'counted'],
      ['bob', 0.25, 'counted'],
      ['carol', 1, 'late'],
    ]);
    await round(channel.id, '2025-03-12', []);
    await round(channel.id, '2025-03-14', [['bob', 0.75, 'counted']]);
    await round(
      channel.id,
      '2025-03-14',
      [
        ['bob', 0.5, 'counted'],
        ['alice', 0.25, 'counted'],
      ],
      {
        kind: 'extra',
      },
    );
    await round(channel.id, '2025-03-15', [['alice', 1, 'counted']]); // after the digest's day
    await round(channel.id, '2025-03-13', [['carol', 1, 'counted']], { open: true });

    const week = await store.digestWeek(channel.id, '2025-03-10', '2025-03-14', 5);
    expect(week.days).toEqual([
      { localDate: '2025-03-10', rounds: 1, answers: 2 },
      { localDate: '2025-03-12', rounds: 1, answers: 0 },
      { localDate: '2025-03-14', rounds: 2, answers: 3 },
    ]);
    expect(week.people).toBe(2);
    expect(week.top).toEqual([
      { userId: 'bob', userName: 'BOB', answers: 3, score: 1.5, rank: 1 },
      { userId: 'alice', userName: 'ALICE', answers: 2, score: 0.75, rank: 2 },
    ]);
    expect((await store.digestWeek(channel.id, '2025-03-10', '2025-03-14', 1)).top).toHaveLength(1);
    expect(await store.digestWeek(channel.id, '2025-03-17', '2025-03-21', 5)).toEqual({
      days: [],
      top: [],
      people: 0,
    });
  });

  it('claims a week once, whoever asks at the same moment', async () => {
    const { store } = tdb.current;
    const channel = await digestChannel();
    const claims = await Promise.all(
      Array.from({ length: 4 }, () => store.claimDigest(channel.id, '2025-03-10', at)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.digestClaimed(channel.id, '2025-03-10')).toBe(true);
    expect(await store.digestClaimed(channel.id, '2025-03-17')).toBe(false);
    expect(await store.claimDigest(channel.id, '2025-03-17', at)).toBe(true);
  });

  it('two processes ticking at once post the digest once', async () => {
    const { store } = tdb.current;
    const channel = await digestChannel();
    await round(channel.id, '2025-03-14', [['alice', 0.5, 'counted']]);
    const posted: { process: string; digest: DigestMessage }[] = [];
    const process = (name: string): Quiz => {
      const chat: Chat = {
        platform: 'console',
        postQuestion: async () => 'm',
        findQuestion: async () => null,
        postReveal: async () => {},
        notifyAdmin: async () => {},
        postNotice: async () => {},
        postDigest: async (_channel, digest) => {
          posted.push({ process: name, digest });
        },
      };
      return new Quiz({
        store,
        clock: new FixedClock(at),
        chats: new Map<Platform, Chat>([['console', chat]]),
      });
    };
    const [a, b] = [process('a'), process('b')];
    await Promise.all([a.tick(at), b.tick(at), a.tick(at), b.tick(at)]);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.digest.text).toContain('금 3/14 ████████████ 1');
    expect(posted[0]?.digest.image).toBeNull();
    await Promise.all([a.tick(new Date(at.getTime() + 60_000)), b.tick(new Date(at.getTime() + 60_000))]);
    expect(posted).toHaveLength(1);
  });
});
