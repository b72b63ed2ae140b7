import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../src/adapters/console/console-chat.js';
import type { Chat, Store } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { Channel, Platform, Round } from '../../src/core/types.js';
import { type Database, openDatabase } from '../../src/db/open-database.js';
import { createStore } from '../../src/db/store.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { text } from '../helpers/questions.js';

/**
 * The reminder's claims on a real database: a round's reminder is claimed by one caller however
 * many claim at once (two connections on PostgreSQL), a nudge once per person per local day in a
 * workspace, and the due list knows nothing of rounds past their reveal or already claimed.
 */

let tdb: TestDatabase;
let store: Store;
/** A second connection pool on PostgreSQL (another replica); the same store on PGlite. */
let other: { store: Store; database: Database | null };
/** Monday 2025-03-10 09:00 in Seoul. */
const nine = new Date('2025-03-10T00:00:00Z');
const HOUR = 3_600_000;

beforeAll(async () => {
  tdb = await openTestDatabase();
  store = tdb.store;
  if (tdb.url) {
    const database = await openDatabase({ url: tdb.url, poolSize: 2 });
    other = { store: createStore(database.db), database };
  } else other = { store, database: null };
});
afterAll(async () => {
  await other.database?.close();
  await tdb.close();
});
beforeEach(async () => {
  await tdb.reset();
});

async function openRound(
  reminderHours: number | null = 2,
  channelId = 'C1',
): Promise<{ channel: Channel; round: Round }> {
  const workspace = await store.ensureWorkspace('console', 'local', 'local');
  const created = await store.ensureChannel(workspace, channelId, channelId.toLowerCase());
  const channel = await store.updateChannel(created.id, { subscribed: true, reminderHours });
  await store.saveQuestions(null, [{ key: 'iam', texts: { ko: text('IAM이란?') }, sources: [] }], 'test');
  const [question] = await store.listQuestions(null);
  const claimed = await store.claimRound({
    channelId: channel.id,
    kind: 'daily',
    localDate: '2025-03-10',
    questionId: question!.id,
    postAt: nine,
    revealAt: new Date(nine.getTime() + 9 * HOUR),
    status: 'claimed',
    at: nine,
    attemptAfter: nine,
  });
  await store.markPosted(claimed!.id, `m-${channelId}`, nine);
  const round = await store.getRound(claimed!.id);
  return { channel, round: round! };
}

describe('reminder claims on a real database', () => {
  it('lists a round from reveal − N hours until its reveal, once unclaimed, only where a reminder is set', async () => {
    const { channel, round } = await openRound(2);
    const ids = async (at: Date) => (await store.listRemindersDue(at)).map((r) => r.id);
    expect(await ids(new Date(nine.getTime() + 6 * HOUR))).toEqual([]);
    expect(await ids(new Date(nine.getTime() + 7 * HOUR))).toEqual([round.id]);
    expect(await ids(new Date(nine.getTime() + 9 * HOUR))).toEqual([]);
    await store.updateChannel(channel.id, { paused: true, pausedReason: 'admin' });
    expect(await ids(new Date(nine.getTime() + 8 * HOUR))).toEqual([]);
    await store.updateChannel(channel.id, { paused: false, reminderHours: null });
    expect(await ids(new Date(nine.getTime() + 8 * HOUR))).toEqual([]);
    await store.updateChannel(channel.id, { reminderHours: 3 });
    expect(await ids(new Date(nine.getTime() + 6 * HOUR))).toEqual([round.id]);
    expect(await store.claimReminder(round.id, new Date(nine.getTime() + 6 * HOUR))).toBe(true);
    expect(await ids(new Date(nine.getTime() + 8 * HOUR))).toEqual([]);
  });

  it('gives a round’s reminder to exactly one of many concurrent claimers', async () => {
    const { round } = await openRound();
    const at = new Date(nine.getTime() + 7 * HOUR);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : other.store).claimReminder(round.id, at)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.claimReminder(round.id, at)).toBe(false);
  });

  it('claims a nudge once per person and local day in a workspace, whichever round or replica asks', async () => {
    const first = await openRound(2, 'C1');
    const second = await openRound(2, 'C2');
    const ws = first.channel.workspaceId;
    const at = new Date(nine.getTime() + 7 * HOUR);
    const [a, b] = await Promise.all([
      store.claimNudges(ws, '2025-03-10', first.round.id, ['ann', 'bob', 'bob'], at),
      other.store.claimNudges(ws, '2025-03-10', second.round.id, ['bob', 'cat', 'ann'], at),
    ]);
    const all = [...a, ...b].sort();
    expect(all).toEqual(['ann', 'bob', 'cat']);
    expect(await store.claimNudges(ws, '2025-03-10', second.round.id, ['ann', 'bob', 'cat'], at)).toEqual([]);
    expect(await store.listNudged(ws, '2025-03-10')).toEqual(new Set(['ann', 'bob', 'cat']));
    // The next day is another day.
    expect(await store.claimNudges(ws, '2025-03-11', first.round.id, ['ann'], at)).toEqual(['ann']);
    expect(await store.listNudged(ws, '2025-03-12')).toEqual(new Set());
  });

  it('stores opt-outs per workspace, on and off again', async () => {
    const { channel } = await openRound();
    const at = new Date(nine);
    await store.setReminderOptOut(channel.workspaceId, 'ann', true, at);
    await store.setReminderOptOut(channel.workspaceId, 'ann', true, at);
    await store.setReminderOptOut(channel.workspaceId, 'bob', true, at);
    expect(await store.listReminderOptOuts(channel.workspaceId)).toEqual(new Set(['ann', 'bob']));
    await store.setReminderOptOut(channel.workspaceId, 'ann', false, at);
    expect(await store.listReminderOptOuts(channel.workspaceId)).toEqual(new Set(['bob']));
    const elsewhere = await store.ensureWorkspace('console', 'other', 'other');
    expect(await store.listReminderOptOuts(elsewhere.id)).toEqual(new Set());
  });

  it('two replicas ticking at the same instants post the reminder once', async () => {
    const { round } = await openRound(2);
    const printed: string[] = [];
    const replica = (s: Store) => {
      const chats = new Map<Platform, Chat>([['console', new ConsoleChat((t) => printed.push(t), '')]]);
      return new Quiz({ store: s, clock: { now: () => nine }, chats });
    };
    const [one, two] = [replica(store), replica(other.store)];
    for (const at of [7, 7.25, 7.5, 8]) {
      const now = new Date(nine.getTime() + at * HOUR);
      await Promise.all([one.tick(now), two.tick(now)]);
    }
    const reminders = printed.filter((p) => p.includes('아직 답변이 없습니다'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain(`thread of m-C1`);
    expect((await store.getRound(round.id))?.status).toBe('open');
  });
});
