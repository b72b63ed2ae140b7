import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, type SlackCall } from '../fakes/slack-api.js';
import { ClockFile } from './clock-file.js';
import { describeRounds, FaultDatabase, type RoundRow } from './fault-database.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceProcess } from './service-process.js';
import { questionsIn, roundIdOf } from './slack-checks.js';
import { eventually } from './wait.js';

/**
 * Slack answering the question post with a 429 (Retry-After) or a 5xx. A 429 posted nothing, so the
 * post waits Retry-After and tries again at once; a 5xx may have posted, so the Web API client
 * never retries it by itself: the claim is kept and a minute later the core looks in the channel's
 * history before posting. Either way the channel gets the question exactly once — also after a
 * 500 that came back although Slack had posted the message.
 */

/** Monday 2025-03-17 in Asia/Seoul. */
const BEFORE_NINE = '2025-03-16T23:50:00Z';
const NINE = '2025-03-17T00:00:00Z';
const NINE_ONE = '2025-03-17T00:01:00Z';
const CHANNEL = 'C0FLAKY';
/** Failed posts the core saw, on /metrics. */
const TRANSIENT_ERRORS = 'sa_quiz_platform_errors_total{kind="transient",platform="slack"}';

let db: FaultDatabase;
let clock: ClockFile;
let fake: FakeSlack;

/** The question posts (channel messages, not thread replies) that reached the fake, answered or not. */
function questionPosts(): SlackCall[] {
  return fake
    .callsTo('chat.postMessage')
    .filter((c) => c.body.channel === CHANNEL && c.body.thread_ts === undefined);
}

async function waitForOpenRound(): Promise<RoundRow> {
  await eventually(async () => (await db.rounds()).some((r) => r.status === 'open'), {
    what: 'the round to be open',
    timeoutMs: 40_000,
    intervalMs: 50,
    describe: async () => `${describeRounds(await db.rounds())}; ${questionPosts().length} post attempts`,
  });
  const [round] = await db.rounds();
  if (!round) throw new Error('no round');
  return round;
}

/** Exactly one question in the channel, the round's, and it stays so over the next minutes. */
async function expectOneQuestion(service: ServiceProcess, round: RoundRow): Promise<void> {
  for (const minutes of [2, 7, 12]) {
    clock.set(new Date(Date.parse(NINE) + minutes * 60_000));
    await service.waitForTicks(2);
  }
  const questions = questionsIn(fake, CHANNEL);
  expect(
    questions.map((q) => q.ts),
    'question messages in the channel',
  ).toEqual([round.messageRef]);
  expect(roundIdOf(questions[0]!)).toBe(String(round.id));
  expect(await db.rounds()).toHaveLength(1);
}

describe.runIf(process.env.DATABASE_URL)('429 and 5xx from Slack on the question post', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await FaultDatabase.open();
    clock = ClockFile.create(BEFORE_NINE);
  });

  beforeEach(async () => {
    await db.reset();
    await db.subscribe([{ id: CHANNEL }]);
    clock.set(BEFORE_NINE);
    fake = await FakeSlack.start({ now: () => clock.now() });
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

  async function startService(): Promise<ServiceProcess> {
    return ServiceProcess.start('service', {
      databaseUrl: db.url,
      slackApiUrl: fake.apiUrl,
      clockFile: clock.path,
      tickMs: 25,
    });
  }

  it('a 429 with Retry-After, then a 500 that posted nothing: retried, posted once', async () => {
    const service = await startService();
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    fake.fail('chat.postMessage', { status: 500 });
    clock.set(NINE);
    await eventually(async () => (await service.metric(TRANSIENT_ERRORS)) >= 1, {
      what: 'the 500 to reach the core',
      timeoutMs: 40_000,
      intervalMs: 50,
      describe: () => `${questionPosts().length} attempts${service.tail(10)}`,
    });
    const attempts = questionPosts();
    expect(attempts).toHaveLength(2);
    // The second attempt waited for Retry-After (1 s); the 500 was not retried behind the core's back.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    await service.waitForTicks(3);
    expect(questionPosts()).toHaveLength(2);

    clock.set(NINE_ONE);
    const round = await waitForOpenRound();
    expect(questionPosts()).toHaveLength(3);
    await expectOneQuestion(service, round);
    expect(await service.metric('sa_quiz_platform_rate_limited_total{platform="slack"}')).toBe(1);
    expect(await service.metric(TRANSIENT_ERRORS)).toBe(1);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });

  it('5xx: the client does not retry it; the claim is kept, and a minute later history is checked, then posted once', async () => {
    const service = await startService();
    fake.fail('chat.postMessage', { status: 500 }, 1000);
    clock.set(NINE);
    await eventually(async () => (await service.metric(TRANSIENT_ERRORS)) >= 1, {
      what: 'the post to fail',
      timeoutMs: 40_000,
      intervalMs: 100,
      describe: () => `${questionPosts().length} attempts${service.tail(10)}`,
    });
    fake.clearFailures('chat.postMessage');
    const failedAttempts = questionPosts().length;
    expect(failedAttempts).toBe(1);
    const [claimed] = await db.rounds();
    expect(claimed).toMatchObject({ status: 'claimed', messageRef: null });
    // Not retried at the same instant: the retry waits a minute of the service's clock.
    await service.waitForTicks(3);
    expect(questionPosts()).toHaveLength(failedAttempts);

    clock.set(NINE_ONE);
    const round = await waitForOpenRound();
    const posts = questionPosts();
    expect(posts).toHaveLength(failedAttempts + 1);
    const looked = fake.callsTo('conversations.history').filter((c) => c.body.channel === CHANNEL);
    expect(looked.length).toBeGreaterThanOrEqual(1);
    expect(looked[0]!.at).toBeLessThanOrEqual(posts.at(-1)!.at);
    await expectOneQuestion(service, round);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });

  it('a 500 although Slack posted the message: found in the history, not posted a second time', async () => {
    const service = await startService();
    fake.fail('chat.postMessage', { status: 500, afterPosting: true });
    clock.set(NINE);
    await eventually(async () => (await service.metric(TRANSIENT_ERRORS)) >= 1, {
      what: 'the 500 to reach the core',
      timeoutMs: 40_000,
      intervalMs: 50,
      describe: () => `${questionPosts().length} attempts${service.tail(10)}`,
    });
    expect(await db.rounds()).toMatchObject([{ status: 'claimed', messageRef: null }]);
    clock.set(NINE_ONE);
    const round = await waitForOpenRound();
    expect(questionPosts()).toHaveLength(1);
    await expectOneQuestion(service, round);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });
});
