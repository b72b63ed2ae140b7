import { afterEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../../src/adapters/discord/discord-commands.js';
import type { FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld } from './discord-world.js';

/**
 * Help on Discord names the bot's commands as command mentions (`</sa-admin subscribe:id>`), which
 * the client shows clickable and in the reader's language (`/sa-관리 구독`): the adapter reads
 * the registered commands' ids once connected. Without them (never registered globally) the
 * commands are shown as code.
 */

const GUILD = '831000000000000001';
const CHANNEL = '831000000000000010';
const owner: FakeUser = { id: '731000000000000001', username: 'owner' };

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld | undefined;

afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function start(register: boolean): Promise<DiscordWorld> {
  const w = await DiscordWorld.start(tdb.current.store, {
    start: '2025-03-03T23:50:00Z',
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
    connect: false,
  });
  world = w;
  if (register)
    expect(
      await registerCommands({
        token: 'fake-token',
        applicationId: w.fake.applicationId,
        apiUrl: w.fake.apiUrl,
      }),
    ).toBe(3);
  await w.adapter.start();
  await w.fake.waitForCall((c) => c.method === 'GET' && /^\/applications\/\d+\/commands$/.test(c.path));
  await w.settle();
  return w;
}

describe('Discord: help with command mentions', () => {
  it('mentions the registered commands by id', async () => {
    const w = await start(true);
    const help = w.answerText(await w.adminCommand(owner, CHANNEL, 'help'));
    expect(help).toMatch(/<\/sa-admin subscribe:\d+>/);
    expect(help).toMatch(/<\/sa-admin notify-role:\d+>/);
    expect(help).toMatch(/<\/sa-quiz:\d+>/);
    expect(help).toMatch(/<\/sa-leaderboard:\d+>/);
  });

  it('without registered commands, shows them as code', async () => {
    const w = await start(false);
    const help = w.answerText(await w.adminCommand(owner, CHANNEL, 'help'));
    expect(help).not.toContain('</');
    expect(help).toContain('`/sa-admin subscribe`');
    expect(help).toContain('`/sa-quiz`');
  });
});
