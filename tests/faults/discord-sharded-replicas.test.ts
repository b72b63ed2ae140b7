import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type RecordedCall, type ShardKey } from '../fakes/discord-server.js';
import { ClockFile } from './clock-file.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceDatabase } from './service-database.js';
import { ServiceProcess } from './service-process.js';
import { eventually } from './wait.js';

/**
 * Two `sa-quiz start` processes sharing one PostgreSQL database and one (fake) Discord with two
 * shards: replica A runs shard 0 (DISCORD_SHARD_COUNT=2 DISCORD_SHARD_IDS=0), replica B shard 1.
 * Each gets READY and GUILD_CREATE for its own guilds only; an interaction in a guild reaches the
 * replica that owns the guild's shard and is answered once; and an interaction delivered to both
 * (a guild briefly on two shards) is still answered once — one interaction callback, no 40060 —
 * because both claim it in the database before answering and the loser sends nothing.
 * PostgreSQL only: two processes cannot share a PGlite data directory.
 */

const COUNT = 2;

/** A snowflake-like guild id on `shard` (`(id >> 22) % COUNT === shard`). */
function guildIdOn(shard: number, seed: bigint): string {
  let id = seed;
  while ((id >> 22n) % BigInt(COUNT) !== BigInt(shard)) id += 1n << 22n;
  return id.toString();
}

const GUILDS = [
  { shard: 0, seed: 890_000_000_000_000_001n },
  { shard: 1, seed: 890_000_000_100_000_001n },
  { shard: 0, seed: 890_000_000_200_000_001n },
  { shard: 1, seed: 890_000_000_300_000_001n },
].map((g, i) => ({
  id: guildIdOn(g.shard, g.seed),
  shard: g.shard,
  name: `guild ${i}`,
  channels: [{ id: `89100000000000001${i}`, name: 'quiz' }],
}));
const MEMBER = { id: '790000000000000002', username: 'member' };

let db: ServiceDatabase;
let clock: ClockFile;
let fake: FakeDiscord;

interface LogLine {
  readonly msg?: string;
  readonly interactionId?: string;
  readonly shardId?: number;
  readonly shards?: number[];
  readonly guilds?: number;
}

/** The service's pino lines (JSON), parsed. */
function logLines(service: ServiceProcess): LogLine[] {
  return service
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

function callbacks(interaction: { id: string; token: string }): RecordedCall[] {
  return fake.callsTo('POST', new RegExp(`^/interactions/${interaction.id}/${interaction.token}/callback$`));
}

function deliveredOn(interaction: { id: string }): ShardKey[] {
  return fake.shardsSent(
    (d) => d.t === 'INTERACTION_CREATE' && (d.d as { id?: string }).id === interaction.id,
  );
}

/** Which replicas said they dropped this interaction because another delivery had claimed it. */
function losers(replicas: readonly ServiceProcess[], interaction: { id: string }): string[] {
  return replicas
    .filter((r) =>
      logLines(r).some((l) => l.interactionId === interaction.id && /already claimed/.test(l.msg ?? '')),
    )
    .map((r) => r.name);
}

describe.runIf(process.env.DATABASE_URL)('two replicas, two Discord shards, one database', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await ServiceDatabase.open();
    clock = ClockFile.create('2025-03-17T01:00:00Z');
  });

  afterEach(async () => {
    await ServiceProcess.killAll();
    await fake?.close();
    await db.reset();
  });

  afterAll(async () => {
    await db?.close();
    clock?.remove();
  });

  async function startReplicas(): Promise<[ServiceProcess, ServiceProcess]> {
    fake = await FakeDiscord.start(GUILDS, { shards: COUNT });
    const replica = (name: string, shard: number) =>
      ServiceProcess.start(name, {
        ...db.settings(),
        discordApiUrl: fake.apiUrl,
        clockFile: clock.path,
        logLevel: 'debug',
        extraEnv: { DISCORD_SHARD_COUNT: String(COUNT), DISCORD_SHARD_IDS: String(shard) },
      });
    const replicas = await Promise.all([replica('replica-a', 0), replica('replica-b', 1)]);
    for (const r of replicas)
      await eventually(async () => (await r.healthReport()).body.discord === 'ok', {
        what: `${r.name} to connect to Discord`,
        timeoutMs: 30_000,
        describe: async () => JSON.stringify(await r.healthReport()),
      });
    return replicas;
  }

  it('routes each guild to the replica running its shard, and answers its interactions exactly once', async () => {
    const [a, b] = await startReplicas();
    // Each replica identified with its own shard and got its own guilds only.
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, COUNT],
      [1, COUNT],
    ]);
    for (const [replica, shard] of [
      [a, 0],
      [b, 1],
    ] as const) {
      const mine = GUILDS.filter((g) => g.shard === shard).map((g) => g.id);
      expect(fake.guildsSentTo([shard, COUNT]).sort()).toEqual([...mine].sort());
      const connected = logLines(replica).find((l) => l.msg === 'discord connected');
      expect(connected).toMatchObject({ shards: [shard], guilds: mine.length });
      expect(
        logLines(replica)
          .filter((l) => l.msg === 'discord shard ready')
          .map((l) => l.shardId),
      ).toEqual([shard]);
    }

    const sent = GUILDS.flatMap((g) => {
      const channelId = g.channels[0]?.id ?? '';
      return [
        { g, i: fake.slashCommand({ user: MEMBER, channelId, name: 'sa-quiz' }) },
        { g, i: fake.slashCommand({ user: MEMBER, channelId, name: 'sa-leaderboard' }) },
      ];
    });
    for (const { g, i } of sent) {
      await eventually(() => callbacks(i).length > 0, {
        what: `the answer to ${i.id} in ${g.name}`,
        timeoutMs: 20_000,
      });
      // Only the connection of the guild's shard carried it, so only that replica could answer.
      expect(deliveredOn(i)).toEqual([[g.shard, COUNT]]);
      expect(callbacks(i)).toHaveLength(1);
      expect(callbacks(i)[0]).toMatchObject({ status: 204, body: { type: 4 } });
      expect(losers([a, b], i)).toEqual([]);
    }
    expect(fake.calls.filter((c) => /\/callback$/.test(c.path) && c.status !== 204)).toEqual([]);
  });

  it('an interaction delivered to both replicas is answered by one of them, once (no 40060)', async () => {
    const replicas = await startReplicas();
    const sent = GUILDS.flatMap((g) => {
      const channelId = g.channels[0]?.id ?? '';
      return [
        fake.everyShard(() => fake.slashCommand({ user: MEMBER, channelId, name: 'sa-quiz' })),
        fake.everyShard(() => fake.slashCommand({ user: MEMBER, channelId, name: 'sa-leaderboard' })),
      ];
    });
    for (const i of sent) {
      expect(deliveredOn(i).sort()).toEqual([
        [0, COUNT],
        [1, COUNT],
      ]);
      // Both replicas have handled it: one answered, the other logged that it lost the claim.
      await eventually(() => callbacks(i).length > 0 && losers(replicas, i).length > 0, {
        what: `one answer to ${i.id} and one replica standing down`,
        timeoutMs: 20_000,
        describe: () => `${callbacks(i).length} callbacks, losers ${JSON.stringify(losers(replicas, i))}`,
      });
      expect(callbacks(i)).toHaveLength(1);
      expect(callbacks(i)[0]).toMatchObject({ status: 204, body: { type: 4 } });
      expect(losers(replicas, i)).toHaveLength(1);
    }
    // Nothing was answered twice: Discord would have refused the second answer with 40060 (400).
    expect(fake.calls.filter((c) => /\/callback$/.test(c.path) && c.status !== 204)).toEqual([]);
    expect(fake.callsTo('POST', /\/callback$/)).toHaveLength(sent.length);
  });
});
