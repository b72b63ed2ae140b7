import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gradeByKeywords } from '../../src/core/grading/keyword-grader.js';
import type { Store } from '../../src/core/ports.js';
import type { Channel } from '../../src/core/types.js';
import { answers as answersTable } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { text } from '../helpers/questions.js';

let tdb: TestDatabase;
let store: Store;
const at = new Date('2026-11-23T00:00:00Z');

beforeAll(async () => {
  tdb = await openTestDatabase();
  store = tdb.store;
});
afterAll(async () => {
  await tdb.close();
});
beforeEach(async () => {
  await tdb.reset();
});

async function fixtures(): Promise<{ channel: Channel; questionId: number }> {
  const workspace = await store.ensureWorkspace('slack', 'T1', 'Team');
  const channel = await store.ensureChannel(workspace, 'C1', 'general');
  await store.saveQuestions(null, [{ key: 'iam', texts: { ko: text('IAM이란?') }, sources: [] }], 'test');
  const [question] = await store.listQuestions(null);
  return { channel, questionId: question!.id };
}

const round = (
  channelId: number,
  questionId: number,
  localDate = '2026-11-23',
  kind: 'daily' | 'extra' = 'daily',
) => ({
  channelId,
  kind,
  localDate,
  questionId,
  postAt: at,
  revealAt: new Date(at.getTime() + 9 * 3_600_000),
  status: 'claimed' as const,
  at,
  attemptAfter: at,
});

describe('the store on a real database', () => {
  it('creates workspaces and channels once, with the default schedule', async () => {
    const a = await store.ensureWorkspace('slack', 'T1', 'Team');
    const b = await store.ensureWorkspace('slack', 'T1', 'Renamed');
    expect(b.id).toBe(a.id);
    const channel = await store.ensureChannel(a, 'C1', 'general');
    expect(await store.ensureChannel(a, 'C1', 'general')).toEqual(channel);
    expect(channel).toMatchObject({
      platform: 'slack',
      subscribed: false,
      locale: 'ko',
      schedule: { postTime: '09:00', revealTime: '18:00', days: [1, 2, 3, 4, 5], timezone: 'Asia/Seoul' },
    });
    expect(await store.findChannel('discord', 'T1', 'C1')).toBeNull();
  });

  it('allows one daily round per channel per local date, enforced by the database', async () => {
    const { channel, questionId } = await fixtures();
    const first = await store.claimRound(round(channel.id, questionId));
    expect(first).not.toBeNull();
    expect(await store.claimRound(round(channel.id, questionId))).toBeNull();
    const racers = await Promise.all(
      [1, 2, 3].map(() => store.claimRound(round(channel.id, questionId, '2026-11-24'))),
    );
    expect(racers.filter((r) => r !== null)).toHaveLength(1);
    expect(await store.claimRound(round(channel.id, questionId, '2026-11-23', 'extra'))).not.toBeNull();
    expect(await store.claimRound(round(channel.id, questionId, '2026-11-23', 'extra'))).not.toBeNull();
  });

  it('reveals a round once and remembers its streak changes', async () => {
    const { channel, questionId } = await fixtures();
    const claimed = (await store.claimRound(round(channel.id, questionId)))!;
    await store.markPosted(claimed.id, '1700000000.000100', at);
    const changes = [{ userId: 'U1', userName: 'alice', from: 0, to: 1 }];
    expect(await store.markRevealed(claimed.id, at, { listed: changes, more: 0 }, at)).toBe(true);
    expect(await store.markRevealed(claimed.id, at, { listed: [], more: 0 }, at)).toBe(false);
    expect(await store.getRound(claimed.id)).toMatchObject({
      status: 'revealed',
      streakChanges: changes,
      messageRef: '1700000000.000100',
    });
  });

  it('stores a repeated message once', async () => {
    const { channel, questionId } = await fixtures();
    const r = (await store.claimRound(round(channel.id, questionId)))!;
    const answer = {
      roundId: r.id,
      userId: 'U1',
      userName: 'alice',
      messageRef: 'm1',
      text: 'hi',
      status: 'counted' as const,
      at,
    };
    expect(await store.insertAnswer(answer)).not.toBeNull();
    expect(await store.insertAnswer({ ...answer, text: 'again' })).toBeNull();
    expect((await store.listAnswers(r.id)).map((a) => a.text)).toEqual(['hi']);
  });

  it('rolls a transaction back completely when it fails', async () => {
    const { channel } = await fixtures();
    await expect(
      store.transaction(async (tx) => {
        await tx.saveQuestions(null, [{ key: 'kms', texts: { ko: text('KMS란?') }, sources: [] }], 'test');
        await tx.updateChannel(channel.id, { paused: true });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.listQuestions(null)).map((q) => q.key)).toEqual(['iam']);
    expect((await store.getChannel(channel.id))?.paused).toBe(false);
  });

  it('marks platform events processed exactly once', async () => {
    expect(await store.markEventProcessed('slack', 'Ev1', at)).toBe(true);
    expect(await store.markEventProcessed('slack', 'Ev1', at)).toBe(false);
    expect(await store.markEventProcessed('discord', 'Ev1', at)).toBe(true);
  });

  it('forgets processed events older than a cut-off, and only those', async () => {
    const weekAgo = new Date(at.getTime() - 7 * 86_400_000);
    await store.markEventProcessed('slack', 'EvOld', new Date(weekAgo.getTime() - 1));
    await store.markEventProcessed('slack', 'EvNew', weekAgo);
    await store.pruneProcessedEvents(weekAgo);
    expect(await store.markEventProcessed('slack', 'EvOld', at)).toBe(true);
    expect(await store.markEventProcessed('slack', 'EvNew', at)).toBe(false);
  });

  it('keeps one open incident per channel: a pausing one replaces one that did not pause', async () => {
    const { channel } = await fixtures();
    const transient = { kind: 'transient', problem: 'platform_error', detail: '', pauses: false } as const;
    const gone = { kind: 'gone', problem: 'not_in_channel', detail: '', pauses: true } as const;
    expect(await store.openIncident(channel.id, transient, at)).toMatchObject({
      pauses: false,
      notice: 'pending',
    });
    expect(await store.openIncident(channel.id, transient, at)).toBeNull();
    const paused = await store.openIncident(channel.id, gone, at);
    expect(paused).toMatchObject({ kind: 'gone', pauses: true });
    expect(await store.openIncident(channel.id, gone, at)).toBeNull();
    await store.recordNotice(paused!.id, 'dm', at);
    expect(await store.openIncidentOf(channel.id)).toMatchObject({
      id: paused!.id,
      notice: 'dm',
      noticeAt: at,
    });
    await store.closeIncidents(channel.id, at, 'non_pausing');
    expect(await store.openIncidentOf(channel.id)).not.toBeNull();
    await store.closeIncidents(channel.id, at, 'all');
    expect(await store.openIncidentOf(channel.id)).toBeNull();
  });

  it('counts only on-time answers of revealed rounds in the leaderboard period', async () => {
    const { channel, questionId } = await fixtures();
    const old = (await store.claimRound(round(channel.id, questionId, '2026-10-30')))!;
    const recent = (await store.claimRound(round(channel.id, questionId, '2026-11-23')))!;
    const open = (await store.claimRound(round(channel.id, questionId, '2026-11-24')))!;
    for (const r of [old, recent]) {
      await store.markPosted(r.id, `ts-${r.id}`, at);
      await store.markRevealed(r.id, at, { listed: [], more: 0 }, at);
    }
    await store.markPosted(open.id, 'x', at);
    const add = (roundId: number, userId: string, status: 'counted' | 'late' = 'counted') =>
      store.insertAnswer({
        roundId,
        userId,
        userName: userId,
        messageRef: `${roundId}-${userId}-${status}`,
        text: '.',
        status,
        at,
      });
    await add(old.id, 'alice');
    await add(recent.id, 'alice');
    await add(recent.id, 'bob', 'late');
    await add(open.id, 'bob');
    await store.saveStreaks(channel.id, [{ userId: 'alice', userName: 'alice', current: 2, best: 2 }], at);
    const alice = { userId: 'alice', userName: 'alice', current: 2, best: 2, score: 0, rank: 1 };
    const week = await store.leaderboard(channel.id, '2026-11-23', 'bob', 10);
    expect(week).toEqual({ top: [{ ...alice, answers: 1 }], caller: null });
    const all = await store.leaderboard(channel.id, null, 'alice', 10);
    expect(all).toEqual({ top: [{ ...alice, answers: 2 }], caller: { ...alice, answers: 2 } });
  });

  it('stores a grade once, lets an LLM refine only a keyword grade, and sums scores per period', async () => {
    const { channel, questionId } = await fixtures();
    const r = (await store.claimRound(round(channel.id, questionId, '2026-11-23')))!;
    await store.markPosted(r.id, 'ts-1', at);
    await store.markRevealed(r.id, at, { listed: [], more: 0 }, at);
    const add = (userId: string) =>
      store.insertAnswer({
        roundId: r.id,
        userId,
        userName: userId,
        messageRef: userId,
        text: 'x',
        status: 'counted',
        at,
      });
    const alice = (await add('alice'))!;
    const bob = (await add('bob'))!;
    const grade = (grader: string, covered: number) => ({
      grader,
      version: '1',
      score: covered / 4,
      covered,
      total: 4,
      points: [],
      attempt: true,
      feedback: null,
    });
    await store.saveGrades(
      [
        { answerId: alice.id, grade: grade('keywords', 3) },
        { answerId: bob.id, grade: grade('keywords', 1) },
      ],
      'first',
    );
    await store.saveGrades([{ answerId: alice.id, grade: grade('keywords', 0) }], 'first');
    expect((await store.listAnswers(r.id)).map((a) => a.grade?.covered)).toEqual([3, 1]);
    await store.saveGrades([{ answerId: bob.id, grade: grade('bedrock', 2) }], 'refine');
    await store.saveGrades([{ answerId: bob.id, grade: grade('openai', 4) }], 'refine');
    expect((await store.listAnswers(r.id)).map((a) => [a.grade?.grader, a.grade?.covered])).toEqual([
      ['keywords', 3],
      ['bedrock', 2],
    ]);
    const board = await store.leaderboard(channel.id, '2026-11-23', 'alice', 10);
    expect(Object.fromEntries(board.top.map((e) => [e.userId, e.score]))).toEqual({ alice: 0.75, bob: 0.5 });
  });

  it('reads the question use of many channels in one statement, as it does of each', async () => {
    const workspace = await store.ensureWorkspace('slack', 'T1', 'Team');
    await store.saveQuestions(
      null,
      ['iam', 's3', 'vpc'].map((key) => ({ key, texts: { ko: text(`${key}?`) }, sources: [] })),
      'test',
    );
    const ids = new Map((await store.listQuestions(null)).map((q) => [q.key, q.id]));
    const a = await store.ensureChannel(workspace, 'CA', 'a');
    const b = await store.ensureChannel(workspace, 'CB', 'b');
    const idle = await store.ensureChannel(workspace, 'CC', 'c');
    const plan: [Channel, string, string, 'open' | 'skipped'][] = [
      [a, 'iam', '2026-11-23', 'open'],
      [a, 'iam', '2026-11-24', 'open'],
      [a, 's3', '2026-11-25', 'skipped'],
      [b, 's3', '2026-11-23', 'open'],
      [b, 'vpc', '2026-11-24', 'open'],
    ];
    for (const [channel, key, date, status] of plan) {
      const claimed = (await store.claimRound(round(channel.id, ids.get(key)!, date)))!;
      if (status === 'open') await store.markPosted(claimed.id, `t-${channel.id}-${date}`, at);
      else await store.markSkipped(claimed.id);
    }
    const many = await store.questionUsageOf([a.id, b.id, idle.id]);
    expect(many).toEqual(
      new Map([
        [a.id, await store.questionUsage(a.id)],
        [b.id, await store.questionUsage(b.id)],
      ]),
    );
    expect(many.get(a.id)).toEqual(new Map([['iam', 2]]));
    expect(await store.questionUsage(idle.id)).toEqual(new Map());
    expect(
      await store.channelsWithDailyRound([
        { channelId: a.id, localDate: '2026-11-25' },
        { channelId: b.id, localDate: '2026-11-25' },
        { channelId: idle.id, localDate: '2026-11-23' },
      ]),
    ).toEqual(new Set([a.id]));
  });

  it('hands out each private note once', async () => {
    const { channel, questionId } = await fixtures();
    const r = (await store.claimRound(round(channel.id, questionId, '2026-11-23')))!;
    const ids = new Map<number, string>();
    for (const [userId, status] of [
      ['alice', 'counted'],
      ['bob', 'late'],
      ['carol', 'counted'],
    ] as const) {
      const answer = await store.insertAnswer({
        roundId: r.id,
        userId,
        userName: userId,
        messageRef: userId,
        text: 'x',
        status,
        at,
      });
      if (answer) ids.set(answer.id, userId);
    }
    const [first, second] = await Promise.all([store.claimNotes(r.id), store.claimNotes(r.id)]);
    expect([...(first ?? []), ...(second ?? [])].map((id) => ids.get(id)).sort()).toEqual(['alice', 'carol']);
    expect(await store.claimNotes(r.id)).toEqual([]);
  });

  it('claims thousands of notes in one write, and records the failed ones', async () => {
    const { channel, questionId } = await fixtures();
    const r = (await store.claimRound(round(channel.id, questionId, '2026-11-23')))!;
    await tdb.database.db.insert(answersTable).values(
      Array.from({ length: 3000 }, (_, i) => ({
        roundId: r.id,
        userId: `u${i}`,
        userName: `u${i}`,
        messageRef: `m${i}`,
        text: 'x',
        status: 'counted',
      })),
    );
    const claimed = await store.claimNotes(r.id);
    expect(claimed).toHaveLength(3000);
    await store.markNotesFailed(claimed.slice(2999));
    const states = await tdb.database.db
      .select({ state: answersTable.noteState, n: count() })
      .from(answersTable)
      .where(eq(answersTable.roundId, r.id))
      .groupBy(answersTable.noteState);
    expect(Object.fromEntries(states.map((s) => [s.state, s.n]))).toEqual({ claimed: 2999, failed: 1 });
  });

  it('keeps no grade made from a text the answer no longer has, and an edit clears the grade', async () => {
    const { channel, questionId } = await fixtures();
    const open = (await store.claimRound(round(channel.id, questionId, '2026-11-23')))!;
    await store.markPosted(open.id, 'thread-1', at);
    const answer = (await store.insertAnswer({
      roundId: open.id,
      userId: 'alice',
      userName: 'alice',
      messageRef: 'a1',
      text: '상태 저장',
      status: 'counted',
      at,
    }))!;
    expect(await store.listUngradedAnswers(10, 0)).toEqual([
      { id: answer.id, text: '상태 저장', questionId, locale: channel.locale },
    ]);
    expect(await store.listUngradedAnswers(10, answer.id)).toEqual([]);
    const grade = gradeByKeywords([{ text: 'stateful', terms: ['상태 저장'] }], '상태 저장');
    await store.updateAnswer(answer.id, { text: '모르겠어요' }, at);
    // Graded from the text read before the edit: not stored.
    await store.saveGrades([{ answerId: answer.id, grade, text: '상태 저장' }], 'first');
    expect((await store.findAnswer(open.id, 'a1'))?.grade).toBeNull();
    await store.saveGrades([{ answerId: answer.id, grade, text: '모르겠어요' }], 'first');
    expect((await store.findAnswer(open.id, 'a1'))?.grade).toEqual(grade);
    expect(await store.listUngradedAnswers(10, 0)).toEqual([]);
    await store.updateAnswer(answer.id, { text: '상태 저장 ✅' }, at);
    expect((await store.findAnswer(open.id, 'a1'))?.grade).toBeNull();
    // A revealed round's answers are not graded ahead (the reveal graded them).
    await store.markRevealed(open.id, at, { listed: [], more: 0 }, at);
    expect(await store.listUngradedAnswers(10, 0)).toEqual([]);
  });
});
