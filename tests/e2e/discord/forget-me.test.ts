import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isForgotten } from '../../../src/core/forgotten.js';
import { ephemeralReplyMessage } from '../../fakes/discord-payloads.js';
import type { FakeUser, RecordedCall } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * `/sa-quiz forget-me:True` on Discord through the real discord.js client: an ephemeral reply
 * with a red (Danger) "내 데이터 삭제" button and a grey "취소" (custom ids `sa:fc:` / `sa:fx:`);
 * pressing one updates that reply in place. alice is in two servers with one Discord user id:
 * deleting her data in the first leaves the second as it was. Afterwards the first server's
 * history shows "(삭제된 사용자)" and its leaderboard only bob.
 */

const GUILD = '831000000000000001';
const CHANNEL = '831000000000000010';
const OTHER_GUILD = '831000000000000002';
const OTHER_CHANNEL = '831000000000000020';
const owner: FakeUser = { id: '731000000000000001', username: 'owner' };
const alice: FakeUser = { id: '731000000000000002', username: 'alice' };
const bob: FakeUser = { id: '731000000000000003', username: 'bob' };

const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1200 = '2025-03-03T03:00:00Z';
const MON_1800 = '2025-03-03T09:00:00Z';

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;

beforeEach(async () => {
  world = await DiscordWorld.start(tdb.current.store, {
    start: MON_0850,
    guilds: [
      { id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] },
      { id: OTHER_GUILD, name: '다른 스터디', channels: [{ id: OTHER_CHANNEL, name: 'daily' }] },
    ],
  });
});

afterEach(async () => {
  await world.stop();
});

interface CallbackData {
  embeds: unknown[];
  components: { components: { custom_id: string; label: string; style: number }[] }[];
}

function callbackOf(interaction: { id: string }): RecordedCall {
  const [callback] = world.fake.callsTo('POST', new RegExp(`^/interactions/${interaction.id}/`));
  if (!callback) throw new Error(`no answer to ${interaction.id}: ${world.diagnosis()}`);
  return callback;
}

async function slash(user: FakeUser, channelId: string, name: string, options: Record<string, unknown>[]) {
  const interaction = world.fake.slashCommand({ user, channelId, name, options });
  await world.settle();
  return callbackOf(interaction);
}

/** Presses a button of an ephemeral reply (`data`) as `user`; returns the callback. */
async function press(user: FakeUser, channelId: string, data: CallbackData, customId: string) {
  const interaction = world.fake.buttonPress({
    user,
    channelId,
    customId,
    message: ephemeralReplyMessage(world.fake.id(), channelId, world.fake.userPayload(world.fake.botUser), {
      embeds: data.embeds,
      components: data.components,
    }),
  });
  await world.settle();
  return callbackOf(interaction);
}

async function countedIn(guild: string, channel: string) {
  const round = await world.quiz.latestPostedRound(await world.channel(guild, channel));
  return { round: round!, counted: await world.store.listCountedAnswers(round!.id) };
}

describe('Discord: /sa-quiz forget-me', () => {
  it('asks with a Danger button, deletes on it in this server only; history and leaderboard follow', async () => {
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    await world.adminCommand(owner, OTHER_CHANNEL, 'subscribe');
    world.clock.set(MON_0900);
    await world.quiz.tick();
    world.clock.set(MON_1200);
    for (const channel of [CHANNEL, OTHER_CHANNEL]) {
      const { round } = await countedIn(channel === CHANNEL ? GUILD : OTHER_GUILD, channel);
      world.fake.userMessage(round.messageRef!, alice, '보안 그룹은 상태 저장 방화벽입니다.');
      world.fake.userMessage(round.messageRef!, bob, 'NACL은 상태 비저장입니다.');
    }
    await world.settle();
    world.clock.set(MON_1800);
    await world.quiz.tick();
    await world.settle();

    // The confirmation: ephemeral (flags 64), Danger (4) and Secondary (2) buttons.
    const asked = await slash(alice, CHANNEL, 'sa-quiz', [{ type: 5, name: 'forget-me', value: true }]);
    expect(asked.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedText(asked)).toContain('내 데이터를 삭제할까요?');
    expect(embedText(asked)).toContain('답변 1개');
    const data = asked.body?.data as CallbackData;
    const shown = data.components.flatMap((r) => r.components);
    expect(shown.map((c) => [c.custom_id, c.label, c.style])).toEqual([
      [`sa:fc:${alice.id}`, '내 데이터 삭제', 4],
      [`sa:fx:${alice.id}`, '취소', 2],
    ]);

    // Cancel: the reply updated in place (7), nothing deleted.
    const cancelled = await press(alice, CHANNEL, data, `sa:fx:${alice.id}`);
    expect(cancelled.body).toMatchObject({ type: 7 });
    expect(embedText(cancelled)).toContain('아무것도 삭제하지 않았습니다');
    expect((await countedIn(GUILD, CHANNEL)).counted.map((a) => a.userId).sort()).toEqual(
      [alice.id, bob.id].sort(),
    );

    // The Danger button: deleted here, the reply updated with what was done.
    const done = await press(alice, CHANNEL, data, `sa:fc:${alice.id}`);
    expect(done.body).toMatchObject({ type: 7 });
    expect(embedText(done)).toContain('내 데이터를 삭제했습니다');
    const here = await countedIn(GUILD, CHANNEL);
    expect(here.counted).toHaveLength(2);
    expect(here.counted.map((a) => a.userId)).not.toContain(alice.id);
    expect(here.counted.filter((a) => isForgotten(a.userId)).map((a) => a.text)).toEqual(['']);
    // The other server, same Discord user id: untouched.
    const there = await countedIn(OTHER_GUILD, OTHER_CHANNEL);
    expect(there.counted.find((a) => a.userId === alice.id)?.text).toBe(
      '보안 그룹은 상태 저장 방화벽입니다.',
    );
    const otherChannel = await world.channel(OTHER_GUILD, OTHER_CHANNEL);
    expect(await world.store.streakOf(otherChannel.id, alice.id)).not.toBeNull();
    expect(await world.store.streakOf((await world.channel(GUILD, CHANNEL)).id, alice.id)).toBeNull();

    // Pressed again: already done.
    expect(embedText(await press(alice, CHANNEL, data, `sa:fc:${alice.id}`))).toContain(
      '이미 삭제되었습니다',
    );

    // History: the past round names her "(삭제된 사용자)"; the leaderboard lists bob only.
    const list = await slash(bob, CHANNEL, 'sa-quiz', [{ type: 4, name: 'history', value: 5 }]);
    const listData = list.body?.data as CallbackData;
    const [past] = listData.components
      .flatMap((r) => r.components)
      .filter((c) => c.custom_id.startsWith('sa:hs:'));
    const pastAnswer = embedText(await press(bob, CHANNEL, listData, past!.custom_id));
    expect(pastAnswer).toContain('(삭제된 사용자)');
    expect(pastAnswer).toContain(`<@${bob.id}>`);
    expect(pastAnswer).not.toContain(alice.id);
    const board = embedText(
      await slash(bob, CHANNEL, 'sa-leaderboard', [{ type: 3, name: 'period', value: 'all' }]),
    );
    expect(board).toContain(`<@${bob.id}>`);
    expect(board).not.toContain(alice.id);
    const otherBoard = embedText(
      await slash(bob, OTHER_CHANNEL, 'sa-leaderboard', [{ type: 3, name: 'period', value: 'all' }]),
    );
    expect(otherBoard).toContain(`<@${alice.id}>`);
    expect(world.unpingable()).toBe(true);
  });
});
