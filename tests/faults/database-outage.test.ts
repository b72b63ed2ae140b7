import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack-api.js';
import { ClockFile } from './clock-file.js';
import { describeRounds, FaultDatabase } from './fault-database.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceProcess } from './service-process.js';
import { deliverReply, type ThreadReply } from './slack-checks.js';
import { TcpProxy } from './tcp-proxy.js';
import { eventually, settle } from './wait.js';

/**
 * The service's database connections are cut for a few seconds (a TCP proxy between the service
 * and PostgreSQL resets every connection and refuses new ones) while answers arrive from Slack.
 * The service must not acknowledge what it could not store, so Slack redelivers it; once the
 * network is back the redeliveries are stored, each answer exactly once, /healthz goes from 503
 * back to 200, and the same process carries on (the day's reveal counts the answers).
 */

/** Monday 2025-03-17 in Asia/Seoul. */
const NINE = '2025-03-17T00:00:00Z';
const TEN = '2025-03-17T01:00:00Z';
const SIX_PM = '2025-03-17T09:00:00Z';
const CHANNEL = 'C0OUTAGE';
/** How long the database stays unreachable, at least. */
const OUTAGE_MS = 3000;
/** Slack's deadline for acknowledging an event. */
const SLACK_ACK_MS = 3000;
/** Longer than postgres.js's longest reconnect backoff (20 s): a slow 503 still counts as one. */
const PROBE_LIMIT_MS = 25_000;

let db: FaultDatabase;
let fake: FakeSlack;
let clock: ClockFile;
let proxy: TcpProxy;

describe.runIf(process.env.DATABASE_URL)('the database connection drops for a few seconds', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await FaultDatabase.open();
    clock = ClockFile.create(NINE);
    fake = await FakeSlack.start({ now: () => clock.now() });
    const target = new URL(db.url);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || '5432') });
  });

  afterAll(async () => {
    await ServiceProcess.killAll();
    await proxy?.close();
    await fake?.close();
    await db?.close();
    clock?.remove();
  });

  it('does not ack answers it could not store, stores the redeliveries once, and recovers by itself', async () => {
    for (const [id, name] of [
      ['U0ALICE', 'Alice'],
      ['U0BOB', 'Bob'],
      ['U0CAROL', 'Carol'],
      ['U0DAVE', 'Dave'],
    ] as const)
      fake.addUser({ id, name });
    await db.subscribe([{ id: CHANNEL }]);
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const service = await ServiceProcess.start('service', {
      databaseUrl: viaProxy.toString(),
      slackApiUrl: fake.apiUrl,
      clockFile: clock.path,
      tickMs: 25,
    });

    await eventually(async () => (await db.rounds()).some((r) => r.status === 'open'), {
      what: 'the question to be posted',
      timeoutMs: 15_000,
      describe: async () => describeRounds(await db.rounds()),
    });
    const [round] = await db.rounds();
    const threadTs = round?.messageRef ?? '';
    clock.set(TEN);
    const reply = (user: string, n: number): ThreadReply => ({
      channel: CHANNEL,
      user,
      threadTs,
      ts: `1742173200.0001${String(n).padStart(2, '0')}`,
      text: `${user}: answer ${n}`,
      eventId: `Ev0OUTAGE${n}`,
    });
    const alice = reply('U0ALICE', 1);
    const bob = reply('U0BOB', 2);
    const carol = reply('U0CAROL', 3);
    const dave = reply('U0DAVE', 4);

    // Slack gives an app 3 s to acknowledge an event; no answer in time is a failed delivery.
    const deliver = (r: ThreadReply): Promise<number> => deliverReply(service.eventsUrl, r, SLACK_ACK_MS);
    const notAcked = (status: number): boolean => status === 0 || status >= 400;
    /** GET /healthz: its status and how long it took (a slow answer still counts here). */
    const probe = async (): Promise<{ status: number; ms: number }> => {
      const started = Date.now();
      const status = await service.health(PROBE_LIMIT_MS);
      return { status, ms: Date.now() - started };
    };

    // Before the cut: stored and acknowledged.
    expect(await deliver(alice)).toBe(200);
    expect(await service.health()).toBe(200);

    // The cut: every database connection reset, new ones refused, for a few seconds.
    proxy.cut();
    const cutAt = Date.now();
    const refusedBefore = proxy.refused;
    const probes = [await probe()];
    const during: number[] = [];
    for (const r of [bob, carol]) during.push(await deliver(r));
    // Slack redelivers an event it saw acknowledged too; Alice's answer is already stored.
    const aliceAgain = await deliver({ ...alice, retryNum: 1 });
    // Slack's first retry of a failed delivery comes while the database is still away.
    const retriesDuring: number[] = [];
    for (const r of [bob, carol]) retriesDuring.push(await deliver({ ...r, retryNum: 1 }));
    await settle(Math.max(0, OUTAGE_MS - (Date.now() - cutAt)));
    probes.push(await probe());
    expect(service.alive).toBe(true);
    expect(proxy.refused, 'the service tried to reconnect').toBeGreaterThan(refusedBefore);
    expect(during.map(notAcked), `answers it could not store (statuses ${during})`).toEqual([true, true]);
    expect(retriesDuring.map(notAcked), `their first retries (statuses ${retriesDuring})`).toEqual([
      true,
      true,
    ]);
    expect(
      probes.map((p) => p.status),
      '/healthz while the database is unreachable',
    ).toEqual([503, 503]);
    // A redelivery of an already stored answer cannot be checked either; whatever it gets, the
    // answer is stored once (below).
    expect([0, 200, 500]).toContain(aliceAgain);

    // The network comes back. The same process, no restart: health recovers by itself (within
    // postgres.js's longest reconnect backoff, 20 s).
    proxy.restore();
    const restoredAt = Date.now();
    await eventually(async () => (await service.health()) === 200, {
      what: '/healthz to answer 200 again',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const recoveryMs = Date.now() - restoredAt;
    // Slack's later retries of the unacknowledged deliveries (same event ids) are stored now.
    expect(await deliver({ ...bob, retryNum: 2 })).toBe(200);
    expect(await deliver({ ...carol, retryNum: 2 })).toBe(200);
    expect(await deliver({ ...alice, retryNum: 2 })).toBe(200);
    // And a new answer, as usual.
    expect(await deliver(dave)).toBe(200);
    expect(service.alive).toBe(true);

    const answers = await db.answers();
    expect(answers.map((a) => [a.userId, a.messageRef, a.status]).sort()).toEqual(
      [alice, bob, carol, dave].map((r) => [r.user, r.ts, 'counted']).sort(),
    );
    // One ✅ per counted answer, however often it was delivered.
    await eventually(() => fake.callsTo('reactions.add').length >= 4, {
      what: 'a reaction on each answer',
      timeoutMs: 5000,
    });
    const reacted = fake.callsTo('reactions.add').map((c) => String(c.body.timestamp));
    expect(reacted.sort()).toEqual([alice, bob, carol, dave].map((r) => r.ts).sort());

    // The scheduler recovered too: the reveal at 18:00 counts all four answers.
    clock.set(SIX_PM);
    await eventually(async () => (await db.rounds())[0]?.revealPostedAt != null, {
      what: 'the reveal after the outage',
      timeoutMs: 15_000,
      describe: async () => describeRounds(await db.rounds()),
    });
    expect((await db.streaks()).map((s) => [s.userId, s.current])).toEqual([
      ['U0ALICE', 1],
      ['U0BOB', 1],
      ['U0CAROL', 1],
      ['U0DAVE', 1],
    ]);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    // Latencies are reported, not asserted: postgres.js's reconnect backoff (up to 20 s) decides them.
    console.info(
      `database outage: deliveries while down ${[...during, aliceAgain, ...retriesDuring]}; /healthz while down ${JSON.stringify(probes)}; healthy again ${recoveryMs} ms after the network came back`,
    );
  });
});
