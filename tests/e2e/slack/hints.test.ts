import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../../src/core/i18n/catalog.js';
import { BOT_ID, BOT_USER_ID, type SlackCall } from '../../fakes/slack-api.js';
import { eventCallback } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { ADMIN, dailyRound, MON_0900, MON_1800, subscribe, tickAt } from './failure-world.js';
import { blocksText, recordingLogger, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * Replies that do not count are told so, privately: a second reply, a reply after the deadline
 * and a message in the channel instead of the thread each get one ephemeral message for their
 * author, once per round, person and kind, sent after the event is acknowledged. Nobody else
 * sees anything; bots, joins and edits get nothing.
 */

const CHANNEL = 'C0GENERAL';
const m = messages('ko');

const tdb = useTestDatabase();
let slack: SlackHarness;
let log: ReturnType<typeof recordingLogger>;
let thread: string;
let seq = 0;

beforeEach(async () => {
  log = recordingLogger();
  slack = await startSlack({ db: tdb.current, mode: 'http', logger: log });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  for (const [id, name] of [
    ['U0ALICE', 'Alice'],
    ['U0BOB', 'Bob'],
    ['U0DAVE', 'Dave'],
  ])
    slack.fake.addUser({ id: id!, name: name! });
  await subscribe(slack, CHANNEL);
  await tickAt(slack, MON_0900);
  thread = (await dailyRound(tdb.current.store, CHANNEL, '2025-03-10'))!.messageRef!;
  slack.clock.set('2025-03-10T01:00:00Z');
});

afterEach(async () => {
  await slack.close();
});

/** Delivers a `message` event as Slack does and waits for its follow-ups. */
async function deliver(event: Record<string, unknown>, eventId = `Ev${++seq}`, retryNum?: number) {
  const payload = eventCallback(
    { type: 'message', channel: CHANNEL, channel_type: 'channel', ...event },
    eventId,
  );
  const delivery = await slack.send.event(payload, retryNum === undefined ? {} : { retryNum });
  expect(delivery.status).toBe(200);
  await slack.adapter.idle();
}

const reply = (user: string, ts: string, text = 'an answer') =>
  deliver({ user, ts, text, thread_ts: thread });
const say = (user: string, ts: string, extra: Record<string, unknown> = {}) =>
  deliver({ user, ts, text: 'lunch?', ...extra });

function hints(): { user: unknown; thread: unknown; text: string }[] {
  return slack.fake.callsTo('chat.postEphemeral').map((c: SlackCall) => ({
    user: c.body.user,
    thread: c.body.thread_ts,
    text: blocksText(c.body.blocks),
  }));
}

describe('Slack: replies that do not count', () => {
  it('a second reply: its author is told once, in the thread; nobody else hears a thing', async () => {
    await reply('U0ALICE', '1741570000.000100');
    await reply('U0BOB', '1741570000.000200');
    expect(hints()).toEqual([]);
    await reply('U0ALICE', '1741570000.000300');
    // Slack delivers it again: already stored, no second hint.
    await deliver({ user: 'U0ALICE', ts: '1741570000.000300', text: 'x', thread_ts: thread }, `Ev${seq}`, 1);
    await reply('U0ALICE', '1741570000.000400');
    expect(hints()).toEqual([{ user: 'U0ALICE', thread, text: expect.stringContaining(m.answerExtra) }]);
    expect(slack.fake.callsTo('chat.postEphemeral')[0]?.body.channel).toBe(CHANNEL);
    expect(slack.fake.callsTo('chat.postMessage'), 'only the question was posted').toHaveLength(1);
    expect(slack.fake.callsTo('reactions.add').map((c) => c.body.timestamp)).toEqual([
      '1741570000.000100',
      '1741570000.000200',
    ]);
  });

  it('a reply after the reveal: told once per person that it is kept but does not count', async () => {
    await reply('U0ALICE', '1741570000.000100');
    await tickAt(slack, MON_1800);
    slack.clock.set('2025-03-10T09:30:00Z');
    await reply('U0DAVE', '1741600000.000100', 'sorry, late');
    await reply('U0DAVE', '1741600000.000200', 'still late');
    await reply('U0ALICE', '1741600000.000300', 'one more thought');
    expect(hints()).toEqual([
      // The reveal's private feedback note to its one answerer (feedback.test.ts), then the hints.
      { user: 'U0ALICE', thread, text: expect.stringContaining(m.feedback.noteTitle('')) },
      { user: 'U0DAVE', thread, text: expect.stringContaining(m.answerLate) },
      { user: 'U0ALICE', thread, text: expect.stringContaining(m.answerLate) },
    ]);
  });

  it('a message in the channel while a round is open: told to answer in the thread, once', async () => {
    const posts = slack.fake.callsTo('chat.postMessage').length;
    await say('U0DAVE', '1741570000.000500');
    await say('U0DAVE', '1741570000.000600');
    await say('U0BOB', '1741570000.000700', { subtype: 'file_share', files: [{ id: 'F1', name: 'a.png' }] });
    // None of these is a person writing in the channel.
    await say('U0ALICE', '1741570000.000800', { subtype: 'channel_join', text: '<@U0ALICE> has joined' });
    await deliver({ subtype: 'bot_message', bot_id: 'B0OTHER', text: 'beep', ts: '1741570000.000900' });
    await deliver({ user: BOT_USER_ID, bot_id: BOT_ID, text: 'me', ts: '1741570000.001000' });
    await deliver({
      subtype: 'message_changed',
      hidden: true,
      ts: '1741570000.001100',
      message: { type: 'message', user: 'U0ALICE', text: 'edited', ts: '1741570000.000800' },
    });
    await deliver({
      user: 'U0ALICE',
      text: 'hi',
      ts: '1741570000.001200',
      channel: 'DU0ALICE',
      channel_type: 'im',
    });
    expect(hints()).toEqual([
      { user: 'U0DAVE', thread: undefined, text: expect.stringContaining(m.failures.replyInThread) },
      { user: 'U0BOB', thread: undefined, text: expect.stringContaining(m.failures.replyInThread) },
    ]);
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(posts);

    // No round open: before the next question, or in a channel that is not subscribed.
    await tickAt(slack, MON_1800);
    await say('U0ALICE', '1741600000.000100');
    await deliver({ user: 'U0ALICE', text: 'hello', ts: '1741600000.000200', channel: 'C0ELSEWHERE' });
    expect(hints()).toHaveLength(2);
  });

  it('sends the hint after the ack, and drops it quietly when the person is not in the channel', async () => {
    slack.fake.slowDown('chat.postEphemeral', 1000);
    const payload = eventCallback(
      {
        type: 'message',
        channel: CHANNEL,
        channel_type: 'channel',
        user: 'U0DAVE',
        text: 'x',
        ts: '1741570000.000500',
      },
      'Ev0SLOWHINT',
    );
    expect((await slack.send.event(payload)).status).toBe(200);
    const acked = Date.now();
    const call = await slack.fake.waitFor('chat.postEphemeral');
    expect(acked, 'the event was answered before Slack answered the hint').toBeLessThan(call.at + 1000);
    await slack.adapter.idle();
    slack.fake.slowDown('chat.postEphemeral', 0);

    slack.fake.fail('chat.postEphemeral', { error: 'user_not_in_channel' });
    await say('U0BOB', '1741570000.000600');
    expect(slack.fake.callsTo('chat.postEphemeral')).toHaveLength(2);
    expect(log.lines.filter((l) => l.level !== 'info' && /hint/.test(l.message))).toEqual([]);
    // His next message in the channel this round gets nothing: the hint was his to get once.
    await say('U0BOB', '1741570000.000700');
    expect(slack.fake.callsTo('chat.postEphemeral')).toHaveLength(2);
  });
});
