import { describe, expect, it } from 'vitest';
import type { Streak } from '../../src/core/types.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase();

describe('set-based writes at the reveal', () => {
  it('saves thousands of streaks in one statement, inserting new people and updating known ones', async () => {
    const store = tdb.current.store;
    const ws = await store.ensureWorkspace('console', 'big', 'big');
    const channel = await store.ensureChannel(ws, 'c', 'c');
    const people = 4017; // one statement, however many
    const first: Streak[] = Array.from({ length: people }, (_, i) => ({
      userId: `u${i}`,
      userName: `user ${i}`,
      current: 1,
      best: 1,
    }));
    await store.saveStreaks(channel.id, first, new Date('2026-11-23T09:00:00Z'));
    expect(await store.listStreaks(channel.id)).toHaveLength(people);
    // The next round: everyone but the last one answers again, one newcomer, one name changes.
    const second: Streak[] = [
      ...first.slice(0, -1).map((s) => ({ ...s, current: 2, best: 2 })),
      { ...first.at(-1)!, current: 0 },
      { userId: 'newcomer', userName: 'new', current: 1, best: 1 },
    ].map((s) => (s.userId === 'u5' ? { ...s, userName: 'renamed' } : s));
    await store.saveStreaks(channel.id, second, new Date('2026-11-24T09:00:00Z'));
    const stored = new Map((await store.listStreaks(channel.id)).map((s) => [s.userId, s]));
    expect(stored.size).toBe(people + 1);
    // Saved without freezes: none held, none on the way.
    expect(stored.get('u0')).toEqual({
      userId: 'u0',
      userName: 'user 0',
      current: 2,
      best: 2,
      freezes: 0,
      freezeProgress: 0,
    });
    expect(stored.get('u5')?.userName).toBe('renamed');
    expect(stored.get(`u${people - 1}`)).toMatchObject({ current: 0, best: 1 });
    expect(stored.get('newcomer')).toMatchObject({ current: 1, best: 1 });
    await store.saveStreaks(channel.id, [], new Date('2026-11-25T09:00:00Z'));
    expect((await store.listStreaks(channel.id)).length).toBe(people + 1);
  });
});
