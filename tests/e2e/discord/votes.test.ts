import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * The best answer by vote on Discord: ⭐ reactions on answers in the round's thread, as
 * MESSAGE_REACTION_ADD / REMOVE from the fake gateway to the real discord.js client (the
 * GuildMessageReactions intent, partial messages); the reveal in the thread names the most-voted
 * answer and quotes it, with allowed_mentions empty. Own answers, bots, other emoji and votes
 * after the deadline do not count.
 */

const GUILD = '828000000000000001';
const CHANNEL = '828000000000000010';
const owner: FakeUser = { id: '728000000000000001', username: 'owner' };
const alice: FakeUser = { id: '728000000000000002', username: 'alice' };
const bob: FakeUser = { id: '728000000000000003', username: 'bob' };
const carol: FakeUser = { id: '728000000000000004', username: 'carol' };
const helperBot: FakeUser = { id: '728000000000000005', username: 'helper', bot: true };

const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1200 = '2025-03-03T03:00:00Z';
const MON_1800 = '2025-03-03T09:00:00Z';

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

describe('Discord: the best answer by vote', () => {
  it('the reveal quotes the most-voted answer; own, bot, other-emoji and late votes do not count', async () => {
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    world.clock.set(MON_0900);
    await world.quiz.tick();
    const round = await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL));
    const thread = round!.messageRef!;
    expect(world.posts(CHANNEL).map(embedText).join('\n')).toContain('⭐ 반응을 달면');

    world.clock.set(MON_1200);
    const fromAlice = world.fake.userMessage(thread, alice, 'ALB는 L7, NLB는 L4에서 동작합니다. @everyone');
    const fromBob = world.fake.userMessage(thread, bob, 'NLB는 고정 IP를 줍니다.');
    await world.settle();
    world.fake.react(fromAlice, bob, '⭐');
    world.fake.react(fromAlice, carol, '⭐');
    world.fake.react(fromAlice, alice, '⭐'); // her own
    world.fake.react(fromBob, helperBot, '⭐'); // a bot
    world.fake.react(fromBob, carol, '👍'); // not a vote
    world.fake.react(fromBob, alice, '⭐');
    world.fake.react(fromBob, alice, '⭐', false); // taken back
    await world.settle();

    world.clock.set(MON_1800);
    await world.quiz.tick();
    await world.settle();
    const reveal = world.posts(thread).map(embedText).join('\n');
    expect(reveal).toContain('⭐ 베스트 답변 (투표 2표)');
    expect(reveal).toMatch(/<@728000000000000002> — “ALB는 L7, NLB는 L4에서 동작합니다\. @.?everyone”/u);
    expect(reveal).not.toContain('NLB는 고정 IP를 줍니다.”');
    expect(world.unpingable()).toBe(true);
    // The channel is told, with a link to the thread (archived now, it leaves the thread list).
    const announced = world
      .posts(CHANNEL)
      .map(embedText)
      .filter((t) => t.includes(`<#${thread}>`));
    expect(announced).toHaveLength(1);
    expect(announced[0]).toContain('모범 답안이 공개되었습니다');

    // After the reveal a vote is not recorded.
    world.fake.react(fromBob, carol, '⭐');
    await world.settle();
    expect(await tdb.current.database.db.query.answerVotes.findMany()).toHaveLength(2);
  });
});
