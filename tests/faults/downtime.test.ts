import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack-api.js';
import { ClockFile } from './clock-file.js';
import { describeRounds, FaultDatabase, type RoundRow } from './fault-database.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceProcess, type ServiceSettings } from './service-process.js';
import { announcementsUnder, deliverReply, questionsIn, roundIdOf } from './slack-checks.js';
import { eventually } from './wait.js';

/**
 * The service is down while something was due. Down across 09:00 and back before the 18:00
 * deadline: the question is posted late, once. Down across the whole window: nothing is posted,
 * the round is recorded as skipped, and the streak a user built the day before survives it (the
 * next revealed round continues it).
 */

/** Asia/Seoul (UTC+9) wall-clock time on a date of the week of Monday 2025-03-17, as an instant. */
function kst(localDate: string, time: string): Date {
  return new Date(Date.parse(`${localDate}T${time}:00+09:00`));
}

const MON = '2025-03-17';
const TUE = '2025-03-18';
const WED = '2025-03-19';

let db: FaultDatabase;
let clock: ClockFile;
let fake: FakeSlack;
let settings: ServiceSettings;

async function roundOf(channel: string, localDate: string): Promise<RoundRow | undefined> {
  return (await db.rounds()).find((r) => r.channel === channel && r.localDate === localDate);
}

async function waitForRound(
  channel: string,
  localDate: string,
  done: (round: RoundRow) => boolean,
  what: string,
): Promise<RoundRow> {
  await eventually(
    async () => {
      const round = await roundOf(channel, localDate);
      return round !== undefined && done(round);
    },
    { what, timeoutMs: 15_000, describe: async () => describeRounds(await db.rounds()) },
  );
  const round = await roundOf(channel, localDate);
  if (!round) throw new Error(`no round for ${channel} ${localDate}`);
  return round;
}

/** Moves the clock and waits until the service has run whole ticks at the new instant. */
async function at(service: ServiceProcess, instant: Date): Promise<void> {
  clock.set(instant);
  await service.waitForTicks(2);
}

describe.runIf(process.env.DATABASE_URL)('downtime across the schedule', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await FaultDatabase.open();
    clock = ClockFile.create(kst(MON, '08:50'));
  });

  beforeEach(async () => {
    await db.reset();
    fake = await FakeSlack.start({ now: () => clock.now() });
    fake.addUser({ id: 'U0ALICE', name: 'Alice' });
    fake.addUser({ id: 'U0BOB', name: 'Bob' });
    settings = { databaseUrl: db.url, slackApiUrl: fake.apiUrl, clockFile: clock.path, tickMs: 25 };
  });

  afterEach(async () => {
    await ServiceProcess.killAll();
    await fake?.close();
  });

  afterAll(async () => {
    await ServiceProcess.killAll();
    await db?.close();
    clock?.remove();
  });

  it('down across 09:00, back at 11:15: the question is posted late, once, and revealed at 18:00', async () => {
    const channel = 'C0LATE';
    await db.subscribe([{ id: channel }]);
    clock.set(kst(MON, '08:50'));
    const before = await ServiceProcess.start('before-nine', settings);
    await before.waitForTicks(2);
    expect(await db.rounds()).toEqual([]);
    expect(await before.stop()).toEqual({ code: 0, signal: null });

    // Nothing runs at 09:00. The service comes back at 11:15.
    clock.set(kst(MON, '11:15'));
    const after = await ServiceProcess.start('after-nine', settings);
    const round = await waitForRound(channel, MON, (r) => r.status === 'open', 'the late question');
    expect(round.postAt).toEqual(kst(MON, '09:00'));
    expect(round.postedAt).toEqual(kst(MON, '11:15'));
    expect(round.revealAt).toEqual(kst(MON, '18:00'));
    const questions = questionsIn(fake, channel);
    expect(questions).toHaveLength(1);
    expect(questions[0]?.ts).toBe(round.messageRef);
    expect(roundIdOf(questions[0]!)).toBe(String(round.id));

    // The rest of the day: still one question; the reveal at 18:00, once.
    await at(after, kst(MON, '12:00'));
    await at(after, kst(MON, '17:59'));
    expect(questionsIn(fake, channel)).toHaveLength(1);
    clock.set(kst(MON, '18:00'));
    await waitForRound(channel, MON, (r) => r.revealPostedAt !== null, 'the reveal');
    await at(after, kst(MON, '18:30'));
    expect(questionsIn(fake, channel)).toHaveLength(1);
    expect(announcementsUnder(fake, channel, round.messageRef ?? '')).toHaveLength(1);
    expect(await db.rounds()).toHaveLength(1);
    expect(await after.stop()).toEqual({ code: 0, signal: null });
  });

  it('down across the whole window: no post, the round is skipped, and yesterday’s streak survives', async () => {
    const channel = 'C0STREAK';
    await db.subscribe([{ id: channel }]);
    let eventSeq = 0;
    const answer = async (
      service: ServiceProcess,
      user: string,
      threadTs: string,
      ts: string,
    ): Promise<number> =>
      deliverReply(service.eventsUrl, {
        channel,
        user,
        threadTs,
        ts,
        text: `${user}'s answer`,
        eventId: `Ev0DOWN${String(++eventSeq).padStart(4, '0')}`,
      });

    // Monday, played through the service: Alice and Bob answer; the reveal starts their streaks.
    clock.set(kst(MON, '08:50'));
    const monday = await ServiceProcess.start('monday', settings);
    clock.set(kst(MON, '09:00'));
    const mon = await waitForRound(channel, MON, (r) => r.status === 'open', "Monday's question");
    const monThread = mon.messageRef ?? '';
    clock.set(kst(MON, '10:00'));
    expect(await answer(monday, 'U0ALICE', monThread, '1742173200.000101')).toBe(200);
    expect(await answer(monday, 'U0BOB', monThread, '1742173200.000102')).toBe(200);
    clock.set(kst(MON, '18:00'));
    await waitForRound(channel, MON, (r) => r.revealPostedAt !== null, "Monday's reveal");
    expect(await db.streaks()).toEqual([
      { channel, userId: 'U0ALICE', current: 1, best: 1 },
      { channel, userId: 'U0BOB', current: 1, best: 1 },
    ]);
    clock.set(kst(MON, '19:00'));
    expect(await monday.stop()).toEqual({ code: 0, signal: null });

    // Down all of Tuesday's window; back at 18:30, after its deadline.
    clock.set(kst(TUE, '18:30'));
    const tuesday = await ServiceProcess.start('tuesday-evening', settings);
    const tue = await waitForRound(channel, TUE, (r) => r.status === 'skipped', "Tuesday's skipped round");
    await tuesday.waitForTicks(3);
    expect(tue).toMatchObject({ kind: 'daily', messageRef: null, postedAt: null, revealedAt: null });
    expect(questionsIn(fake, channel)).toHaveLength(1);
    expect(await db.streaks()).toEqual([
      { channel, userId: 'U0ALICE', current: 1, best: 1 },
      { channel, userId: 'U0BOB', current: 1, best: 1 },
    ]);

    // Wednesday: only Alice answers. Her streak continues across the skipped day; Bob's resets.
    clock.set(kst(WED, '09:00'));
    const wed = await waitForRound(channel, WED, (r) => r.status === 'open', "Wednesday's question");
    clock.set(kst(WED, '10:00'));
    expect(await answer(tuesday, 'U0ALICE', wed.messageRef ?? '', '1742346000.000101')).toBe(200);
    clock.set(kst(WED, '18:00'));
    await waitForRound(channel, WED, (r) => r.revealPostedAt !== null, "Wednesday's reveal");
    expect(await db.streaks()).toEqual([
      { channel, userId: 'U0ALICE', current: 2, best: 2 },
      { channel, userId: 'U0BOB', current: 0, best: 1 },
    ]);
    expect(questionsIn(fake, channel).map((q) => q.ts)).toEqual([mon.messageRef, wed.messageRef]);
    expect((await db.rounds()).map((r) => [r.localDate, r.status])).toEqual([
      [MON, 'revealed'],
      [TUE, 'skipped'],
      [WED, 'revealed'],
    ]);
    expect(await tuesday.stop()).toEqual({ code: 0, signal: null });
  });
});
