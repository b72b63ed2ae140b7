import { describe, expect, it } from 'vitest';
import type { AnswerGrade } from '../../src/core/grading/types.js';
import { type LeaderboardEntry, type RankedEntry, rankLeaderboard } from '../../src/core/leaderboard.js';
import type { AnswerStatus, Streak } from '../../src/core/types.js';
import { answers } from '../../src/db/schema.js';
import { useTestDatabase } from '../helpers/database.js';
import { prng } from '../helpers/prng.js';
import { text } from '../helpers/questions.js';

/**
 * The leaderboard's one statement (src/db/leaderboard-store.ts) against the rule it follows,
 * `rankLeaderboard`, on random channels: ties (scores are quarters and thirds: sums of thirds
 * differ in their last bits with the order they are added in, and must tie all the same), people
 * with only a streak, people with only answers, names that differ between the streak and the
 * answers, user ids whose UTF-16 and code point orders differ, late and extra replies, an open
 * round and rounds before the period.
 */

const tdb = useTestDatabase();

const at = new Date('2026-11-23T00:00:00Z');

/** Scores to 9 places: the sums themselves may differ in their last bits (their ranks may not). */
function roundScores(board: { top: RankedEntry[]; caller: RankedEntry | null }) {
  const round = (e: RankedEntry) => ({ ...e, score: Number(e.score.toFixed(9)) });
  return { top: board.top.map(round), caller: board.caller && round(board.caller) };
}
const DATES = ['2026-10-30', '2026-11-02', '2026-11-16', '2026-11-23', '2026-11-24', '2026-11-25'];

type Store = typeof tdb.current.store;

/** A daily round on each of DATES, all revealed but the last (still open). */
async function dailyRounds(channelId: number, questionId: number, tag: string) {
  const store: Store = tdb.current.store;
  const rounds: { id: number; localDate: string; revealed: boolean }[] = [];
  for (const [i, localDate] of DATES.entries()) {
    const claimed = await store.claimRound({
      channelId,
      kind: 'daily',
      localDate,
      questionId,
      postAt: at,
      revealAt: at,
      status: 'claimed',
      at,
      attemptAfter: at,
    });
    await store.markPosted(claimed!.id, `ts-${tag}-${i}`, at);
    const revealed = i < DATES.length - 1;
    if (revealed) await store.markRevealed(claimed!.id, at, { listed: [], more: 0 }, at);
    rounds.push({ id: claimed!.id, localDate, revealed });
  }
  return rounds;
}

function grade(score: number): AnswerGrade {
  return {
    grader: 'keywords',
    version: '1',
    score,
    covered: Math.round(score * 4),
    total: 4,
    points: [],
    attempt: true,
    feedback: null,
  };
}

describe('the leaderboard statement', () => {
  it('ranks exactly as rankLeaderboard does: top 10 and the caller, for every period', async () => {
    const store = tdb.current.store;
    const ws = await store.ensureWorkspace('slack', 'T1', 'Team');
    await store.saveQuestions(null, [{ key: 'iam', texts: { ko: text('IAM이란?') }, sources: [] }], 'test');
    const [question] = await store.listQuestions(null);
    for (const seed of [1, 2, 3, 4]) {
      const random = prng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const channel = await store.ensureChannel(ws, `C${seed}`, `c${seed}`);
      // Ids in mixed case, and two whose UTF-16 order (U+FF21 < U+1F600) is not their code point order.
      const people = [
        ...Array.from({ length: 28 }, (_, i) => `${i % 2 ? 'U' : 'u'}${String(i).padStart(2, '0')}`),
        'U\u{ff21}',
        'U\u{1f600}',
      ];
      const rounds = await dailyRounds(channel.id, question!.id, `${seed}`);
      const rows: (typeof answers.$inferInsert)[] = [];
      for (const round of rounds)
        for (const userId of people) {
          if (random() < 0.35) continue;
          const status: AnswerStatus = pick(['counted', 'counted', 'counted', 'late', 'extra']);
          const score = pick([0, 0.25, 0.5, 0.75, 1, 1 / 3, 2 / 3]);
          rows.push({
            roundId: round.id,
            userId,
            userName: `name ${userId}`,
            messageRef: `${round.id}-${userId}`,
            text: 'x',
            status,
            grade: random() < 0.8 ? grade(score) : null,
            createdAt: at,
            updatedAt: at,
          });
        }
      await tdb.current.database.db.insert(answers).values(rows);
      // Streaks for most people (some renamed since), and for two who never answered.
      const streaks: Streak[] = [...people.filter(() => random() < 0.7), 'UZ1', 'UZ2'].map((userId) => {
        const current = pick([0, 0, 1, 2, 3]);
        return { userId, userName: `streak ${userId}`, current, best: current + pick([0, 0, 1, 4]) };
      });
      await store.saveStreaks(channel.id, streaks, at);

      for (const since of [null, '2026-11-01', '2026-11-23', '2026-11-30']) {
        const entries = new Map<string, LeaderboardEntry>();
        for (const s of streaks) entries.set(s.userId, { ...s, answers: 0, score: 0 });
        for (const row of rows) {
          const round = rounds.find((r) => r.id === row.roundId)!;
          if (row.status !== 'counted' || !round.revealed || (since !== null && round.localDate < since))
            continue;
          const known = entries.get(row.userId);
          entries.set(row.userId, {
            userId: row.userId,
            userName: known?.userName ?? row.userName,
            current: known?.current ?? 0,
            best: known?.best ?? 0,
            answers: (known?.answers ?? 0) + 1,
            score: (known?.score ?? 0) + (row.grade?.score ?? 0),
          });
        }
        // Everyone as the caller (inside and outside the top, tied across its edge), someone with
        // only a streak, someone unknown; the usual 10 and a short list.
        for (const [caller, limit] of [
          ...[...people, 'UZ1', 'U-nobody'].map((p) => [p, 10] as const),
          [pick(people), 3] as const,
        ]) {
          const expected = rankLeaderboard([...entries.values()], caller, limit);
          const actual = await store.leaderboard(channel.id, since, caller, limit);
          expect(
            roundScores(actual),
            `seed ${seed}, since ${since}, caller ${caller}, limit ${limit}`,
          ).toEqual(roundScores(expected));
        }
      }
    }
  });

  it('ties equal coverage whatever order the database adds it in', async () => {
    const store = tdb.current.store;
    const ws = await store.ensureWorkspace('slack', 'T1', 'Team');
    await store.saveQuestions(null, [{ key: 'iam', texts: { ko: text('IAM이란?') }, sources: [] }], 'test');
    const [question] = await store.listQuestions(null);
    const channel = await store.ensureChannel(ws, 'CSUM', 'sum');
    const rounds = await dailyRounds(channel.id, question!.id, 'sum');
    // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in their last bit as floats.
    const scores: Record<string, number[]> = { x: [0.1, 0.2, 0.3], y: [0.3, 0.2, 0.1] };
    await tdb.current.database.db.insert(answers).values(
      Object.entries(scores).flatMap(([userId, list]) =>
        list.map((score, i) => ({
          roundId: rounds[i]!.id,
          userId,
          userName: userId,
          messageRef: `${userId}-${i}`,
          text: 'x',
          status: 'counted',
          grade: grade(score),
          createdAt: at,
          updatedAt: at,
        })),
      ),
    );
    const board = await store.leaderboard(channel.id, null, 'y', 10);
    expect(board.top.map((e) => [e.userId, e.rank])).toEqual([
      ['x', 1],
      ['y', 1],
    ]);
  });
});
