import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../src/adapters/slack/slack-adapter.js';
import { eventCallback, postSigned, SIGNING_SECRET, slackSignature } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import {
  blocksText,
  flakyStore,
  openMondayRound,
  type SlackHarness,
  startSlack,
  subscribeAsAdmin,
  threadReplyEvent,
} from './slack-harness.js';

/**
 * Slack's delivery rules over the HTTP receiver: retried events are processed once, an event
 * the database could not store is not acknowledged (so Slack retries it), forged or stale
 * requests are refused, a 429 waits Retry-After, and a channel the bot left is paused.
 */

const CHANNEL = 'C0GENERAL';
const NINE_KST = '2025-03-10T00:00:00Z';

const tdb = useTestDatabase();
let slack: SlackHarness;

let flaky: ReturnType<typeof flakyStore>;

beforeEach(async () => {
  flaky = flakyStore(tdb.current.store);
  slack = await startSlack({
    db: tdb.current,
    mode: 'http',
    store: flaky.store,
    configuredAdmins: ['U0ADMIN'],
  });
  slack.fake.addUser({ id: 'U0ADMIN', name: 'Admin Kim' });
  slack.fake.addUser({ id: 'U0ALICE', name: 'Alice' });
});

afterEach(async () => {
  await slack.close();
});

function subscribe(channelId: string): Promise<void> {
  return subscribeAsAdmin(slack, channelId);
}

/** Subscribes, posts the 09:00 question and returns its thread ts and round id. */
function openRound(): Promise<{ threadTs: string; roundId: number }> {
  return openMondayRound(slack, tdb.current.store, CHANNEL);
}

function aliceReply(threadTs: string, eventId: string) {
  return threadReplyEvent({
    channel: CHANNEL,
    user: 'U0ALICE',
    threadTs,
    ts: '1741570000.000100',
    text: 'my answer',
    eventId,
  });
}

describe('Slack delivery rules', () => {
  it('processes a retried event (x-slack-retry-num, same event_id) once', async () => {
    const { threadTs, roundId } = await openRound();
    const payload = aliceReply(threadTs, 'Ev0RETRY');
    expect((await slack.send.event(payload)).status).toBe(200);
    expect((await slack.send.event(payload, { retryNum: 1 })).status).toBe(200);
    expect((await slack.send.event(payload, { retryNum: 2 })).status).toBe(200);
    await slack.adapter.idle();
    expect(await tdb.current.store.listAnswers(roundId)).toHaveLength(1);
    expect(slack.fake.callsTo('reactions.add')).toHaveLength(1);
  });

  it('does not acknowledge an event it failed to store, and stores the retry once', async () => {
    const { threadTs, roundId } = await openRound();
    const payload = aliceReply(threadTs, 'Ev0DBDOWN');
    flaky.failNextAnswerWrite();
    expect((await slack.send.event(payload)).status).toBe(500);
    await slack.adapter.idle();
    expect(await tdb.current.store.listAnswers(roundId)).toEqual([]);
    expect(slack.fake.callsTo('reactions.add')).toEqual([]);

    // Slack retries the same event: now it is stored, acked, and acknowledged with one reaction.
    expect((await slack.send.event(payload, { retryNum: 1 })).status).toBe(200);
    expect((await slack.send.event(payload, { retryNum: 2 })).status).toBe(200);
    await slack.adapter.idle();
    const answers = await tdb.current.store.listAnswers(roundId);
    expect(answers.map((a) => [a.userId, a.status])).toEqual([['U0ALICE', 'counted']]);
    expect(slack.fake.callsTo('reactions.add')).toHaveLength(1);
  });

  it('answers 401 to a bad signature or a stale timestamp and changes nothing', async () => {
    const { threadTs, roundId } = await openRound();
    const body = JSON.stringify(aliceReply(threadTs, 'Ev0FORGED'));
    const forged = await postSigned(slack.eventsUrl, body, 'application/json', { signature: 'v0=deadbeef' });
    expect(forged.status).toBe(401);
    const wrongSecret = await postSigned(slack.eventsUrl, body, 'application/json', {
      secret: 'not-the-secret',
    });
    expect(wrongSecret.status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    const replayed = await postSigned(slack.eventsUrl, body, 'application/json', {
      timestamp: stale,
      signature: slackSignature(SIGNING_SECRET, stale, body),
    });
    expect(replayed.status).toBe(401);
    await slack.adapter.idle();
    expect(await tdb.current.store.listAnswers(roundId)).toEqual([]);
    expect(await tdb.current.store.markEventProcessed('slack', 'Ev0FORGED', new Date())).toBe(true);
    expect(slack.fake.callsTo('reactions.add')).toEqual([]);
  });

  it('waits Retry-After on a 429 and posts the question once', async () => {
    await subscribe(CHANNEL);
    slack.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    slack.clock.set(NINE_KST);
    expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ posted: 1, failed: 0 });
    const attempts = slack.fake.callsTo('chat.postMessage');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    const channel = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
    const round = await tdb.current.store.findDailyRound(channel!.id, '2025-03-10');
    expect(round).toMatchObject({ status: 'open' });
    expect(round?.messageRef).toMatch(/^\d+\.\d+$/);
    // A second tick does not post again.
    expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ posted: 0 });
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('pauses a channel the bot was removed from, tells its admin, and keeps serving the others', async () => {
    await subscribe(CHANNEL);
    await subscribe('C0OTHER');
    slack.fake.goneChannels.add(CHANNEL);
    slack.clock.set(NINE_KST);
    expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ posted: 1, failed: 1 });
    const gone = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
    const other = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', 'C0OTHER');
    expect(gone).toMatchObject({ subscribed: true, paused: true });
    expect(other).toMatchObject({ paused: false });
    expect(await tdb.current.store.findDailyRound(other!.id, '2025-03-10')).toMatchObject({ status: 'open' });
    expect(await tdb.current.store.findDailyRound(gone!.id, '2025-03-10')).toBeNull();
    const opened = await slack.fake.waitFor('conversations.open');
    expect(opened.body.users).toBe('U0ADMIN');
    const dm = await slack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'DU0ADMIN');
    const notice = blocksText(dm.body.blocks);
    // Where (a link to the channel), what stopped, why, and how to fix it: no raw codes.
    expect(notice).toContain(`<#${CHANNEL}>`);
    expect(notice).toContain('일시 중지');
    expect(notice).toContain('`/invite @sa-quiz`');
    expect(notice).toContain('`/sa-admin resume`');
    expect(notice).not.toContain('not_in_channel');
  });

  it('fails start() clearly when Slack rejects the bot token', async () => {
    const wrong = createSlackAdapter({
      quiz: slack.quiz,
      admin: slack.admin,
      botToken: 'xoxb-revoked',
      signingSecret: SIGNING_SECRET,
      port: 0,
      apiUrl: slack.fake.apiUrl,
    });
    await expect(wrong.start()).rejects.toThrow(/Slack rejected the bot token.*invalid_auth/);
    await wrong.stop();
  });

  it('serves extra routes such as GET /healthz on the receiver port', async () => {
    const response = await fetch(slack.eventsUrl.replace('/slack/events', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers url_verification and ignores events that are not thread replies', async () => {
    const challenge = JSON.stringify({ token: 't', challenge: 'chal-123', type: 'url_verification' });
    const verified = await postSigned(slack.eventsUrl, challenge, 'application/json');
    expect(verified.status).toBe(200);
    expect(verified.body).toContain('chal-123');
    const joined = eventCallback(
      {
        type: 'message',
        subtype: 'channel_join',
        channel: CHANNEL,
        user: 'U0ALICE',
        text: 'joined',
        ts: '1.0',
      },
      'Ev0JOIN',
    );
    expect((await slack.send.event(joined)).status).toBe(200);
    await slack.adapter.idle();
    expect(slack.fake.callsTo('reactions.add')).toEqual([]);
  });
});
