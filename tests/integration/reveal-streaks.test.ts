import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeByKeywords } from '../../src/core/grading/keyword-grader.js';
import type { Store } from '../../src/core/ports.js';
import { applyRevealedRound, listedChanges, MAX_FREEZES, ROUNDS_PER_FREEZE } from '../../src/core/streaks.js';
import type { Streak } from '../../src/core/types.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { prng } from '../helpers/prng.js';
import { text } from '../helpers/questions.js';

/**
 * The reveal's streak statement (src/db/reveal-streaks.ts) against the rule it mirrors
 * (`applyRevealedRound`, src/core/streaks.ts), on random rounds: the same streaks stored, the same
 * changes in the same order, the same count of the rest, the same lapsed regulars. A reply graded
 * as no real attempt is held, as the reveal holds it.
 */

let tdb: TestDatabase;
let store: Store;
const at = new Date('2026-11-23T00:00:00Z');
const LISTED = 6;
const LAPSED_FROM = 3;

beforeAll(async () => {
  tdb = await openTestDatabase();
  store = tdb.store;
});
afterAll(async () => {
  await tdb.close();
});

// Ids that sort differently by code point and by a linguistic collation, as real ids may.
const PEOPLE = ['U01', 'U2', 'u3', 'U10', 'alice', 'Bob', 'carol', '김민수', 'U_9', 'u-8', 'dave', 'Eve'];

function pick<T>(rand: () => number, from: readonly T[], p: number): T[] {
  return from.filter(() => rand() < p);
}

const stateOf = (s: Streak) => ({
  userId: s.userId,
  userName: s.userName,
  current: s.current,
  best: s.best,
  freezes: s.freezes ?? 0,
  freezeProgress: s.freezeProgress ?? 0,
});

describe('the reveal streak statement', () => {
  it('does what applyRevealedRound does, on 40 random rounds', async () => {
    const workspace = await store.ensureWorkspace('slack', 'T1', 'Team');
    await store.saveQuestions(null, [{ key: 'iam', texts: { ko: text('IAM이란?') }, sources: [] }], 'test');
    const [question] = await store.listQuestions(null);
    let checkedChanges = 0;
    const kinds = new Set<string>();
    let heldSeen = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rand = prng(seed);
      const channel = await store.ensureChannel(workspace, `C${seed}`, `c${seed}`);
      const round = await store.claimRound({
        channelId: channel.id,
        kind: 'daily',
        localDate: '2026-11-23',
        questionId: question!.id,
        postAt: at,
        revealAt: new Date(at.getTime() + 9 * 3_600_000),
        status: 'claimed',
        at,
        attemptAfter: at,
      });
      if (!round) throw new Error('no round');
      await store.markPosted(round.id, `t${seed}`, at);
      const known = pick(rand, PEOPLE, 0.6).map((userId) => {
        const current = Math.floor(rand() * 7);
        return {
          userId,
          userName: rand() < 0.1 ? '' : `${userId} name`,
          current,
          best: current + Math.floor(rand() * 3),
          freezes: Math.floor(rand() * (MAX_FREEZES + 1)),
          freezeProgress: Math.floor(rand() * ROUNDS_PER_FREEZE),
        };
      });
      await store.saveStreaks(channel.id, known, at);
      // Answers arrive in a random order; extras and late replies do not count.
      const answerers = pick(rand, PEOPLE, 0.5).sort(() => rand() - 0.5);
      for (const [i, userId] of answerers.entries()) {
        const when = new Date(at.getTime() + (i + 1) * 1000 * (rand() < 0.2 ? 0 : 1));
        const base = { roundId: round.id, userId, text: 'x', at: when };
        await store.insertAnswer({
          ...base,
          userName: rand() < 0.2 ? '' : `${userId} now`,
          messageRef: `m${i}`,
          status: 'counted',
        });
        if (rand() < 0.3)
          await store.insertAnswer({ ...base, userName: 'x', messageRef: `e${i}`, status: 'extra' });
      }
      for (const userId of pick(rand, PEOPLE, 0.15))
        await store.insertAnswer({
          roundId: round.id,
          userId,
          userName: 'late',
          text: 'x',
          at,
          messageRef: `late-${userId}`,
          status: 'late',
        });
      // Some answers graded as a real attempt, some as none (held), some not graded at all.
      const counted = await store.listCountedAnswers(round.id);
      const held = new Set<string>();
      const grades = counted.flatMap((a) => {
        const r = rand();
        if (r < 0.3) return [];
        const attempt = r >= 0.5;
        if (!attempt) held.add(a.userId);
        return [{ answerId: a.id, grade: { ...gradeByKeywords([], a.text), attempt } }];
      });
      await store.saveGrades(grades, 'first');

      const previous = await store.listStreaks(channel.id);
      const expected = applyRevealedRound(previous, counted, held);
      const result = await store.applyRoundStreaks({
        channelId: channel.id,
        roundId: round.id,
        rules: { roundsPerFreeze: ROUNDS_PER_FREEZE, maxFreezes: MAX_FREEZES },
        listed: LISTED,
        lapsedFrom: LAPSED_FROM,
        at,
      });

      const stored = listedChanges(expected.changes, LISTED);
      expect({ seed, listed: result.listed, more: result.more }).toEqual({ seed, ...stored });
      expect({ seed, lapsed: [...result.lapsed].sort() }).toEqual({
        seed,
        lapsed: expected.changes
          .filter((c) => (c.to === 0 || c.frozen === true) && c.from >= LAPSED_FROM)
          .map((c) => c.userId)
          .sort(),
      });
      const after = new Map(previous.map((s) => [s.userId, stateOf(s)]));
      for (const s of expected.streaks) after.set(s.userId, stateOf(s));
      const byId = (a: { userId: string }, b: { userId: string }) => (a.userId < b.userId ? -1 : 1);
      expect({ seed, streaks: (await store.listStreaks(channel.id)).map(stateOf).sort(byId) }).toEqual({
        seed,
        streaks: [...after.values()].sort(byId),
      });
      const revealed = await store.getRound(round.id);
      expect({ listed: revealed?.streakChanges, more: revealed?.unlistedStreakChanges }).toEqual(stored);
      for (const c of expected.changes)
        kinds.add(
          c.frozen
            ? 'frozen'
            : c.freezeEarned
              ? 'earned'
              : c.to === 0
                ? 'reset'
                : c.from === 0
                  ? 'new'
                  : 'up',
        );
      checkedChanges += expected.changes.length;
      heldSeen += held.size;
    }
    // The cases are not trivial: many changes, of every kind.
    expect(checkedChanges).toBeGreaterThan(200);
    expect([...kinds].sort()).toEqual(['earned', 'frozen', 'new', 'reset', 'up']);
    expect(heldSeen).toBeGreaterThan(10);
  });
});
