import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * The deadline reminder on Discord: `/sa-admin reminder hours:2` turns it on; at reveal − 2 h one
 * message in the round's thread with the reveal time as `<t:…>`, and a DM nudge (Discord has no
 * ephemeral message without an interaction) to each person on a streak who has not answered; a
 * person who does not accept DMs (50007) is skipped once, never retried.
 */

const GUILD = '827000000000000001';
const CHANNEL = '827000000000000010';
const owner: FakeUser = { id: '727000000000000001', username: 'owner' };
const alice: FakeUser = { id: '727000000000000002', username: 'alice' };
const bob: FakeUser = { id: '727000000000000003', username: 'bob' };
const carol: FakeUser = { id: '727000000000000004', username: 'carol' };

/** Monday 2025-03-03 + `day` at `hour`:00 in Seoul (UTC+9), as ISO. */
const kst = (day: number, hour: number) => new Date(Date.UTC(2025, 2, 3 + day, hour - 9)).toISOString();

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;

beforeEach(async () => {
  world = await DiscordWorld.start(tdb.current.store, {
    start: kst(0, 8),
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
  });
  await world.adminCommand(owner, CHANNEL, 'subscribe');
});

afterEach(async () => {
  await world.stop();
});

async function thread(): Promise<string> {
  const round = await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL));
  if (!round?.messageRef) throw new Error('no round');
  return round.messageRef;
}

function reminders(threadId: string) {
  return world.posts(threadId).filter((c) => embedText(c).includes('모범 답안 공개'));
}

describe('Discord: the deadline reminder', () => {
  it('posts once in the thread at reveal − 2 h and DMs streak holders who have not answered', async () => {
    const set = await world.adminCommand(owner, CHANNEL, 'reminder', [
      { type: 3, name: 'hours', value: '2' },
    ]);
    expect(world.answerText(set)).toContain('마감 2시간 전에 스레드에 리마인더를 올립니다');

    // Monday: all three answer (streaks of 1 at the reveal).
    world.clock.set(kst(0, 9));
    await world.quiz.tick();
    const monday = await thread();
    for (const who of [alice, bob, carol])
      world.fake.userMessage(monday, who, '보안 그룹은 상태 저장 방화벽입니다');
    await world.settle();
    await world.tickUntil(kst(0, 18), 15 * 60_000);
    await world.settle();
    const [first] = reminders(monday);
    expect(reminders(monday)).toHaveLength(1);
    expect(embedText(first!)).toContain('⏰ 답변 3개');
    expect(embedText(first!)).toContain(`<t:${Date.parse(kst(0, 18)) / 1000}:`);

    // Tuesday: Bob answers; Carol does not accept DMs; Alice gets the one nudge.
    world.fake.faults.closeDms(carol.id);
    world.clock.set(kst(1, 9));
    await world.quiz.tick();
    const tuesday = await thread();
    world.fake.userMessage(tuesday, bob, '오늘도 답합니다');
    await world.settle();
    await world.tickUntil(kst(1, 23), 15 * 60_000);
    await world.settle();
    expect(reminders(tuesday)).toHaveLength(1);
    expect(embedText(reminders(tuesday)[0]!)).toContain('⏰ 답변 1개');
    const toAlice = world.dms(alice.id);
    expect(toAlice).toHaveLength(1);
    expect(embedText(toAlice[0]!)).toContain('🔥 1회 연속 기록 중입니다');
    expect(embedText(toAlice[0]!)).toContain(`<#${CHANNEL}>`);
    expect(world.dms(bob.id)).toHaveLength(0);
    // Carol's DM was refused once (50007), and never tried again.
    expect(world.dms(carol.id).map((c) => c.status)).toEqual([403]);
    expect(world.unpingable()).toBe(true);
  });
});
