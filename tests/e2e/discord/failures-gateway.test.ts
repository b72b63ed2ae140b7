import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformStartError } from '../../../src/adapters/platform.js';
import { MESSAGE_CONTENT_INTENT } from '../../fakes/discord-faults.js';
import type { FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld } from './discord-world.js';

/**
 * Discord refusing the connection: the developer portal's Message Content switch is off (gateway
 * close 4014 on IDENTIFY), or the token is wrong (REST 401). The first degrades the bot (replies
 * still count as taking part) and says once what to enable; the second fails start() at once,
 * for good, instead of hanging or retrying.
 */

const GUILD = '822000000000000001';
const CHANNEL = '822000000000000010';
const owner: FakeUser = { id: '722000000000000001', username: 'owner' };
const alice: FakeUser = { id: '722000000000000002', username: 'alice' };

const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1200 = '2025-03-03T03:00:00Z';
const GUILDS = [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }];

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld | undefined;

afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('Discord: the gateway refuses', () => {
  it('Message Content not enabled (4014): reconnects without it, says once what to enable, and replies still count', async () => {
    world = await DiscordWorld.start(tdb.current.store, {
      start: MON_0850,
      guilds: GUILDS,
      prepare: (fake) => {
        fake.faults.messageContentAllowed = false;
      },
      connect: false,
    });
    await world.adapter.start();

    const [first, second, ...more] = world.fake.identifies.map((d) => Number(d.intents));
    expect(more).toEqual([]);
    expect(first! & MESSAGE_CONTENT_INTENT).toBe(MESSAGE_CONTENT_INTENT);
    expect(second).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.GuildMessageReactions,
    );
    expect(world.adapter.state()).toBe('no_message_content');
    const errors = world.log.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.fields).toMatchObject({ code: 4014 });
    for (const words of [
      'https://discord.com/developers/applications',
      'Privileged Gateway Intents',
      'Message Content Intent',
      '/sa-admin private on',
    ])
      expect(errors[0]?.message).toContain(words);

    // The day still runs: a thread reply arrives without its text and counts as taking part.
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    world.clock.set(MON_0900);
    expect(await world.quiz.tick()).toMatchObject({ posted: 1 });
    const round = (await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL)))!;
    world.clock.set(MON_1200);
    const reply = world.fake.userMessage(round.messageRef!, alice, 'KMS는 키를 관리합니다');
    await world.settle();
    expect(await tdb.current.store.findAnswer(round.id, reply)).toMatchObject({
      userId: alice.id,
      status: 'counted',
      text: '',
    });
    expect(world.fake.callsTo('PUT', new RegExp(`/messages/${reply}/reactions/`))).toHaveLength(1);
  });

  it('a wrong token: start() fails at once with invalid_token, for good, after one request', async () => {
    world = await DiscordWorld.start(tdb.current.store, {
      start: MON_0850,
      guilds: GUILDS,
      prepare: (fake) => {
        fake.faults.expectedToken = 'the-real-token';
      },
      // Were it waiting for a READY that never comes, the test's own timeout would end it first.
      adapter: { readyTimeoutMs: 600_000 },
      connect: false,
    });
    const failure = await world.adapter.start().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PlatformStartError);
    expect(failure).toMatchObject({ state: 'invalid_token', permanent: true });
    expect(String((failure as Error).message)).toContain('DISCORD_TOKEN');
    expect(world.adapter.state()).toBe('invalid_token');
    expect(world.fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /gateway/bot 401',
    ]);
    expect(world.fake.identifies).toHaveLength(0);
  }, 15_000);
});
