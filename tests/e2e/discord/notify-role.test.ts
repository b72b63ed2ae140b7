import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld } from './discord-world.js';

/**
 * The role to notify: `/sa-admin notify-role role:@role` makes the question mention that role,
 * with allowed_mentions naming only it — the one ping the bot ever sends, and only when an admin
 * set it; without the option it is off again and the next question pings nobody.
 */

const GUILD = '830000000000000001';
const CHANNEL = '830000000000000010';
const ROLE = '830000000000000777';
const owner: FakeUser = { id: '730000000000000001', username: 'owner' };

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;

beforeEach(async () => {
  world = await DiscordWorld.start(tdb.current.store, {
    start: '2025-03-03T23:50:00Z',
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
  });
});

afterEach(async () => {
  await world.stop();
});

function questionBodies() {
  return world.posts(CHANNEL).map((c) => c.body ?? {});
}

describe('Discord: the role to notify', () => {
  it('mentions only the role an admin set, and nobody once it is off', async () => {
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    // Nobody is pinged by default.
    world.clock.set('2025-03-04T00:00:00Z');
    await world.quiz.tick();
    expect(questionBodies()[0]).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(questionBodies()[0]?.content).toBeUndefined();

    const set = await world.adminCommand(owner, CHANNEL, 'notify-role', [
      { type: 8, name: 'role', value: ROLE },
    ]);
    expect(world.answerText(set)).toContain(ROLE);
    expect((await world.channel(GUILD, CHANNEL)).notifyRole).toBe(ROLE);
    world.clock.set('2025-03-05T00:00:00Z');
    await world.quiz.tick();
    const withRole = questionBodies().at(-1);
    expect(withRole).toMatchObject({
      content: `<@&${ROLE}>`,
      allowed_mentions: { parse: [], roles: [ROLE] },
    });

    const off = await world.adminCommand(owner, CHANNEL, 'notify-role');
    expect(world.answerText(off)).toContain('아무도 멘션하지 않습니다');
    world.clock.set('2025-03-06T00:00:00Z');
    await world.quiz.tick();
    const last = questionBodies().at(-1);
    expect(last?.content).toBeUndefined();
    expect(last?.allowed_mentions).toEqual({ parse: [] });
  });
});
