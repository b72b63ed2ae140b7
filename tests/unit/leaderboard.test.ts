import { describe, expect, it } from 'vitest';
import { parsePeriod, periodStart, rankLeaderboard, scoreKey } from '../../src/core/leaderboard.js';

const entry = (userId: string, answers: number, current: number, best = current, score = 0) => ({
  userId,
  userName: userId,
  answers,
  current,
  best,
  score,
});

describe('leaderboard', () => {
  it('ranks by answers in the period, then streak; ties share a rank', () => {
    const { top } = rankLeaderboard(
      [entry('a', 3, 1), entry('b', 5, 0, 4), entry('c', 3, 1), entry('d', 3, 2)],
      'a',
    );
    expect(top.map((e) => [e.userId, e.rank])).toEqual([
      ['b', 1],
      ['d', 2],
      ['a', 3],
      ['c', 3],
    ]);
  });

  it('lists a tie by user id in code point order, whatever the names; leaves out people with nothing', () => {
    const named = (userId: string, userName: string) => ({ ...entry(userId, 2, 1), userName });
    const { top } = rankLeaderboard(
      [
        named('b', 'Alice'),
        named('U\u{1f600}', 'Bob'),
        named('U\u{ff21}', 'Carol'),
        named('B', 'Dan'),
        entry('z', 0, 0),
      ],
      'a',
    );
    // Upper case before lower (binary, not the locale's), U+FF21 before U+1F600 (not UTF-16's order).
    expect(top.map((e) => [e.userId, e.rank])).toEqual([
      ['B', 1],
      ['U\u{ff21}', 1],
      ['U\u{1f600}', 1],
      ['b', 1],
    ]);
  });

  it('compares scores in whole millionths, so the order of a sum cannot break a tie', () => {
    const a = 0.1 + 0.2 + 0.3;
    const b = 0.3 + 0.2 + 0.1;
    expect(a).not.toBe(b);
    expect(scoreKey(a)).toBe(scoreKey(b));
    const { top } = rankLeaderboard([entry('x', 3, 0, 0, a), entry('y', 3, 0, 0, b)], 'x');
    expect(top.map((e) => e.rank)).toEqual([1, 1]);
  });

  it('breaks a tie in answers by score before streaks', () => {
    const { top } = rankLeaderboard([entry('a', 3, 5, 5, 1.2), entry('b', 3, 1, 1, 2.5)], 'a');
    expect(top.map((e) => [e.userId, e.rank])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });

  it("always returns the caller's own rank, even outside the top 10", () => {
    const entries = Array.from({ length: 15 }, (_, i) => entry(`u${i}`, 20 - i, 1));
    const { top, caller } = rankLeaderboard(entries, 'u14');
    expect(top).toHaveLength(10);
    expect(caller).toMatchObject({ userId: 'u14', rank: 15 });
    expect(rankLeaderboard(entries, 'nobody').caller).toBeNull();
  });

  it('reads periods and their first day', () => {
    expect(parsePeriod(undefined)).toBe('week');
    expect(parsePeriod('MONTH')).toBe('month');
    expect(parsePeriod('전체')).toBe('all');
    expect(parsePeriod('year')).toBeNull();
    expect(periodStart('week', '2026-11-22')).toBe('2026-11-16');
    expect(periodStart('month', '2026-11-22')).toBe('2026-11-01');
    expect(periodStart('all', '2026-11-22')).toBeNull();
  });
});
