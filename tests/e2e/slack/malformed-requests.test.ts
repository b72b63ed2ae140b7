import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/core/logger.js';
import { eventCallback, postSigned, slashCommand } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import {
  openMondayRound,
  recordingLogger,
  type SlackHarness,
  startSlack,
  threadReplyEvent,
} from './slack-harness.js';

/**
 * Correctly signed requests whose body is not one Slack sends (`null`, an array, a number, an
 * object without a type, `payload=null`...) are answered 400 and change nothing, and the app goes
 * on serving: before, `null` threw a TypeError inside Bolt's HTTP receiver, an unhandled rejection
 * that ends the process. Over Socket Mode a malformed envelope is dropped (acked when it has an
 * id, so Slack does not redeliver it) and the connection stays up.
 */

const CHANNEL = 'C0GENERAL';
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

const tdb = useTestDatabase();
let slack: SlackHarness;
/** Rejections nobody handled while the test ran: each one would have ended `sa-quiz start`. */
let unhandled: unknown[];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

async function start(mode: 'http' | 'socket', logger?: Logger): Promise<void> {
  slack = await startSlack({
    db: tdb.current,
    mode,
    configuredAdmins: ['U0ADMIN'],
    ...(logger ? { logger } : {}),
  });
  slack.fake.addUser({ id: 'U0ADMIN', name: 'Admin Kim' });
  slack.fake.addUser({ id: 'U0ALICE', name: 'Alice' });
}

beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  process.off('unhandledRejection', onUnhandled);
  await slack?.close();
});

/** Subscribes the channel, posts the 09:00 question and returns its thread ts and round id. */
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

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

/** Signed bodies Slack never sends, with the content type they come with. */
const MALFORMED: readonly (readonly [string, string, string])[] = [
  ['JSON null', JSON_TYPE, 'null'],
  ['a JSON array', JSON_TYPE, '[]'],
  ['an array of events', JSON_TYPE, '[{"type":"event_callback"}]'],
  ['a number', JSON_TYPE, '5'],
  ['a string', JSON_TYPE, '"event_callback"'],
  ['true', JSON_TYPE, 'true'],
  ['an empty object', JSON_TYPE, '{}'],
  ['an object without type', JSON_TYPE, '{"event_id":"Ev0NOTYPE","team_id":"T0SAQUIZ"}'],
  ['a type that is not a string', JSON_TYPE, '{"type":["event_callback"]}'],
  ['event_callback without event', JSON_TYPE, '{"type":"event_callback","event_id":"Ev0NOEVENT"}'],
  ['event_callback with event null', JSON_TYPE, '{"type":"event_callback","event":null}'],
  ['event_callback with a string event', JSON_TYPE, '{"type":"event_callback","event":"message"}'],
  ['not JSON', JSON_TYPE, '{"type":'],
  ['an empty body', JSON_TYPE, ''],
  ['payload=null', FORM_TYPE, 'payload=null'],
  ['an empty payload', FORM_TYPE, 'payload='],
  ['a payload that is not JSON', FORM_TYPE, form({ payload: '{"type":' })],
  ['a payload array', FORM_TYPE, form({ payload: '[]' })],
  ['a payload number', FORM_TYPE, form({ payload: '7' })],
  ['a payload without type', FORM_TYPE, form({ payload: '{"actions":[]}' })],
  ['a form that is neither a command nor a payload', FORM_TYPE, form({ text: 'hello' })],
  ['two payloads', FORM_TYPE, 'payload=%7B%7D&payload=%7B%7D'],
];

describe('malformed but signed Slack requests over HTTP', () => {
  it('answers each 400 at once, stores nothing, and the next valid event is processed', async () => {
    await start('http');
    const { threadTs, roundId } = await openRound();
    const statuses: Record<string, number> = {};
    for (const [what, contentType, body] of MALFORMED) {
      statuses[what] = (await postSigned(slack.eventsUrl, body, contentType, { timeoutMs: 5_000 })).status;
    }
    await slack.adapter.idle();
    // 0 is no answer at all: the request died with an unhandled rejection (the process with it).
    expect({ statuses, unhandled: unhandled.map(String) }).toEqual({
      statuses: Object.fromEntries(MALFORMED.map(([what]) => [what, 400])),
      unhandled: [],
    });
    expect(await tdb.current.store.listAnswers(roundId)).toEqual([]);

    // Still serving: a thread reply is stored and acknowledged, a command answered.
    expect((await slack.send.event(aliceReply(threadTs, 'Ev0AFTER'))).status).toBe(200);
    await slack.adapter.idle();
    const answers = await tdb.current.store.listAnswers(roundId);
    expect(answers.map((a) => [a.userId, a.status])).toEqual([['U0ALICE', 'counted']]);
    const response = 'practice-after';
    const practice = await slack.send.command(
      slashCommand({
        command: '/sa-quiz',
        text: '',
        userId: 'U0ALICE',
        channelId: CHANNEL,
        responseUrl: slack.fake.responseUrl(response),
      }),
    );
    expect(practice.status).toBe(200);
    await slack.fake.waitForResponse(response);
    expect(unhandled).toEqual([]);
  });

  it('an unsigned malformed body is refused 401, not 400; Slack’s unsigned SSL check is still answered', async () => {
    await start('http');
    const unsigned = await postSigned(slack.eventsUrl, 'null', JSON_TYPE, {
      signature: 'v0=deadbeef',
      timeoutMs: 5_000,
    });
    expect(unsigned.status).toBe(401);
    // Slack's SSL check is unsigned and carries no payload: still answered 200.
    const sslCheck = await fetch(slack.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': FORM_TYPE },
      body: 'ssl_check=1&token=legacy',
    });
    expect(sslCheck.status).toBe(200);
    expect(unhandled).toEqual([]);
  });

  it('still answers 413 to a body over Bolt’s 4 MB limit', async () => {
    await start('http');
    const huge = JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(5 * 1024 * 1024) });
    const refused = await postSigned(slack.eventsUrl, huge, JSON_TYPE, { timeoutMs: 10_000 });
    expect(refused.status).toBe(413);
  });
});

describe('malformed Socket Mode envelopes', () => {
  it('are dropped with one warning each, the process lives on, and the next event is processed', async () => {
    const log = recordingLogger();
    await start('socket', log);
    const { threadTs, roundId } = await openRound();
    const frames = [
      'null',
      '[]',
      '5',
      '"hello"',
      '{"type":',
      '{}',
      '{"type":7}',
      '{"envelope_id":"bad-1","type":"events_api","payload":null}',
      '{"envelope_id":"bad-2","type":"events_api","payload":{}}',
      '{"envelope_id":"bad-3","type":"events_api","payload":{"event":null}}',
      '{"envelope_id":"bad-4","type":"slash_commands","payload":null}',
      '{"envelope_id":"bad-5","type":"interactive","payload":[]}',
      '{"envelope_id":"bad-6","type":"events_api","payload":"x"}',
      '{"envelope_id":"bad-7"}',
    ];
    // Each is followed by a valid envelope on the same socket: it was handled once that one is acked.
    let n = 0;
    const acked: boolean[] = [];
    for (const frame of frames) {
      await slack.fake.sendRawFrame(frame);
      const probe = await slack.fake.sendEnvelope(
        'events_api',
        eventCallback({ type: 'reaction_added', user: 'U0ALICE', reaction: 'eyes' }, `Ev0PROBE${++n}`),
        { timeoutMs: 3_000 },
      );
      acked.push(probe.acked);
    }
    await slack.adapter.idle();
    const dropped = log.lines.filter((l) => /^dropped a malformed Socket Mode/.test(l.message));
    expect({ acked, dropped: dropped.length, unhandled: unhandled.map(String) }).toEqual({
      acked: frames.map(() => true),
      dropped: frames.length,
      unhandled: [],
    });
    // What was wrong, never the frame itself.
    expect(JSON.stringify(dropped)).not.toContain('bad-6","type');

    const delivery = await slack.send.event(aliceReply(threadTs, 'Ev0SOCKETAFTER'));
    expect(delivery.status).toBe(200);
    await slack.adapter.idle();
    const answers = await tdb.current.store.listAnswers(roundId);
    expect(answers.map((a) => [a.userId, a.status])).toEqual([['U0ALICE', 'counted']]);
    expect(unhandled).toEqual([]);
  });
});
