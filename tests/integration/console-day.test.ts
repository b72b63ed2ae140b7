import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/core/types.js';
import { consoleWorld, GENERAL } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

async function general(): Promise<Channel> {
  const channel = await tdb.current.store.findChannel('console', 'local', 'general');
  if (!channel) throw new Error('no channel');
  return channel;
}

async function streaks() {
  return Object.fromEntries(
    (await tdb.current.store.listStreaks((await general()).id)).map((s) => [s.userId, [s.current, s.best]]),
  );
}

describe('a full day in the console channel (Asia/Seoul)', () => {
  it('posts at 09:00, takes thread answers, reveals at 18:00 with streaks, then ranks', async () => {
    // Monday 2026-11-23, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    expect(await w.type('/sa-admin subscribe 09:00 mon-fri Asia/Seoul reveal 18:00')).toContain(
      '이 채널을 구독했습니다: 월-금 09:00 출제, 18:00 공개 (Asia/Seoul)',
    );
    expect(await w.at('2026-11-22T23:59:00Z')).toEqual({ posted: 0, revealed: 0, skipped: 0, failed: 0 });

    expect(await w.at('2026-11-23T00:00:00Z')).toMatchObject({ posted: 1 });
    const posted = w.take();
    expect(posted).toContain('오늘의 AWS 질문 · 2026-11-23');
    expect(posted).toContain('마감: 2026-11-23 18:00 (Asia/Seoul)');
    const [round] = await tdb.current.store.listOpenRounds((await general()).id);
    expect(round).toMatchObject({ kind: 'daily', localDate: '2026-11-23', status: 'open' });
    // Shown as m1, stored under this session's tag so another run's m1 is another message.
    expect(round?.messageRef).toMatch(/^[0-9a-f]{6}\/m1$/);

    expect(await w.type('alice: AMI는 인스턴스를 띄우는 템플릿입니다')).toContain('답변이 기록되었습니다');
    expect(await w.type('bob: 잘 모르겠어요')).toContain('답변이 기록되었습니다');
    expect(await w.type('/edit r2 골든 AMI로 빠르게 확장합니다')).toContain('답변을 수정했습니다');
    expect(await w.type('/bot 저는 봇입니다')).toContain('(bot message: ignored)');
    expect(await w.type('carol: 지울 답')).toContain('답변이 기록되었습니다');
    expect(await w.type('/delete r4')).toContain('답변을 철회했습니다');
    expect(await w.type('alice: 하나 더')).toContain('첫 답변만 집계됩니다');

    expect(await w.at('2026-11-23T09:00:00Z')).toMatchObject({ revealed: 1 });
    const reveal = w.take();
    expect(reveal).toContain('모범 답안 ·');
    expect(reveal).toContain('[정의]');
    expect(reveal).toContain('[장점 (Benefits)]');
    expect(reveal).toContain('[위험·트레이드오프 (Risks)]');
    expect(reveal).toContain('[제시간에 답한 사람 (2명)]');
    // Each on-time answer with its coverage of the question's key points.
    expect(reveal).toMatch(/• alice \d\/\d\n {2}• bob \d\/\d/);
    expect(reveal).not.toContain('carol');
    expect(reveal).toContain('alice: 0 → 1회 연속');
    expect(reveal).toContain('마감되었습니다. 모범 답안은 스레드에 있습니다.');

    const answers = await tdb.current.store.listAnswers(round!.id);
    expect(answers.map((a) => [a.userId, a.status, a.text])).toEqual([
      ['alice', 'counted', 'AMI는 인스턴스를 띄우는 템플릿입니다'],
      ['bob', 'counted', '골든 AMI로 빠르게 확장합니다'],
      ['carol', 'withdrawn', '지울 답'],
      ['alice', 'extra', '하나 더'],
    ]);

    expect(await w.type('dave: 늦었지만 답합니다')).toContain(
      '마감이 지나 답변은 보관만 되고 집계되지 않습니다',
    );
    expect(await w.at('2026-11-23T09:05:00Z')).toEqual({ posted: 0, revealed: 0, skipped: 0, failed: 0 });
    expect(await streaks()).toEqual({ alice: [1, 1], bob: [1, 1] });

    const board = await w.type('/as bob', '/sa-leaderboard week');
    expect(board).toContain('리더보드 · 이번 주');
    expect(board).toContain('1. alice · 현재 1연속 · 최고 1 · 답변 1');
    expect(board).toContain('1. bob · 현재 1연속 · 최고 1 · 답변 1');
    expect(board).toContain('내 순위: 1위');
    expect(board).not.toContain('dave');
  });

  it('keeps streaks over weekends and paused days, resets them on a missed round', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-19T23:00:00Z'); // Fri 08:00 KST
    await w.type('/sa-admin subscribe');
    const day = async (date: string, answerers: string[]) => {
      await w.at(`${date}T00:00:00Z`); // 09:00 KST
      for (const name of answerers) await w.type(`${name}: 보안 그룹은 상태 저장 방식입니다`);
      await w.at(`${date}T09:00:00Z`); // 18:00 KST
    };
    await day('2026-11-20', ['alice', 'bob']); // Friday
    for (const weekend of ['2026-11-21', '2026-11-22']) {
      expect(await w.at(`${weekend}T00:00:00Z`)).toMatchObject({ posted: 0 });
      expect(await w.at(`${weekend}T09:00:00Z`)).toMatchObject({ revealed: 0, skipped: 0 });
    }
    await day('2026-11-23', ['alice']); // Monday: bob misses
    expect(await streaks()).toEqual({ alice: [2, 2], bob: [0, 1] });

    w.clock.set('2026-11-23T23:00:00Z');
    await w.type('/sa-admin pause');
    expect(await w.at('2026-11-24T00:00:00Z')).toMatchObject({ posted: 0 }); // Tuesday paused
    await w.at('2026-11-24T09:00:00Z');
    await w.type('/sa-admin resume');
    await day('2026-11-25', ['alice', 'bob']); // Wednesday
    expect(await streaks()).toEqual({ alice: [3, 3], bob: [1, 1] });
    // Resumed after Tuesday's deadline: the missed window is recorded as skipped, never revealed.
    const rounds = await tdb.current.database.db.query.rounds.findMany({
      orderBy: (r, { asc }) => [asc(r.localDate)],
    });
    expect(rounds.map((r) => [r.localDate, r.status])).toEqual([
      ['2026-11-20', 'revealed'],
      ['2026-11-23', 'revealed'],
      ['2026-11-24', 'skipped'],
      ['2026-11-25', 'revealed'],
    ]);
    const shown = rounds.filter((r) => r.status === 'revealed').map((r) => r.questionId);
    expect(new Set(shown).size).toBe(3);
  });

  it('posts at 09:00 local time on both sides of a DST change (America/New_York)', async () => {
    const w = consoleWorld(tdb.current.store, '2026-10-29T12:00:00Z');
    await w.type('/sa-admin subscribe 09:00 mon-fri America/New_York reveal 17:00');
    expect(await w.at('2026-10-30T12:59:00Z')).toMatchObject({ posted: 0 });
    expect(await w.at('2026-10-30T13:00:00Z')).toMatchObject({ posted: 1 }); // EDT
    expect(await w.at('2026-10-30T21:00:00Z')).toMatchObject({ revealed: 1 });
    expect(await w.at('2026-11-02T13:30:00Z')).toMatchObject({ posted: 0 }); // 08:30 EST
    expect(await w.at('2026-11-02T14:00:00Z')).toMatchObject({ posted: 1 }); // 09:00 EST
    const rounds = await tdb.current.database.db.query.rounds.findMany({
      orderBy: (r, { asc }) => [asc(r.id)],
    });
    expect(rounds.map((r) => [r.localDate, r.postAt.toISOString(), r.revealAt.toISOString()])).toEqual([
      ['2026-10-30', '2026-10-30T13:00:00.000Z', '2026-10-30T21:00:00.000Z'],
      ['2026-11-02', '2026-11-02T14:00:00.000Z', '2026-11-02T22:00:00.000Z'],
    ]);
  });

  it('runs a practice card through every button and schedules it', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T03:00:00Z');
    const card = await w.type('/sa-quiz 보안');
    expect(card).toContain('연습 문제');
    expect(card).toContain('[1] 답 보기');
    const answer = await w.type('/press 1');
    expect(answer).toContain('[정의]');
    expect(answer).toContain('[1] 다시   [2] 어려움   [3] 알맞음   [4] 쉬움');
    expect(await w.type('/press 4')).toMatch(/"쉬움"\(으\)로 기록했습니다\.\n.*다음 복습: \d{4}-\d\d-\d\d/);
    const next = await w.type('/press 1');
    expect(next).toContain('[1] 답 보기');
    const channel = await general();
    const cards = await tdb.current.store.listPracticeCards(channel.workspaceId, 'me');
    expect(cards).toHaveLength(1);
    expect(cards[0]?.due.getTime()).toBeGreaterThan(w.clock.now().getTime() + 86_400_000);
    expect(await w.type('/press 9')).toContain('No such button');
  });

  it('answers bad input with a clear message and changes nothing', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T03:00:00Z');
    expect(await w.type('/sa-admin subscribe 09:00 Mars/Olympus')).toContain(
      '알 수 없는 시간대입니다: "Mars/Olympus"',
    );
    expect((await general()).subscribed).toBe(false);
    expect(await w.type('/sa-admin explode')).toContain('알 수 없는 명령입니다: "explode"');
    expect(await w.type('/launch')).toContain('Unknown command "/launch"');
    expect(await w.type('/sa-admin reveal-now')).toContain('진행 중인 질문이 없습니다');
    expect(await w.type('/sa-leaderboard decade')).toContain('기간은 week, month, all 중 하나입니다');
    expect(await w.type('hello?')).toContain('no question has been posted yet');
    expect(await w.type('/clock yesterday')).toContain('Not a time');
    expect(await w.type('/sa-admin lang en', '/sa-admin pause')).toContain('This channel is not subscribed');
    await w.type('/sa-admin subscribe', '/sa-admin post-now');
    await w.type(`mallory: <!channel> @everyone ${'가'.repeat(20_000)}`);
    const [round] = await tdb.current.store.listOpenRounds((await general()).id);
    const [answer] = await tdb.current.store.listAnswers(round!.id);
    expect(answer?.text.length).toBe(4000);
    expect(answer?.text.startsWith('<!channel> @everyone 가')).toBe(true);
  });

  it('post-now and reveal-now work outside the schedule without double-posting', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-22T03:00:00Z'); // Sunday noon KST
    await w.type('/sa-admin subscribe');
    expect(await w.type('/sa-admin post-now')).toContain('질문을 지금 게시했습니다');
    expect(await w.type('/sa-admin post-now')).toContain('이미 진행 중인 질문이 있습니다');
    expect(await w.type('/sa-admin reveal-now')).toContain('답안을 지금 공개했습니다');
    const rounds = await tdb.current.database.db.query.rounds.findMany();
    expect(rounds.map((r) => [r.kind, r.status])).toEqual([['extra', 'revealed']]);
    // Monday: post-now before 09:00 takes today's slot, so the scheduler does not post again.
    w.clock.set('2026-11-22T22:00:00Z');
    await w.type('/sa-admin post-now');
    expect(await w.at('2026-11-23T00:00:00Z')).toMatchObject({ posted: 0 });
    expect((await tdb.current.database.db.query.rounds.findMany()).map((r) => r.kind)).toEqual([
      'extra',
      'daily',
    ]);
  });
});

describe('replies arriving together', () => {
  it('two replies of one user at the same instant: one counts, the other is kept as extra', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    await w.type('/sa-admin subscribe');
    const [round] = await tdb.current.store.listOpenRounds((await general()).id);
    const reply = (messageRef: string) =>
      w.quiz.recordReply(GENERAL, {
        threadRef: round!.messageRef!,
        messageRef,
        userId: 'alice',
        userName: 'alice',
        isBot: false,
        text: messageRef,
      });
    const outcomes = await Promise.all([reply('a1'), reply('a2'), reply('a3'), reply('a1')]);
    const statuses = outcomes.map((o) => (o.kind === 'recorded' ? o.status : o.kind)).sort();
    expect(statuses).toEqual(['counted', 'extra', 'extra', 'ignored']);
    const stored = await tdb.current.store.listAnswers(round!.id);
    expect(stored.filter((a) => a.status === 'counted')).toHaveLength(1);
    expect(stored).toHaveLength(3);
  });
});

describe('the console address', () => {
  it('is the one the session uses', () => {
    expect(GENERAL).toMatchObject({ platform: 'console', channelId: 'general' });
  });
});
