import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ephemeralReplyMessage } from '../../fakes/discord-payloads.js';
import type { FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * `/sa-quiz history:N` on Discord: an ephemeral list of the channel's last revealed rounds with a
 * button each (custom ids `sa:hs:<round>`); pressing one answers with that round's reference
 * answer in a new ephemeral reply, the list left as it was.
 */

const GUILD = '829000000000000001';
const CHANNEL = '829000000000000010';
const owner: FakeUser = { id: '729000000000000001', username: 'owner' };
const alice: FakeUser = { id: '729000000000000002', username: 'alice' };

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;

beforeEach(async () => {
  world = await DiscordWorld.start(tdb.current.store, {
    start: '2025-03-02T23:50:00Z',
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
  });
});

afterEach(async () => {
  await world.stop();
});

describe('Discord: /sa-quiz history', () => {
  it('lists past rounds with buttons; a button shows that reference answer in a new private reply', async () => {
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    // Tuesday and Wednesday, 2025-03-04 and 05.
    for (const day of ['04', '05']) {
      world.clock.set(`2025-03-${day}T00:00:00Z`);
      await world.quiz.tick();
      world.clock.set(`2025-03-${day}T09:00:00Z`);
      await world.quiz.tick();
    }
    await world.settle();
    const list = world.fake.slashCommand({
      user: alice,
      channelId: CHANNEL,
      name: 'sa-quiz',
      options: [{ type: 4, name: 'history', value: 5 }],
    });
    await world.settle();
    const [callback] = world.fake.callsTo('POST', new RegExp(`^/interactions/${list.id}/`));
    expect(callback?.body?.data).toMatchObject({ flags: 64 });
    const text = world.answerText(list);
    expect(text).toContain('지난 질문');
    expect([...text.matchAll(/2025-03-0\d/g)].map((m) => m[0])).toEqual(['2025-03-05', '2025-03-04']);
    const data = callback?.body?.data as {
      components: { components: { custom_id: string; label: string }[] }[];
      embeds: unknown[];
    };
    const shown = data.components
      .flatMap((r) => r.components)
      .filter((c) => c.custom_id.startsWith('sa:hs:'));
    expect(shown.map((c) => c.label)).toEqual(['03-05 답안 보기', '03-04 답안 보기']);

    const press = world.fake.buttonPress({
      user: alice,
      channelId: CHANNEL,
      customId: shown[1]!.custom_id,
      message: ephemeralReplyMessage(world.fake.id(), CHANNEL, world.fake.userPayload(world.fake.botUser), {
        embeds: data.embeds,
        components: data.components,
      }),
    });
    await world.settle();
    const [reply] = world.fake.callsTo('POST', new RegExp(`^/interactions/${press.id}/`));
    // A new ephemeral reply (4 + flags 64), not an update (7) of the list.
    expect(reply?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const answer = embedText(reply!);
    expect(answer).toContain('모범 답안');
    expect(answer).toContain('2025-03-04');
  });
});
