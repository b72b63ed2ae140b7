import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordAdapterOptions } from '../../../src/adapters/discord/discord-adapter.js';
import { decodeAction, encodeAction } from '../../../src/adapters/discord/discord-embeds.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import { loadConfig } from '../../../src/config.js';
import { Admin } from '../../../src/core/admin.js';
import { messages } from '../../../src/core/i18n/catalog.js';
import type { Chat, Store } from '../../../src/core/ports.js';
import { Quiz } from '../../../src/core/quiz.js';
import type { Platform } from '../../../src/core/types.js';
import { ephemeralReplyMessage } from '../../fakes/discord-payloads.js';
import { FakeDiscord, type FakeUser, type RecordedCall, type ShardKey } from '../../fakes/discord-server.js';
import { FixedClock } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';
import { recordingLogger } from '../../helpers/logger.js';
import { embedText } from './discord-world.js';

/**
 * Discord sharding in one process (DISCORD_SHARD_COUNT=2 DISCORD_SHARD_IDS=0-1, or auto), real
 * discord.js against the fake gateway that routes guilds like Discord: each shard's connection
 * gets only its guilds, every guild's commands are answered once, and an interaction delivered on
 * both connections (a guild briefly on two shards) is still answered once: one callback, no 40060.
 * Every command, button and modal is claimed in the database before anything is sent; a claim the
 * database refuses is answered with the failure message, once.
 */

/** A snowflake-like guild id on `shard` of `count` (`(id >> 22) % count === shard`). */
function guildIdOn(shard: number, count: number, seed: bigint): string {
  let id = seed;
  while ((id >> 22n) % BigInt(count) !== BigInt(shard)) id += 1n << 22n;
  return id.toString();
}

const GUILDS = [
  { shard: 0, seed: 880_000_000_000_000_001n },
  { shard: 1, seed: 880_000_000_100_000_001n },
  { shard: 0, seed: 880_000_000_200_000_001n },
  { shard: 1, seed: 880_000_000_300_000_001n },
].map((g, i) => {
  const id = guildIdOn(g.shard, 2, g.seed);
  return {
    id,
    shard: g.shard,
    name: `guild ${i}`,
    channels: [{ id: `88100000000000001${i}`, name: 'quiz' }],
  };
});

const member: FakeUser = { id: '780000000000000002', username: 'member' };

const tdb = useTestDatabase({ bundledBank: true });
let fake: FakeDiscord;
let adapter: DiscordAdapter;
let log: ReturnType<typeof recordingLogger>;
let debug: string[];

afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
});

/** The shards from the environment, as `sa-quiz start` reads them. */
function shardsFrom(env: Record<string, string>) {
  const discord = loadConfig({ DISCORD_TOKEN: 'fake-token', DATA_DIR: 'memory://', ...env }).discord;
  if (!discord) throw new Error('no discord config');
  return discord.shards;
}

async function start(options: {
  recommended: number;
  adapter?: Partial<DiscordAdapterOptions>;
  store?: Store;
}): Promise<void> {
  fake = await FakeDiscord.start(GUILDS, { shards: options.recommended });
  const clock = new FixedClock('2025-03-03T01:00:00Z');
  const store = options.store ?? tdb.current.store;
  const chats = new Map<Platform, Chat>();
  log = recordingLogger();
  debug = [];
  const logger = { ...log, debug: (_fields: unknown, message: string) => void debug.push(message) };
  const quiz = new Quiz({ store, clock, chats, random: () => 0, logger });
  const admin = new Admin({ quiz, store, clock, configuredAdmins: [] });
  adapter = createDiscordAdapter({
    quiz,
    admin,
    token: 'fake-token',
    apiUrl: fake.apiUrl,
    deferAfterMs: 60_000,
    logger,
    beforeLogin: (client) => fake.watch(client),
    ...options.adapter,
  });
  chats.set('discord', adapter.chat);
  await adapter.start();
}

async function settle(): Promise<void> {
  await fake.sync();
  await fake.caughtUp(adapter.client);
  await adapter.idle();
}

function callbacks(interaction: { id: string; token: string }): RecordedCall[] {
  return fake.callsTo('POST', new RegExp(`^/interactions/${interaction.id}/${interaction.token}/callback$`));
}

/** The shards whose connections the gateway sent this interaction on. */
function deliveredOn(interaction: { id: string }): ShardKey[] {
  return fake.shardsSent(
    (d) => d.t === 'INTERACTION_CREATE' && (d.d as { id?: string }).id === interaction.id,
  );
}

/** Interaction answers the fake refused: a second answer to one interaction is 400, code 40060. */
function alreadyAcknowledged(): RecordedCall[] {
  return fake.calls.filter((c) => /\/callback$/.test(c.path) && c.status === 400);
}

/** The one answer of an interaction, with the message a button press on it carries. */
function onlyAnswer(interaction: { id: string; token: string }, channelId: string) {
  const all = callbacks(interaction);
  expect(all).toHaveLength(1);
  const call = all[0] as RecordedCall;
  expect(call.status).toBe(204);
  const data = (call.body?.data ?? {}) as { embeds?: unknown[]; components?: unknown[] };
  const buttons = ((data.components ?? []) as { components: { custom_id: string }[] }[]).flatMap(
    (row) => row.components,
  );
  const message = ephemeralReplyMessage(fake.id(), channelId, fake.userPayload(fake.botUser), {
    embeds: data.embeds ?? [],
    components: data.components ?? [],
  });
  return { call, buttons, message };
}

function button(buttons: { custom_id: string }[], actionId: string): string {
  const found = buttons.find((b) => decodeAction(b.custom_id)?.id === actionId);
  if (!found) throw new Error(`no ${actionId} button among ${buttons.map((b) => b.custom_id).join(', ')}`);
  return found.custom_id;
}

describe('two shards in one process (DISCORD_SHARD_COUNT=2 DISCORD_SHARD_IDS=0-1)', () => {
  it('connects both shards; each connection gets READY and GUILD_CREATE for its own guilds only', async () => {
    await start({
      recommended: 2,
      adapter: { shards: shardsFrom({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0-1' }) },
    });
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const shard of [0, 1]) {
      const mine = GUILDS.filter((g) => g.shard === shard).map((g) => g.id);
      expect(fake.guildsSentTo([shard, 2]).sort()).toEqual(mine.sort());
      const ready = fake.sent.find((d) => d.t === 'READY' && d.shard[0] === shard)?.d as
        | { shard: unknown; guilds: { id: string }[] }
        | undefined;
      expect(ready?.shard).toEqual([shard, 2]);
      expect(ready?.guilds.map((g) => g.id).sort()).toEqual(mine.sort());
    }
    // One client, all four guilds; each shard said it was ready.
    expect(adapter.client.guilds.cache.size).toBe(4);
    expect(
      log.lines
        .filter((l) => l.message === 'discord shard ready')
        .map((l) => l.fields.shardId)
        .sort(),
    ).toEqual([0, 1]);
  });

  it('answers every guild’s /sa-quiz and /sa-leaderboard exactly once, through the shard that owns the guild', async () => {
    await start({
      recommended: 2,
      adapter: { shards: shardsFrom({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0-1' }) },
    });
    const sent = GUILDS.flatMap((g) => {
      const channelId = g.channels[0]?.id ?? '';
      return [
        { g, i: fake.slashCommand({ user: member, channelId, name: 'sa-quiz' }) },
        { g, i: fake.slashCommand({ user: member, channelId, name: 'sa-leaderboard' }) },
      ];
    });
    await settle();
    for (const { g, i } of sent) {
      expect(deliveredOn(i)).toEqual([[g.shard, 2]]);
      expect(callbacks(i)).toHaveLength(1);
      expect(callbacks(i)[0]).toMatchObject({ status: 204, body: { type: 4 } });
    }
    expect(alreadyAcknowledged()).toEqual([]);
    expect(debug).toEqual([]);
  });

  it('an interaction delivered on both shards (a guild briefly on two) is answered once: commands, buttons, modals', async () => {
    await start({
      recommended: 2,
      adapter: { shards: shardsFrom({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0-1' }) },
    });
    const guild = GUILDS[1];
    const channelId = guild?.channels[0]?.id ?? '';
    const command = fake.everyShard(() => fake.slashCommand({ user: member, channelId, name: 'sa-quiz' }));
    await settle();
    expect(deliveredOn(command).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const card = onlyAnswer(command, channelId);
    expect(embedText(card.call)).toContain('연습 문제');

    // "Show answer" pressed once, delivered twice: one update (type 7).
    const show = fake.everyShard(() =>
      fake.buttonPress({
        user: member,
        channelId,
        customId: button(card.buttons, 'practice.show'),
        message: card.message,
      }),
    );
    await settle();
    expect(deliveredOn(show)).toHaveLength(2);
    expect(onlyAnswer(show, channelId).call.body).toMatchObject({ type: 7 });

    // "Write an answer" only opens a modal, which is not claimed (it must open within 3 s even when
    // the database is slow, and writes nothing): both shards open it, Discord shows one form and
    // refuses the second (40060), which is not an error. Its submission, delivered twice, is graded once.
    const write = fake.everyShard(() =>
      fake.buttonPress({
        user: member,
        channelId,
        customId: button(card.buttons, 'practice.write'),
        message: card.message,
      }),
    );
    await settle();
    expect(callbacks(write).map((c) => c.status)).toEqual([204, 400]);
    const modal = callbacks(write)[0]?.body as { type: number; data: { custom_id: string } };
    expect(modal.type).toBe(9);
    expect(debug.filter((m) => m === 'modal already opened by another delivery')).toHaveLength(1);
    const submit = fake.everyShard(() =>
      fake.modalSubmit({
        user: member,
        channelId,
        customId: modal.data.custom_id,
        fields: { answer: 'CloudTrail records API calls for auditing' },
        message: card.message,
      }),
    );
    await settle();
    expect(deliveredOn(submit)).toHaveLength(2);
    expect(onlyAnswer(submit, channelId).call.body).toMatchObject({ type: 7 });

    // Nothing claimed was answered twice: the only refused answer is the second modal opening.
    expect(alreadyAcknowledged()).toEqual([callbacks(write)[1]]);
    // The second delivery of each claimed one was dropped before any answer, said at debug level.
    expect(debug.filter((m) => /already claimed/.test(m))).toHaveLength(3);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('DISCORD_SHARD_COUNT=auto runs as many shards as GET /gateway/bot recommends', async () => {
    await start({ recommended: 2, adapter: { shards: shardsFrom({ DISCORD_SHARD_COUNT: 'auto' }) } });
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(adapter.client.options.shardCount).toBe(2);
    expect(adapter.client.guilds.cache.size).toBe(4);
  });

  it('without shard settings: one shard, [0, 1], with every guild, whatever Discord recommends', async () => {
    await start({ recommended: 2, adapter: { shards: shardsFrom({}) } });
    expect(fake.identifies.map((i) => i.shard)).toEqual([[0, 1]]);
    expect(fake.guildsSentTo([0, 1]).sort()).toEqual(GUILDS.map((g) => g.id).sort());
    const i = fake.slashCommand({
      user: member,
      channelId: GUILDS[1]?.channels[0]?.id ?? '',
      name: 'sa-quiz',
    });
    await settle();
    expect(callbacks(i)).toHaveLength(1);
  });
});

describe('the claim before any answer', () => {
  it('a database that refuses the claim: the failure message, once, and nothing else is done', async () => {
    const failing = new Proxy(tdb.current.store, {
      get(target, key, receiver) {
        if (key === 'markEventProcessed') return async () => Promise.reject(new Error('connection refused'));
        return Reflect.get(target, key, receiver);
      },
    });
    await start({ recommended: 1, store: failing });
    const channelId = GUILDS[0]?.channels[0]?.id ?? '';
    const command = fake.slashCommand({ user: member, channelId, name: 'sa-quiz' });
    await settle();
    const answer = onlyAnswer(command, channelId);
    expect(answer.call.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedText(answer.call)).toContain(messages('en').internalError);
    expect(embedText(answer.call)).not.toContain('연습 문제');
    // A button that only opens a modal needs no database: the form opens; its submission cannot be
    // claimed and gets the failure message.
    const press = fake.buttonPress({
      user: member,
      channelId,
      customId: encodeAction('answer.private', '1'),
      message: answer.message,
    });
    await settle();
    const form = onlyAnswer(press, channelId).call.body as { type: number; data: { custom_id: string } };
    expect(form.type).toBe(9);
    const submit = fake.modalSubmit({
      user: member,
      channelId,
      customId: form.data.custom_id,
      fields: { answer: 'my sealed answer' },
    });
    await settle();
    expect(onlyAnswer(submit, channelId).call.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedText(onlyAnswer(submit, channelId).call)).toContain(messages('en').internalError);
    expect(fake.calls.filter((c) => /^\/webhooks\//.test(c.path))).toEqual([]);
    expect(log.lines.filter((l) => /could not claim an interaction/.test(l.message))).toHaveLength(2);
  });
});
