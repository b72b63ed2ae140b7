import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAN_OUT } from '../../src/core/fan-out.js';
import { FakeSlack } from '../fakes/slack-api.js';
import { MINUTE } from '../helpers/clock.js';
import { ClockFile } from './clock-file.js';
import { describeRounds, FaultDatabase } from './fault-database.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceProcess } from './service-process.js';
import { describeQuestions, questionsIn, roundIdOf } from './slack-checks.js';
import { eventually } from './wait.js';

/**
 * `kill -9` of the service in the middle of its 09:00 fan-out to 50 channels, at the worst moment:
 * questions are on their way to Slack (the requests have arrived; Slack will post them; the
 * fan-out has several in flight) but the process dies before recording them. A new process on the same clock finishes the fan-out, and once the
 * dead process's claim is recoverable it finds that question in the channel's history (by its
 * round metadata) instead of posting it again. Every channel ends with exactly one question.
 */

const CHANNELS = Array.from({ length: 50 }, (_, i) => `C0FAN${String(i + 1).padStart(2, '0')}`);
/** Monday 2025-03-17, 08:50 and 09:00 in Asia/Seoul. */
const BEFORE_NINE = '2025-03-16T23:50:00Z';
const NINE = '2025-03-17T00:00:00Z';
/** Each question post takes this long at the fake, so the fan-out takes seconds. */
const POST_DELAY_MS = 100;
/** The process dies while this post (1-based) is in flight. */
const KILL_AT_POST = 17;

let db: FaultDatabase;
let fake: FakeSlack;
let clock: ClockFile;

describe.runIf(process.env.DATABASE_URL)('kill -9 during a fan-out to 50 channels', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await FaultDatabase.open();
    clock = ClockFile.create(BEFORE_NINE);
    fake = await FakeSlack.start({ now: () => clock.now() });
  });

  afterAll(async () => {
    await ServiceProcess.killAll();
    await fake?.close();
    await db?.close();
    clock?.remove();
  });

  it('restarts and leaves every channel with exactly one question, every round open', async () => {
    await db.subscribe(CHANNELS.map((id) => ({ id })));
    const settings = { databaseUrl: db.url, slackApiUrl: fake.apiUrl, clockFile: clock.path, tickMs: 25 };
    const first = await ServiceProcess.start('first', settings);
    fake.slowDown('chat.postMessage', POST_DELAY_MS);

    clock.set(NINE);
    const inFlight = await fake.waitFor(
      'chat.postMessage',
      () => fake.callsTo('chat.postMessage').length >= KILL_AT_POST,
      30_000,
    );
    await first.kill9();
    const dyingChannel = String(inFlight.body.channel);

    // Slack finishes what it received: the in-flight question is posted, but nobody recorded it.
    await eventually(() => questionsIn(fake, dyingChannel).length === 1, {
      what: `the in-flight question in ${dyingChannel} to be posted by Slack`,
      timeoutMs: 5000,
    });
    const atCrash = await db.rounds();
    // The fan-out had up to its per-workspace share of posts in flight (all 50 channels are one
    // workspace): those rounds are claimed and unrecorded, the dying one among them.
    const claimedAtCrash = atCrash.filter((r) => r.status === 'claimed');
    expect(claimedAtCrash.length).toBeGreaterThanOrEqual(1);
    expect(claimedAtCrash.length).toBeLessThanOrEqual(FAN_OUT.perWorkspace);
    expect(claimedAtCrash.every((r) => r.messageRef === null)).toBe(true);
    expect(atCrash.find((r) => r.channel === dyingChannel)).toMatchObject({
      status: 'claimed',
      messageRef: null,
    });
    expect(atCrash.filter((r) => r.status === 'open').length).toBeGreaterThanOrEqual(
      KILL_AT_POST - FAN_OUT.perWorkspace,
    );

    // A restart on the same clock finishes the fan-out; the dead process's claim is leased to it
    // for a few minutes, so the clock then moves a minute at a time until it is recovered.
    const second = await ServiceProcess.start('second', settings);
    const allOpen = async (): Promise<boolean> => {
      const rounds = await db.rounds();
      return rounds.length === CHANNELS.length && rounds.every((r) => r.status === 'open');
    };
    const state = async (): Promise<string> =>
      `rounds: ${describeRounds((await db.rounds()).filter((r) => r.status !== 'open'))}; questions: ${describeQuestions(fake, CHANNELS)}`;
    await eventually(
      async () =>
        (await db.rounds()).filter((r) => r.status === 'open').length ===
        CHANNELS.length - claimedAtCrash.length,
      { what: 'the rest of the fan-out after the restart', timeoutMs: 20_000, describe: state },
    );
    for (let minutes = 1; minutes <= 10 && !(await allOpen()); minutes++) {
      clock.set(new Date(Date.parse(NINE) + minutes * MINUTE));
      await second.waitForTicks(2);
    }
    await eventually(allOpen, { what: 'every round open', timeoutMs: 10_000, describe: state });
    // A few more minutes of ticks change nothing.
    clock.set(new Date(Date.parse(NINE) + 15 * MINUTE));
    await second.waitForTicks(3);

    const rounds = await db.rounds();
    expect(rounds).toHaveLength(CHANNELS.length);
    for (const channel of CHANNELS) {
      const questions = questionsIn(fake, channel);
      const round = rounds.find((r) => r.channel === channel);
      expect(questions, `questions in ${channel}`).toHaveLength(1);
      expect(round).toMatchObject({ status: 'open', messageRef: questions[0]?.ts });
      expect(roundIdOf(questions[0]!)).toBe(String(round?.id));
    }
    // The dying process's question was found in the channel's history (by its round metadata).
    const looked = fake.callsTo('conversations.history').filter((c) => c.body.channel === dyingChannel);
    expect(looked.length).toBeGreaterThanOrEqual(1);
    expect(second.alive).toBe(true);
    expect(await second.stop()).toEqual({ code: 0, signal: null });
  });
});
