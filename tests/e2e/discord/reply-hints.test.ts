import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSION_BITS } from '../../fakes/discord-faults.js';
import { type FakeUser, PERMISSIONS, withoutPermission } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * Thread replies that do not count are told so: ⏰ on a late reply says it to everyone who looks;
 * a second reply by someone who already answered gets no reaction but one DM per round to its
 * author (Discord has no ephemeral messages outside interactions), and nothing to someone who
 * does not accept DMs.
 */

const GUILD = '825000000000000001';
const CHANNEL = '825000000000000010';
const owner: FakeUser = { id: '725000000000000001', username: 'owner' };
const alice: FakeUser = { id: '725000000000000002', username: 'alice' };
const bob: FakeUser = { id: '725000000000000003', username: 'bob' };
const carol: FakeUser = { id: '725000000000000004', username: 'carol' };

const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1200 = '2025-03-03T03:00:00Z';
const MON_1800 = '2025-03-03T09:00:00Z';
const MON_1900 = '2025-03-03T10:00:00Z';
const TUE_0900 = '2025-03-04T00:00:00Z';
const TUE_1200 = '2025-03-04T03:00:00Z';

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;

beforeEach(async () => {
  world = await DiscordWorld.start(tdb.current.store, {
    start: MON_0850,
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
  });
});

afterEach(async () => {
  await world.stop();
});

function reactionsOn(messageId: string): string[] {
  return world.fake
    .callsTo('PUT', new RegExp(`^/channels/\\d+/messages/${messageId}/reactions/`))
    .map((c) => c.path.split('/')[6] ?? '');
}

async function todaysThread(): Promise<string> {
  const round = await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL));
  return round!.messageRef!;
}

describe('Discord: replies that do not count', () => {
  it('a second reply: no reaction, one DM per round to its author; late replies get ⏰ and no DM', async () => {
    world.fake.faults.closeDms(bob.id);
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    world.clock.set(MON_0900);
    await world.quiz.tick();
    const thread = await todaysThread();

    world.clock.set(MON_1200);
    const first = world.fake.userMessage(thread, alice, '첫 답변');
    const second = world.fake.userMessage(thread, alice, '덧붙이는 말');
    const third = world.fake.userMessage(thread, alice, '하나 더');
    world.fake.userMessage(thread, bob, 'bob의 답');
    world.fake.userMessage(thread, bob, 'bob의 두 번째');
    world.fake.userMessage(thread, bob, 'bob의 세 번째');
    await world.settle();

    expect(reactionsOn(first)).toEqual(['✅']);
    expect(reactionsOn(second)).toEqual([]);
    expect(reactionsOn(third)).toEqual([]);
    const [hint, ...more] = world.dms(alice.id);
    expect(more).toEqual([]);
    expect(embedText(hint!)).toContain('이미 답변하셨습니다. 첫 답변만 집계됩니다 (수정은 가능합니다).');
    expect(embedText(hint!)).toContain(`<#${thread}>`);
    expect(hint?.body?.allowed_mentions).toEqual({ parse: [] });
    // bob does not accept DMs: one try (50007), no retry, nothing logged as a failure.
    expect(world.dms(bob.id).map((c) => c.status)).toEqual([403]);
    expect(world.log.lines.filter((l) => l.level !== 'info' && l.message.includes('DM'))).toEqual([]);
    // Nothing about it in the thread.
    expect(world.posts(thread)).toHaveLength(0);

    // After the reveal a reply is late: ⏰ says it, no DM.
    world.clock.set(MON_1800);
    await world.quiz.tick();
    world.clock.set(MON_1900);
    const late = world.fake.userMessage(thread, carol, '늦은 답');
    world.fake.userMessage(thread, alice, '마감 후에 또');
    await world.settle();
    expect(reactionsOn(late)).toEqual(['⏰']);
    expect(world.dms(carol.id)).toEqual([]);
    expect(world.dms(alice.id)).toHaveLength(1);

    // A new round: a new hint, once.
    world.clock.set(TUE_0900);
    await world.quiz.tick();
    const tuesday = await todaysThread();
    expect(tuesday).not.toBe(thread);
    world.clock.set(TUE_1200);
    world.fake.userMessage(tuesday, alice, '화요일 답');
    world.fake.userMessage(tuesday, alice, '화요일 덧붙임');
    world.fake.userMessage(tuesday, alice, '화요일 또');
    await world.settle();
    expect(world.dms(alice.id)).toHaveLength(2);
    expect(embedText(world.dms(alice.id)[1]!)).toContain(`<#${tuesday}>`);
  });

  it('without Add Reactions the answers still count, no reaction is attempted, and the log says it once', async () => {
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    world.fake.setBotPermissions(CHANNEL, withoutPermission(PERMISSIONS.bot, PERMISSION_BITS.AddReactions));
    world.clock.set(MON_0900);
    await world.quiz.tick();
    const thread = await todaysThread();
    world.clock.set(MON_1200);
    const replies = [alice, bob, carol].map((u) => world.fake.userMessage(thread, u, `${u.username}의 답`));
    await world.settle();

    const round = (await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL)))!;
    for (const reply of replies)
      expect((await tdb.current.store.findAnswer(round.id, reply))?.status).toBe('counted');
    expect(world.fake.callsTo('PUT', /\/reactions\//)).toEqual([]);
    const said = world.log.lines.filter((l) => l.message.includes('Add Reactions'));
    expect(said.map((l) => l.level)).toEqual(['warn']);
    expect(world.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
