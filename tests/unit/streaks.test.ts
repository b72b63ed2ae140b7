import { describe, expect, it } from 'vitest';
import { applyRevealedRound } from '../../src/core/streaks.js';
import type { Streak } from '../../src/core/types.js';

const alice = { userId: 'U1', userName: 'alice' };
const bob = { userId: 'U2', userName: 'bob' };

/** Plays revealed rounds in order; each entry lists who answered that round on time. */
function play(rounds: readonly (readonly { userId: string; userName: string }[])[]): Streak[] {
  let streaks: Streak[] = [];
  for (const answerers of rounds) streaks = applyRevealedRound(streaks, answerers).streaks;
  return streaks;
}

describe('streaks counted in rounds', () => {
  it('grows by one per answered round and keeps the best', () => {
    expect(play([[alice], [alice], [alice]])).toEqual([{ ...alice, current: 3, best: 3 }]);
  });

  it('a missed revealed round resets the current streak but not the best', () => {
    const streaks = play([[alice, bob], [alice, bob], [bob], [alice, bob]]);
    expect(streaks.find((s) => s.userId === 'U1')).toEqual({ ...alice, current: 1, best: 2 });
    expect(streaks.find((s) => s.userId === 'U2')).toEqual({ ...bob, current: 4, best: 4 });
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

  it('a weekend or a paused day has no round, so nothing changes', () => {
    // Friday answered, no rounds on Saturday/Sunday (nothing applied), Monday answered.
    const friday = play([[alice]]);
    const monday = applyRevealedRound(friday, [alice]).streaks;
    expect(monday).toEqual([{ ...alice, current: 2, best: 2 }]);
  });

  it('uses the newest display name', () => {
    const streaks = applyRevealedRound(
      [{ ...alice, current: 1, best: 1 }],
      [{ userId: 'U1', userName: 'Alice Kim' }],
    ).streaks;
    expect(streaks[0]?.userName).toBe('Alice Kim');
  });
});
