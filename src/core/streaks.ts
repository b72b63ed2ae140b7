import type { RevealedChanges, Streak, StreakChange } from './types.js';

export type { StreakChange } from './types.js';

/** A freeze is earned every this many answered rounds. */
export const ROUNDS_PER_FREEZE = 5;
/** The most freezes one person holds at a time. */
export const MAX_FREEZES = 2;

/** The changes a reveal stores: the first `limit` in full, the others counted. */
export function listedChanges(changes: readonly StreakChange[], limit: number): RevealedChanges {
  return { listed: changes.slice(0, limit), more: Math.max(0, changes.length - limit) };
}

/** One more answered round towards the next freeze: the freezes held after it, and whether one was earned. */
function answeredRound(s: Pick<Streak, 'freezes' | 'freezeProgress'>): {
  freezes: number;
  freezeProgress: number;
  earned: boolean;
} {
  const held = s.freezes ?? 0;
  const progress = (s.freezeProgress ?? 0) + 1;
  if (progress < ROUNDS_PER_FREEZE) return { freezes: held, freezeProgress: progress, earned: false };
  // Holding the most already: the rounds start counting again, nothing is earned.
  const earned = held < MAX_FREEZES;
  return { freezes: earned ? held + 1 : held, freezeProgress: 0, earned };
}

/**
 * Streaks count revealed rounds, not calendar days: a weekend, a holiday or a paused day has no
 * round and so cannot break one. Answering a revealed round on time adds one; missing it resets
 * to zero, unless the person holds a freeze: then one freeze is used and the streak kept as it
 * is. A freeze is earned every `ROUNDS_PER_FREEZE` answered rounds, at most `MAX_FREEZES` held.
 * A reply that is not a real attempt (`held`: "모르겠어요", "pass") neither adds nor resets, and
 * neither uses nor earns a freeze.
 *
 * The reveal applies this rule where the streaks are, in one statement (`applyRoundStreaks`,
 * src/db/reveal-streaks.ts); tests/integration/reveal-streaks.test.ts holds the two equal.
 */
export function applyRevealedRound(
  previous: readonly Streak[],
  answerers: readonly { readonly userId: string; readonly userName: string }[],
  held: ReadonlySet<string> = new Set(),
): { streaks: Streak[]; changes: StreakChange[] } {
  const answered = new Map(answerers.map((a) => [a.userId, a.userName]));
  for (const id of held) answered.delete(id);
  const streaks: Streak[] = [];
  const changes: StreakChange[] = [];
  for (const s of previous) {
    const answeredAs = answered.get(s.userId);
    if (answeredAs !== undefined) {
      // A name the platform could not tell this time ('') never replaces one it told before.
      const name = answeredAs === '' ? s.userName : answeredAs;
      const current = s.current + 1;
      const { earned, ...freezes } = answeredRound(s);
      streaks.push({
        userId: s.userId,
        userName: name,
        current,
        best: Math.max(s.best, current),
        ...freezes,
      });
      changes.push({
        userId: s.userId,
        userName: name,
        from: s.current,
        to: current,
        ...(earned ? { freezeEarned: true as const } : {}),
      });
      answered.delete(s.userId);
    } else if (s.current > 0 && !held.has(s.userId)) {
      const freezes = s.freezes ?? 0;
      if (freezes > 0) {
        streaks.push({ ...s, freezes: freezes - 1, freezeProgress: s.freezeProgress ?? 0 });
        changes.push({
          userId: s.userId,
          userName: s.userName,
          from: s.current,
          to: s.current,
          frozen: true,
          freezesLeft: freezes - 1,
        });
      } else {
        streaks.push({ ...s, current: 0, freezes: 0, freezeProgress: s.freezeProgress ?? 0 });
        changes.push({ userId: s.userId, userName: s.userName, from: s.current, to: 0 });
      }
    }
  }
  for (const [userId, userName] of answered) {
    const { earned, ...freezes } = answeredRound({});
    streaks.push({ userId, userName, current: 1, best: 1, ...freezes });
    changes.push({ userId, userName, from: 0, to: 1, ...(earned ? { freezeEarned: true as const } : {}) });
  }
  return { streaks, changes };
}
