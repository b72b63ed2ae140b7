import type { RevealedChanges, Streak, StreakChange } from './types.js';

export type { StreakChange } from './types.js';

/** The changes a reveal stores: the first `limit` in full, the others counted. */
export function listedChanges(changes: readonly StreakChange[], limit: number): RevealedChanges {
  return { listed: changes.slice(0, limit), more: Math.max(0, changes.length - limit) };
}

/**
 * Streaks count revealed rounds, not calendar days: a weekend or a paused day has no round and so
 * cannot break one. Answering a revealed round on time adds one; missing it resets to zero. A
 * reply that is not a real attempt (`held`: "모르겠어요", "pass") neither adds nor resets.
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
      streaks.push({ userId: s.userId, userName: name, current, best: Math.max(s.best, current) });
      changes.push({ userId: s.userId, userName: name, from: s.current, to: current });
      answered.delete(s.userId);
    } else if (s.current > 0 && !held.has(s.userId)) {
      streaks.push({ ...s, current: 0 });
      changes.push({ userId: s.userId, userName: s.userName, from: s.current, to: 0 });
    }
  }
  for (const [userId, userName] of answered) {
    streaks.push({ userId, userName, current: 1, best: 1 });
    changes.push({ userId, userName, from: 0, to: 1 });
  }
  return { streaks, changes };
}
