import { describe, expect, it } from 'vitest';
import type { BankQuestion } from '../../src/core/bank/types.js';
import type { Channel, KeyPoint } from '../../src/core/types.js';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';
import { text } from '../helpers/questions.js';

const tdb = useTestDatabase();

const SG_POINTS: KeyPoint[] = [
  {
    text: '상태 저장: 응답 트래픽은 자동으로 허용된다',
    terms: ['상태 저장', 'stateful', '응답 트래픽 + 자동'],
  },
  { text: '허용 규칙만 있고 거부 규칙은 없다', terms: ['허용 규칙만', '거부 규칙 + 없', 'allow rules only'] },
  { text: '인스턴스의 ENI 단위로 적용된다', terms: ['ENI', '네트워크 인터페이스', '인스턴스 단위'] },
  { text: '다른 보안 그룹을 소스로 참조할 수 있다', terms: ['다른 보안 그룹 + 참조', '보안 그룹 + 소스'] },
];

function bankQuestion(key: string, title: string, keyPoints: KeyPoint[]): BankQuestion {
  return { key, texts: { ko: text(title, { keyPoints }) }, sources: ['test'] };
}

async function general(): Promise<Channel> {
  const channel = await tdb.current.store.findChannel('console', 'local', 'general');
  if (!channel) throw new Error('no channel');
  return channel;
}

/** Monday 2026-11-23: subscribed at 08:00 KST, question at 09:00, four replies, reveal at 18:00. */
async function revealedMonday() {
  const { store } = tdb.current;
  await store.saveQuestions(null, [bankQuestion('security-group', '보안 그룹이란?', SG_POINTS)], 'test');
  const w = consoleWorld(store, '2026-11-22T23:00:00Z');
  await w.type('/sa-admin subscribe');
  // dave has answered the last three rounds (a regular), and misses this one.
  await store.saveStreaks(
    (await general()).id,
    [{ userId: 'dave', userName: 'dave', current: 3, best: 3 }],
    w.clock.now(),
  );
  await w.at('2026-11-23T00:00:00Z');
  await w.type(
    'alice: 보안 그룹은 상태를 저장하므로 응답 트래픽이 자동으로 허용되고, 허용 규칙만 둘 수 있습니다. ENI 단위로 붙어요',
    'bob: 인바운드 규칙으로 포트를 여는 방화벽입니다. 다른 보안 그룹을 소스로 참조할 수 있어요',
    'carol: 모르겠어요',
  );
  w.take();
  await w.at('2026-11-23T09:00:00Z');
  return { w, out: w.take() };
}

describe('grading at the reveal (console)', () => {
  it('shows coverage and a per-point tally in public, and nobody’s missed points', async () => {
    const { out } = await revealedMonday();
    const reveal = out.slice(0, out.indexOf('only '));
    expect(reveal).toContain('alice 3/4');
    expect(reveal).toContain('bob 1/4');
    expect(reveal).toContain('carol 0/4');
    expect(reveal).toContain('핵심 포인트별로 짚은 사람 (3명 중)');
    expect(reveal).toContain('상태 저장 — 1명');
    expect(reveal).toContain('다른 보안 그룹을 소스로 참조할 수 있다 — 1명');
    expect(reveal).not.toContain('놓친 포인트');
  });

  it('sends each answerer one private note with what they made and missed', async () => {
    const { w, out } = await revealedMonday();
    const notes = out.split('\n#general').filter((part) => part.includes('sees this'));
    expect(notes.map((n) => /only (\w+) sees this/.exec(n)?.[1])).toEqual(['alice', 'bob', 'carol']);
    const alice = notes[0] ?? '';
    expect(alice).toContain('핵심 포인트 4개 중 3개를 짚었습니다.');
    expect(alice).toContain('상태 저장: 응답 트래픽은 자동으로 허용된다 ← "상태를 저장"');
    expect(alice).toMatch(/놓친 포인트 \(모범 답안\)\]\n.*다른 보안 그룹을 소스로 참조할 수 있다/);
    expect(notes[2]).toContain('답변 시도로 보지 않아');
    // A later tick sends nothing again.
    await w.at('2026-11-23T09:05:00Z');
    expect(w.take()).not.toContain('sees this');
  });

  it('stores each grade with its grader and version, and never recomputes it', async () => {
    const { w } = await revealedMonday();
    const { store } = tdb.current;
    const [round] = await tdb.current.database.db.query.rounds.findMany();
    const answers = await store.listAnswers(round?.id ?? 0);
    expect(answers.map((a) => [a.userId, a.grade?.grader, a.grade?.version, a.grade?.covered])).toEqual([
      ['alice', 'keywords', '1', 3],
      ['bob', 'keywords', '1', 1],
      ['carol', 'keywords', '1', 0],
    ]);
    // The bank changes afterwards: the stored grades and the note's counts stay as they were.
    await store.saveQuestions(
      null,
      [bankQuestion('security-group', '보안 그룹이란?', SG_POINTS.slice(0, 2))],
      'test',
    );
    expect((await store.listAnswers(round?.id ?? 0)).map((a) => a.grade)).toEqual(
      answers.map((a) => a.grade),
    );
    expect(await w.type('/as alice', '/feedback')).toContain('핵심 포인트 4개 중 3개를 짚었습니다.');
  });

  it('grades answers while the round is open, shows none of it before the reveal, and grades an edit again', async () => {
    const { store, database } = tdb.current;
    await store.saveQuestions(null, [bankQuestion('security-group', '보안 그룹이란?', SG_POINTS)], 'test');
    const w = consoleWorld(store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    await w.at('2026-11-23T00:00:00Z');
    const typed = await w.type('bob: 인바운드 규칙으로 포트를 여는 방화벽입니다');
    const shown = /\b(r\d+)\b/.exec(typed)?.[1];
    // The console runs the scheduler's tick after every line, as the heartbeat would each minute.
    const [round] = await database.db.query.rounds.findMany();
    const answersNow = async () => store.listAnswers(round?.id ?? 0);
    expect(round?.status).toBe('open');
    expect((await answersNow()).map((a) => a.grade?.covered)).toEqual([0]);
    // The edit clears the grade (tests/integration/store.test.ts); the tick after the line grades
    // the new text.
    await w.type(`/edit ${shown} 상태를 저장하므로 응답 트래픽이 자동으로 허용되고 ENI 단위로 붙습니다`);
    expect((await answersNow()).map((a) => a.grade?.covered)).toEqual([2]);
    // Nothing of a grade was shown before the reveal; the reveal shows the edited answer's.
    expect(w.take()).not.toMatch(/\d\/4|핵심 포인트/);
    await w.at('2026-11-23T09:00:00Z');
    expect(w.take()).toContain('bob 2/4');
  });

  it('grades again at the reveal an answer graded against key points the bank has changed since', async () => {
    const { store, database } = tdb.current;
    await store.saveQuestions(null, [bankQuestion('security-group', '보안 그룹이란?', SG_POINTS)], 'test');
    const w = consoleWorld(store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    await w.at('2026-11-23T00:00:00Z');
    await w.type('bob: 상태를 저장하므로 응답 트래픽이 자동으로 허용되고 ENI 단위로 붙습니다');
    const [round] = await database.db.query.rounds.findMany();
    expect((await store.listAnswers(round?.id ?? 0)).map((a) => a.grade?.total)).toEqual([4]);
    // An upload replaces the question's key points while the round is open.
    await store.saveQuestions(
      null,
      [bankQuestion('security-group', '보안 그룹이란?', [SG_POINTS[0]!, SG_POINTS[2]!])],
      'test',
    );
    w.take();
    await w.at('2026-11-23T09:00:00Z');
    expect(w.take()).toContain('bob 2/2');
    expect((await store.listAnswers(round?.id ?? 0)).map((a) => [a.grade?.covered, a.grade?.total])).toEqual([
      [2, 2],
    ]);
  });

  it('extends streaks for real attempts, holds a non-answer, resets a regular who missed', async () => {
    await revealedMonday();
    const streaks = await tdb.current.store.listStreaks((await general()).id);
    expect(Object.fromEntries(streaks.map((s) => [s.userId, s.current]))).toEqual({
      alice: 1,
      bob: 1,
      dave: 0,
    });
  });

  it('brings weak answers and a lapsed regular back to the top of their practice queue', async () => {
    const { w } = await revealedMonday();
    const { store } = tdb.current;
    await store.saveQuestions(
      null,
      [bankQuestion('nacl', 'NACL이란?', SG_POINTS), bankQuestion('iam', 'IAM이란?', SG_POINTS)],
      'test',
    );
    const ws = (await general()).workspaceId;
    const now = w.clock.now();
    for (const user of ['bob', 'carol', 'dave']) {
      const card = await store.findPracticeCard(ws, user, 'security-group');
      expect(card?.due.getTime(), user).toBeLessThanOrEqual(now.getTime());
      expect(await w.type(`/as ${user}`, '/sa-quiz')).toContain('Q. 보안 그룹이란?');
    }
    expect(await store.findPracticeCard(ws, 'alice', 'security-group')).toBeNull();
  });

  it('stores the first streak changes a reveal lists and counts the rest; every lapsed regular gets the card', async () => {
    const { store } = tdb.current;
    await store.saveQuestions(null, [bankQuestion('security-group', '보안 그룹이란?', SG_POINTS)], 'test');
    const w = consoleWorld(store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    const channel = await general();
    const regulars = Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    await store.saveStreaks(
      channel.id,
      regulars.map((userId) => ({ userId, userName: userId, current: 3, best: 3 })),
      w.clock.now(),
    );
    await w.at('2026-11-23T00:00:00Z');
    await w.type('alice: 보안 그룹은 상태를 저장하므로 응답 트래픽이 자동으로 허용됩니다');
    w.take();
    await w.at('2026-11-23T09:00:00Z');
    const reveal = w.take();
    const round = await store.latestPostedRound(channel.id);
    // 41 changes: 40 regulars reset, alice's first answer. The reveal lists 25 and counts 16.
    expect(round?.streakChanges).toHaveLength(25);
    expect(round?.unlistedStreakChanges).toBe(16);
    expect(reveal).toContain('외 16개');
    expect(reveal).not.toContain('r39');
    // The regular the reveal does not list is brought back all the same.
    const card = await store.findPracticeCard(channel.workspaceId, 'r39', 'security-group');
    expect(card?.due.getTime()).toBeLessThanOrEqual(w.clock.now().getTime());
  });

  it('shows the presser their own note, and says so to someone who did not answer', async () => {
    const { w } = await revealedMonday();
    const bob = await w.type('/as bob', '/feedback');
    expect(bob).toContain('내 답변 피드백 · 보안 그룹이란?');
    expect(bob).toContain('핵심 포인트 4개 중 1개를 짚었습니다.');
    expect(bob).toContain('내 연습 문제(`/sa-quiz`)에 다시 넣었습니다');
    expect(await w.type('/as erin', '/feedback')).toContain('이 라운드에 제시간에 남긴 내 답변이 없습니다.');
    expect(await w.type('/feedback 999')).toContain('✖');
  });

  it('adds the score beside the streak on the leaderboard', async () => {
    const { w } = await revealedMonday();
    const board = await w.type('/as alice', '/sa-leaderboard');
    expect(board).toContain('alice · 현재 1연속 · 최고 1 · 답변 1 · 점수 0.8');
    expect(board).toContain('bob · 현재 1연속 · 최고 1 · 답변 1 · 점수 0.3');
  });

  it('grades a typed practice answer and suggests the self-grade', async () => {
    const { store } = tdb.current;
    await store.saveQuestions(null, [bankQuestion('security-group', '보안 그룹이란?', SG_POINTS)], 'test');
    const w = consoleWorld(store, '2026-11-22T23:00:00Z');
    const card = await w.type('/sa-quiz');
    expect(card).toContain('[2] 답 써 보기');
    const feedback = await w.type(
      '/answer SG는 stateful 이고 allow rules only, ENI에 붙고 다른 보안 그룹을 소스로 참조합니다',
    );
    expect(feedback).toContain('핵심 포인트 4개 중 4개를 짚었습니다.');
    expect(feedback).toContain('추천 평가: "쉬움"');
    expect(feedback).toContain('[정의]');
    expect(await w.type('/press 4')).toContain('"쉬움"(으)로 기록했습니다');
  });
});
