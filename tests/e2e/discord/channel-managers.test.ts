import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../fakes/discord-server.js';
import { PERMISSIONS } from '../../fakes/discord-store.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld } from './discord-world.js';

/**
 * Channel managers on Discord: the permissions Discord sends with an interaction are the member's
 * in that channel (overwrites included), so Manage Channels there makes them its manager. Once a
 * server admin runs `/sa-admin channel-managers mode:on`, they administer that channel — not the
 * server-wide actions — and a member without it is refused as before.
 */

const GUILD = '830000000000000001';
const CHANNEL = '830000000000000010';
const owner: FakeUser = { id: '730000000000000001', username: 'owner' };
const manager: FakeUser = { id: '730000000000000002', username: 'manager' };
const member: FakeUser = { id: '730000000000000003', username: 'member' };

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

const asManager = (name: string, options: readonly Record<string, unknown>[] = []) =>
  world.adminCommand(manager, CHANNEL, name, options, PERMISSIONS.manageChannels);

describe('Discord: channel managers', () => {
  it('administer their channel with Manage Channels once a server admin allows it', async () => {
    expect(world.answerText(await asManager('subscribe'))).toContain('관리자만 사용할 수 있는 명령입니다');
    expect((await tdb.current.store.findChannel('discord', GUILD, CHANNEL))?.subscribed ?? false).toBe(false);

    const on = await world.adminCommand(owner, CHANNEL, 'channel-managers', [
      { type: 3, name: 'mode', value: 'on' },
    ]);
    expect(world.answerText(on)).toContain('채널 관리 권한(Manage Channels)');

    expect(world.answerText(await asManager('subscribe'))).toContain('구독했습니다');
    expect((await world.channel(GUILD, CHANNEL)).subscribed).toBe(true);
    // Not the server-wide actions, and not this setting.
    expect(
      world.answerText(await asManager('export', [{ type: 3, name: 'format', value: 'data' }])),
    ).toContain('워크스페이스 관리자만 할 수 있습니다');
    expect(
      world.answerText(await asManager('channel-managers', [{ type: 3, name: 'mode', value: 'off' }])),
    ).toContain('워크스페이스 관리자만 할 수 있습니다');
    // Nor the role the bot pings: they could have it mention a role they may not mention.
    expect(
      world.answerText(
        await asManager('notify-role', [{ type: 8, name: 'role', value: '830000000000000777' }]),
      ),
    ).toContain('워크스페이스 관리자만 할 수 있습니다');
    expect((await world.channel(GUILD, CHANNEL)).notifyRole).toBeNull();
    // A member without Manage Channels is still refused, now told who may.
    const refused = await world.adminCommand(member, CHANNEL, 'pause', [], PERMISSIONS.member);
    expect(world.answerText(refused)).toContain('이 채널의 관리자만');
    expect((await world.channel(GUILD, CHANNEL)).paused).toBe(false);

    const off = await world.adminCommand(owner, CHANNEL, 'channel-managers', [
      { type: 3, name: 'mode', value: 'off' },
    ]);
    expect(world.answerText(off)).toContain('이제 워크스페이스 관리자만');
    expect(world.answerText(await asManager('pause'))).toContain('관리자만 사용할 수 있는 명령입니다');
    expect((await world.channel(GUILD, CHANNEL)).paused).toBe(false);
  });
});
