import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack-api.js';
import { HOUR } from '../helpers/clock.js';
import { ClockFile } from './clock-file.js';
import { describeRounds, FaultDatabase, type RoundRow } from './fault-database.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceProcess } from './service-process.js';
import {
  announcementsUnder,
  describeQuestions,
  duplicateRepliesUnder,
  questionsIn,
  roundIdOf,
} from './slack-checks.js';
import { eventually } from './wait.js';

/**
 * Two replicas of the service against one PostgreSQL database and one (fake) Slack workspace,
 * through a simulated week driven by the clock file, one hour per step. Four channels in three
 * time zones, Monday to Friday. After every step, once both processes have run whole ticks at
 * that instant (their /metrics tick counts), the database and Slack must show exactly what the
 * schedule asks: one question per
 * channel per working day (carrying its round in the message metadata), one reveal per question,
 * nothing at weekends.
 */

const TICK_MS = 25;
const STEP_TIMEOUT_MS = 10_000;

/** Saturday 2025-03-15 12:00 UTC (Saturday in all three zones) to Sunday 2025-03-23 23:00 UTC. */
const START = Date.parse('2025-03-15T12:00:00Z');
const END = Date.parse('2025-03-23T23:00:00Z');
/** The working week in every channel's own calendar. No DST change in any of the zones then. */
const WORKING_DAYS = ['2025-03-17', '2025-03-18', '2025-03-19', '2025-03-20', '2025-03-21'];

interface TestChannel {
  readonly id: string;
  readonly timezone: string;
  /** The zone's UTC offset in hours that week. */
  readonly offset: number;
  readonly postTime: string;
  readonly revealTime: string;
}

const CHANNELS: readonly TestChannel[] = [
  { id: 'C0SEOUL', timezone: 'Asia/Seoul', offset: 9, postTime: '09:00', revealTime: '18:00' },
  { id: 'C0SEOUL2', timezone: 'Asia/Seoul', offset: 9, postTime: '10:00', revealTime: '17:00' },
  { id: 'C0LONDON', timezone: 'Europe/London', offset: 0, postTime: '09:00', revealTime: '18:00' },
  { id: 'C0NEWYORK', timezone: 'America/New_York', offset: -4, postTime: '09:00', revealTime: '18:00' },
];

function instant(localDate: string, time: string, offset: number): number {
  return Date.parse(`${localDate}T${time}:00Z`) - offset * HOUR;
}

const plan = CHANNELS.map((c) => ({
  ...c,
  posts: WORKING_DAYS.map((d) => instant(d, c.postTime, c.offset)),
  reveals: WORKING_DAYS.map((d) => instant(d, c.revealTime, c.offset)),
}));

/** The channel-local ISO weekday (1 = Monday) of a Slack ts made from the injected clock. */
function localWeekday(ts: string, timezone: string): number {
  const seconds = Number(ts.split('.')[0]);
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: timezone }).format(
    new Date(seconds * 1000),
  );
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}

let db: FaultDatabase;
let fake: FakeSlack;
let clock: ClockFile;

describe.runIf(process.env.DATABASE_URL)('two service processes, one database, a simulated week', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await FaultDatabase.open();
    clock = ClockFile.create(new Date(START));
    fake = await FakeSlack.start({ now: () => clock.now() });
  });

  afterAll(async () => {
    await ServiceProcess.killAll();
    await fake?.close();
    await db?.close();
    clock?.remove();
  });

  /** Whether the database and Slack show exactly what the schedule asks for at `at`; else why not. */
  function mismatch(rounds: readonly RoundRow[], at: number): string | null {
    for (const c of plan) {
      const posted = c.posts.filter((p) => p <= at).length;
      const revealed = c.reveals.filter((r) => r <= at).length;
      const mine = rounds.filter((r) => r.channel === c.id);
      const live = mine.filter((r) => r.status === 'open' || r.status === 'revealed');
      const done = mine.filter((r) => r.status === 'revealed' && r.revealPostedAt !== null);
      const questions = questionsIn(fake, c.id);
      const announced = questions.filter((q) => announcementsUnder(fake, c.id, q.ts).length > 0);
      if (mine.length !== posted || live.length !== posted)
        return `${c.id}: ${mine.length} rounds (${live.length} posted), expected ${posted}`;
      if (done.length !== revealed) return `${c.id}: ${done.length} reveals, expected ${revealed}`;
      if (questions.length !== posted) return `${c.id}: ${questions.length} questions, expected ${posted}`;
      if (announced.length !== revealed)
        return `${c.id}: ${announced.length} announced reveals, expected ${revealed}`;
    }
    return null;
  }

  it('posts one question and one reveal per channel per working day, none at weekends', async () => {
    await db.subscribe(
      CHANNELS.map((c) => ({
        id: c.id,
        schedule: { timezone: c.timezone, postTime: c.postTime, revealTime: c.revealTime },
      })),
    );
    const settings = {
      databaseUrl: db.url,
      slackApiUrl: fake.apiUrl,
      clockFile: clock.path,
      tickMs: TICK_MS,
    };
    const replicas = await Promise.all([
      ServiceProcess.start('replica-a', settings),
      ServiceProcess.start('replica-b', settings),
    ]);

    let previous = START - HOUR;
    for (let at = START; at <= END; at += HOUR) {
      clock.set(new Date(at));
      const due = plan.some((c) => [...c.posts, ...c.reveals].some((t) => t > previous && t <= at));
      previous = at;
      if (due) {
        await eventually(async () => mismatch(await db.rounds(), at) === null, {
          what: `the schedule's state at ${new Date(at).toISOString()}`,
          timeoutMs: STEP_TIMEOUT_MS,
          describe: async () => {
            const rounds = await db.rounds();
            return `${mismatch(rounds, at)}; rounds: ${describeRounds(rounds)}; questions: ${describeQuestions(
              fake,
              CHANNELS.map((c) => c.id),
            )}`;
          },
        });
      }
      // Both replicas have each run whole ticks at this instant; nothing more may have happened.
      await Promise.all(replicas.map((r) => r.waitForTicks(2)));
      const rounds = await db.rounds();
      const wrong = mismatch(rounds, at);
      expect(
        wrong,
        `at ${new Date(at).toISOString()}: ${wrong}; rounds: ${describeRounds(rounds)}`,
      ).toBeNull();
      for (const replica of replicas) expect(replica.alive, `${replica.name} is running`).toBe(true);
    }

    // The week as a whole, per channel.
    const rounds = await db.rounds();
    for (const c of plan) {
      const mine = rounds.filter((r) => r.channel === c.id);
      expect(mine.map((r) => r.localDate)).toEqual(WORKING_DAYS);
      for (const round of mine) {
        expect(round).toMatchObject({ kind: 'daily', status: 'revealed' });
        expect(round.messageRef).not.toBeNull();
        expect(round.revealPostedAt).not.toBeNull();
      }
      const questions = questionsIn(fake, c.id);
      // Exactly one question message per round, carrying that round in its metadata.
      expect(questions.map((q) => q.ts).sort()).toEqual(mine.map((r) => r.messageRef).sort());
      for (const round of mine) {
        const question = questions.find((q) => q.ts === round.messageRef);
        expect(question && roundIdOf(question), `metadata of ${c.id} ${round.localDate}`).toBe(
          String(round.id),
        );
        // One reveal: one announcement, the question closed once, no reveal part posted twice.
        expect(announcementsUnder(fake, c.id, round.messageRef ?? '')).toHaveLength(1);
        expect(question?.edits).toBe(1);
        expect(duplicateRepliesUnder(fake, c.id, round.messageRef ?? '')).toEqual([]);
      }
      // Slack's side of "none at weekends": every message was posted on a local working day.
      for (const message of fake.messagesIn(c.id))
        expect(localWeekday(message.ts, c.timezone), `${c.id} ${message.ts}`).toBeLessThanOrEqual(5);
    }
    expect(rounds).toHaveLength(CHANNELS.length * WORKING_DAYS.length);

    const work = await Promise.all(
      replicas.map(
        async (r) =>
          `${r.name}: ${await r.metric('sa_quiz_rounds_posted_total{platform="slack"}')} posted, ${await r.metric('sa_quiz_reveals_total{platform="slack"}')} revealed`,
      ),
    );
    console.info(`two replicas, one week: ${work.join('; ')}`);

    // Both stop gracefully on SIGTERM.
    const exits = await Promise.all(replicas.map((r) => r.stop()));
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });
});
