import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { viewSubmission } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { openMondayRound, type SlackHarness, startSlack, threadReplyEvent } from './slack-harness.js';

/**
 * Thread replies are everywhere in a busy workspace, and nearly none are answers. One that is not
 * in a round's thread costs no Slack call: before, each asked users.info for its author's name
 * (Tier 4, about 100 a minute for the whole app) before the core had looked at it. The name is
 * asked only for a reply the core stores as an answer.
 */

const QUIZ_CHANNEL = 'C0QUIZ';
const OTHER_CHANNEL = 'C0RANDOM';

const tdb = useTestDatabase();
let slack: SlackHarness;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http', configuredAdmins: ['U0ADMIN'] });
  slack.fake.addUser({ id: 'U0ADMIN', name: 'Admin Kim' });
  for (let i = 0; i < 20; i += 1) slack.fake.addUser({ id: `U0PERSON${i}`, name: `Person ${i}` });
});

afterEach(async () => {
  await slack.close();
});

function openRound(): Promise<{ threadTs: string; roundId: number }> {
  return openMondayRound(slack, tdb.current.store, QUIZ_CHANNEL);
}

let events = 0;

function reply(channel: string, threadTs: string, user: string, ts: string) {
  return threadReplyEvent({ channel, user, threadTs, ts, text: 'chatting', eventId: `Ev0COST${++events}` });
}

describe('thread replies that are not answers', () => {
  it('cost no users.info call, in another channel or another thread of the quiz channel', async () => {
    const { threadTs, roundId } = await openRound();
    const before = slack.fake.callsTo('users.info').length;
    for (let i = 0; i < 20; i += 1) {
      const ts = `1741570100.${String(i).padStart(6, '0')}`;
      // A conversation in another channel, and one under someone's message in the quiz channel.
      expect(
        (await slack.send.event(reply(OTHER_CHANNEL, '1741569000.000001', `U0PERSON${i}`, ts))).status,
      ).toBe(200);
      expect(
        (await slack.send.event(reply(QUIZ_CHANNEL, '1741569000.000002', `U0PERSON${i}`, ts))).status,
      ).toBe(200);
    }
    await slack.adapter.idle();
    expect(slack.fake.callsTo('users.info').length - before).toBe(0);
    expect(await tdb.current.store.listAnswers(roundId)).toEqual([]);

    // An answer in the round's thread asks for its author's name once, and stores it.
    const answer = reply(QUIZ_CHANNEL, threadTs, 'U0PERSON3', '1741570200.000001');
    expect((await slack.send.event(answer)).status).toBe(200);
    expect((await slack.send.event(answer, { retryNum: 1 })).status).toBe(200);
    await slack.adapter.idle();
    expect(slack.fake.callsTo('users.info').map((c) => c.body.user)).toEqual([
      ...slack.fake
        .callsTo('users.info')
        .slice(0, before)
        .map((c) => c.body.user),
      'U0PERSON3',
    ]);
    const answers = await tdb.current.store.listAnswers(roundId);
    expect(answers.map((a) => [a.userId, a.userName, a.status])).toEqual([
      ['U0PERSON3', 'Person 3', 'counted'],
    ]);
  });

  it("an answer is acked without waiting for its author's name, which is filled in after the ack", async () => {
    const { roundId } = await openRound();
    const { threadTs } = { threadTs: (await tdb.current.store.getRound(roundId))!.messageRef! };
    slack.fake.slowDown('users.info', 1000);
    const answer = reply(QUIZ_CHANNEL, threadTs, 'U0PERSON4', '1741570300.000001');
    expect((await slack.send.event(answer)).status).toBe(200);
    // Acked with the answer stored; users.info has not answered yet, so the name is not known.
    expect(
      (await tdb.current.store.listAnswers(roundId)).map((a) => [a.userId, a.userName, a.status]),
    ).toEqual([['U0PERSON4', '', 'counted']]);
    await slack.adapter.idle();
    expect((await tdb.current.store.listAnswers(roundId)).map((a) => a.userName)).toEqual(['Person 4']);
    // Known from now on: the next answer (another round's thread would do too) asks nothing.
    const asked = slack.fake.callsTo('users.info').length;
    const second = reply(QUIZ_CHANNEL, threadTs, 'U0PERSON4', '1741570300.000002');
    expect((await slack.send.event(second)).status).toBe(200);
    await slack.adapter.idle();
    expect(slack.fake.callsTo('users.info').length).toBe(asked);
    expect((await tdb.current.store.listAnswers(roundId)).map((a) => [a.userName, a.status])).toEqual([
      ['Person 4', 'counted'],
      ['Person 4', 'extra'],
    ]);
  });

  it('a private answer sent to a thread that is no round costs no users.info call either', async () => {
    await openRound();
    const before = slack.fake.callsTo('users.info').length;
    const submitted = await slack.send.interactive(
      viewSubmission({
        userId: 'U0PERSON1',
        callbackId: 'sa-quiz.private-answer',
        privateMetadata: JSON.stringify({
          teamId: 'T0SAQUIZ',
          channelId: QUIZ_CHANNEL,
          threadTs: '1741569000.000009',
        }),
        values: { answer: { text: { type: 'plain_text_input', value: 'not a round' } } },
      }),
    );
    expect(submitted.status).toBe(200);
    await slack.adapter.idle();
    expect(slack.fake.callsTo('users.info').length - before).toBe(0);
  });
});
