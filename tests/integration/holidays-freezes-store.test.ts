import { describe, expect, it } from 'vitest';
import { applyRevealedRound } from '../../src/core/streaks.js';
import { useTestDatabase } from '../helpers/database.js';
import { text } from '../helpers/questions.js';

const tdb = useTestDatabase();
const at = new Date('2026-12-03T09:00:00Z');

async function channel() {
  const { store } = tdb.current;
  const workspace = await store.ensureWorkspace('slack', 'T1', 'Team');
  return store.ensureChannel(workspace, 'C1', 'general');
}

describe('holiday settings, off days and streak freezes in the database', () => {
  it('a new channel follows the default calendar and has no off days; both are stored', async () => {
    const { store } = tdb.current;
    const created = await channel();
    expect(created).toMatchObject({ holidays: 'auto', offDays: [] });
    await store.updateChannel(created.id, { holidays: 'JP', offDays: ['2026-12-24', '2026-12-31'] });
    expect(await store.getChannel(created.id)).toMatchObject({
      holidays: 'JP',
      offDays: ['2026-12-24', '2026-12-31'],
    });
    // Another patch leaves them alone.
    await store.updateChannel(created.id, { paused: true });
    expect(await store.findChannel('slack', 'T1', 'C1')).toMatchObject({
      holidays: 'JP',
      offDays: ['2026-12-24', '2026-12-31'],
      paused: true,
    });
    expect(await store.updateChannel(created.id, { holidays: 'off', offDays: [] })).toMatchObject({
      holidays: 'off',
      offDays: [],
    });
  });

  it('keeps the freezes each person holds and their progress towards the next', async () => {
    const { store } = tdb.current;
    const { id } = await channel();
    expect(await store.streakOf(id, 'U1')).toBeNull();
    // Five answered rounds for alice earn her a freeze; bob answers two.
    for (let i = 0; i < 5; i++) {
      const answerers = [{ userId: 'U1', userName: 'alice' }];
      if (i < 2) answerers.push({ userId: 'U2', userName: 'bob' });
      const applied = applyRevealedRound(await store.listStreaks(id), answerers);
      await store.saveStreaks(id, applied.streaks, at);
    }
    expect(await store.listStreaks(id)).toEqual([
      { userId: 'U1', userName: 'alice', current: 5, best: 5, freezes: 1, freezeProgress: 0 },
      { userId: 'U2', userName: 'bob', current: 0, best: 2, freezes: 0, freezeProgress: 2 },
    ]);
    // Alice misses one: her freeze is used and her streak kept, in the database too.
    const missed = applyRevealedRound(await store.listStreaks(id), [{ userId: 'U2', userName: 'bob' }]);
    await store.saveStreaks(id, missed.streaks, at);
    expect(await store.streakOf(id, 'U1')).toEqual({
      userId: 'U1',
      userName: 'alice',
      current: 5,
      best: 5,
      freezes: 0,
      freezeProgress: 0,
    });
  });

  it('a revealed round remembers that a freeze was used, for a reveal sent again later', async () => {
    const { store } = tdb.current;
    const { id } = await channel();
    await store.saveQuestions(null, [{ key: 'iam', texts: { ko: text('IAM이란?') }, sources: [] }], 'test');
    const [question] = await store.listQuestions(null);
    const claimed = await store.claimRound({
      channelId: id,
      kind: 'daily',
      localDate: '2026-12-03',
      questionId: question!.id,
      postAt: at,
      revealAt: at,
      status: 'claimed',
      at,
      attemptAfter: at,
    });
    await store.markPosted(claimed!.id, 'm1', at);
    const changes = [
      { userId: 'U1', userName: 'alice', from: 7, to: 7, frozen: true as const, freezesLeft: 1 },
      { userId: 'U2', userName: 'bob', from: 4, to: 5, freezeEarned: true as const },
    ];
    expect(await store.markRevealed(claimed!.id, at, { listed: changes, more: 0 }, at)).toBe(true);
    expect((await store.getRound(claimed!.id))?.streakChanges).toEqual(changes);
  });
});
