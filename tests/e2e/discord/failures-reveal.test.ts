import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { longAnswerQuestion } from '../../helpers/questions.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * A reveal part that Discord stored but answered 500: discord.js retries a 5xx by itself, and the
 * nonce Discord enforces gives the retry the stored message instead of a second one; when every
 * retry fails the core tries the reveal again a minute later, and the footer that numbers each
 * part (`#round · i/n`) tells the adapter the part is already in the thread, so nothing is sent twice.
 */

const GUILD = '821000000000000001';
const CHANNEL = '821000000000000010';
const owner: FakeUser = { id: '721000000000000001', username: 'owner' };
const alice: FakeUser = { id: '721000000000000002', username: 'alice' };

// Monday 3 March 2025 in Seoul (UTC+9).
const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1800 = '2025-03-03T09:00:00Z';
const TUE_2100 = '2025-03-04T12:00:00Z';

const tdb = useTestDatabase();
let world: DiscordWorld;

/** A question whose reveal takes several messages. */
async function longQuestion(): Promise<void> {
  await tdb.current.store.saveQuestions(null, [longAnswerQuestion()], 'test');
}

/** The round's thread after the day's question went out and alice answered. */
async function openThread(): Promise<{ thread: string; roundId: number }> {
  await longQuestion();
  await world.adminCommand(owner, CHANNEL, 'subscribe');
  world.clock.set(MON_0900);
  await world.quiz.tick();
  const round = (await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL)))!;
  world.fake.userMessage(round.messageRef!, alice, '답변');
  await world.settle();
  return { thread: round.messageRef!, roundId: round.id };
}

/** The footers of the reveal messages Discord holds in the thread, in order. */
function partsIn(thread: string): string[] {
  return world.fake
    .messagesIn(thread)
    .filter((m) => (m.author as { bot?: boolean }).bot)
    .flatMap((m) => (m.embeds as { footer?: { text: string } }[]).map((e) => e.footer?.text ?? ''))
    .filter((footer) => footer.startsWith('#'));
}

function expectEachPartOnce(thread: string, roundId: number): void {
  const parts = partsIn(thread);
  const count = parts.length;
  expect(count).toBeGreaterThan(2);
  expect(parts).toEqual(Array.from({ length: count }, (_, i) => `#${roundId} · ${i + 1}/${count}`));
}

beforeEach(async () => {
  world = await DiscordWorld.start(tdb.current.store, {
    start: MON_0850,
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
  });
});

afterEach(async () => {
  await world.stop();
});

describe('Discord: a reveal part answered 500 after Discord stored it', () => {
  it("is not duplicated by discord.js's own retry: the enforced nonce returns the stored message", async () => {
    const { thread, roundId } = await openThread();
    world.fake.faults.failAfterStore(thread, 1, 1);
    world.clock.set(MON_1800);
    expect(await world.quiz.tick()).toMatchObject({ revealed: 1, failed: 0 });

    expectEachPartOnce(thread, roundId);
    const posts = world.posts(thread);
    // Part 2 was sent twice (the 500, then the retry that got the stored message back), every other part once.
    expect(posts).toHaveLength(partsIn(thread).length + 1);
    expect(posts[1]?.body?.nonce).toBe(posts[2]?.body?.nonce);
    expect(posts.map((c) => c.status).filter((s) => s === 500)).toHaveLength(1);

    await world.tickUntil(TUE_2100);
    expect(world.posts(thread)).toHaveLength(posts.length);
  });

  it('is found by its footer when the core retries minutes later, and only the parts after it are sent', async () => {
    const { thread, roundId } = await openThread();
    // Part 2 is stored and then every attempt of discord.js (1 + 3 retries) is answered 500.
    world.fake.faults.failAfterStore(thread, 4, 1);
    world.clock.set(MON_1800);
    expect(await world.quiz.tick()).toMatchObject({ failed: 1 });
    expect(partsIn(thread)).toHaveLength(2);
    const round = await tdb.current.store.getRound(roundId);
    expect(round).toMatchObject({ revealPartsSent: 1, revealAttempts: 1, revealPostedAt: null });

    // By the retry Discord has forgotten the nonces: only the footer can tell part 2 is there.
    world.fake.expireNonces();
    const before = world.posts(thread).length;
    await world.tickUntil(TUE_2100);

    expectEachPartOnce(thread, roundId);
    const total = partsIn(thread).length;
    // The retry sent parts 3..n, each once; part 2 was looked up in the thread's history instead.
    expect(world.posts(thread).length - before).toBe(total - 2);
    expect(world.fake.callsTo('GET', new RegExp(`^/channels/${thread}/messages$`))).toHaveLength(1);
    expect((await tdb.current.store.getRound(roundId))?.revealPostedAt).not.toBeNull();
    const closed = world.fake.callsTo('PATCH', new RegExp(`^/channels/${CHANNEL}/messages/${thread}$`));
    expect(closed).toHaveLength(1);
    expect(embedText(closed[0]!)).toContain('마감되었습니다');
  });
});
