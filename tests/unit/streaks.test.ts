import { describe, expect, it } from 'vitest';
import { applyRevealedRound, MAX_FREEZES, ROUNDS_PER_FREEZE } from '../../src/core/streaks.js';
import type { Streak } from '../../src/core/types.js';

const alice = { userId: 'U1', userName: 'alice' };
const bob = { userId: 'U2', userName: 'bob' };

/** Plays revealed rounds in order; each entry lists who answered that round on time. */
function play(
  rounds: readonly (readonly { userId: string; userName: string }[])[],
  start: Streak[] = [],
): Streak[] {
  let streaks: Streak[] = start;
  for (const answerers of rounds) streaks = applyRevealedRound(streaks, answerers).streaks;
  return streaks;
}

/** Only the counts a reader cares about. */
const counts = (s: Streak | undefined) =>
  s && { current: s.current, best: s.best, freezes: s.freezes ?? 0, progress: s.freezeProgress ?? 0 };

describe('streaks counted in rounds', () => {
  it('grows by one per answered round and keeps the best', () => {
    expect(play([[alice], [alice], [alice]])).toEqual([
      { ...alice, current: 3, best: 3, freezes: 0, freezeProgress: 3 },
    ]);
  });

  it('a missed revealed round resets the current streak but not the best', () => {
    const streaks = play([[alice, bob], [alice, bob], [bob], [alice, bob]]);
    expect(counts(streaks.find((s) => s.userId === 'U1'))).toMatchObject({ current: 1, best: 2 });
    expect(counts(streaks.find((s) => s.userId === 'U2'))).toMatchObject({ current: 4, best: 4 });
  });

  it('reports the changes a reveal caused', () => {
    const before: Streak[] = [
      { ...alice, current: 2, best: 5 },
      { ...bob, current: 0, best: 1 },
    ];
    const { changes } = applyRevealedRound(before, [{ userId: 'U3', userName: 'carol' }]);
    expect(changes).toEqual([
      { ...alice, from: 2, to: 0 },
      { userId: 'U3', userName: 'carol', from: 0, to: 1 },
    ]);
  });

  it('a weekend, a holiday or a paused day has no round, so nothing changes', () => {
    // Friday answered, no rounds on Saturday/Sunday (nothing applied), Monday answered.
    const friday = play([[alice]]);
    const monday = applyRevealedRound(friday, [alice]).streaks;
    expect(counts(monday[0])).toEqual({ current: 2, best: 2, freezes: 0, progress: 2 });
  });

  it('uses the newest display name', () => {
    const streaks = applyRevealedRound(
      [{ ...alice, current: 1, best: 1 }],
      [{ userId: 'U1', userName: 'Alice Kim' }],
    ).streaks;
    expect(streaks[0]?.userName).toBe('Alice Kim');
  });
});

describe('streak freezes', () => {
  const answered = (n: number) => Array.from({ length: n }, () => [alice]);

  it(`earns one every ${ROUNDS_PER_FREEZE} answered rounds, at most ${MAX_FREEZES} held`, () => {
    expect(ROUNDS_PER_FREEZE).toBe(5);
    expect(MAX_FREEZES).toBe(2);
    expect(counts(play(answered(4))[0])).toMatchObject({ freezes: 0, progress: 4 });
    const fifth = applyRevealedRound(play(answered(4)), [alice]);
    expect(counts(fifth.streaks[0])).toMatchObject({ current: 5, freezes: 1, progress: 0 });
    expect(fifth.changes).toEqual([{ ...alice, from: 4, to: 5, freezeEarned: true }]);
    expect(counts(play(answered(10))[0])).toMatchObject({ freezes: 2, progress: 0 });
    // A third is never held: the 15th answer earns nothing.
    const fifteenth = applyRevealedRound(play(answered(14)), [alice]);
    expect(counts(fifteenth.streaks[0])).toMatchObject({ current: 15, freezes: 2, progress: 0 });
    expect(fifteenth.changes).toEqual([{ ...alice, from: 14, to: 15 }]);
  });

  it('a missed round uses a freeze instead of resetting the streak, one per missed round', () => {
    const seven = play(answered(7)); // one freeze earned at 5
    expect(counts(seven[0])).toMatchObject({ current: 7, freezes: 1, progress: 2 });
    const missed = applyRevealedRound(seven, [bob]);
    expect(counts(missed.streaks.find((s) => s.userId === 'U1'))).toEqual({
      current: 7,
      best: 7,
      freezes: 0,
      progress: 2,
    });
    expect(missed.changes).toEqual([
      { ...alice, from: 7, to: 7, frozen: true, freezesLeft: 0 },
      { ...bob, from: 0, to: 1 },
    ]);
    // No freeze left: the next missed round resets it.
    const again = applyRevealedRound(missed.streaks, [bob]);
    expect(again.changes).toContainEqual({ ...alice, from: 7, to: 0 });
    expect(counts(again.streaks.find((s) => s.userId === 'U1'))).toMatchObject({ current: 0, best: 7 });
  });

  it('the kept streak goes on growing when they answer again', () => {
    const kept = play([[bob]], play(answered(5)));
    expect(counts(kept.find((s) => s.userId === 'U1'))).toMatchObject({ current: 5, freezes: 0 });
    expect(counts(play([[alice]], kept).find((s) => s.userId === 'U1'))).toMatchObject({
      current: 6,
      best: 6,
      progress: 1,
    });
  });

  it('someone not on a streak uses no freeze, and a non-attempt neither uses nor earns one', () => {
    const idle: Streak[] = [{ ...alice, current: 0, best: 3, freezes: 2, freezeProgress: 4 }];
    expect(applyRevealedRound(idle, [bob]).changes).toEqual([{ ...bob, from: 0, to: 1 }]);
    const onStreak: Streak[] = [{ ...alice, current: 4, best: 4, freezes: 1, freezeProgress: 4 }];
    const heldRound = applyRevealedRound(onStreak, [alice], new Set(['U1']));
    expect(heldRound.changes).toEqual([]);
    expect(heldRound.streaks).toEqual([]);
  });
});
