import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blockAction,
  postSigned,
  SIGNING_SECRET,
  slackSignature,
  slashCommand,
} from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { buttons, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * A signed request is good for 5 minutes either side of our clock, as Slack documents: Bolt only
 * refused the old ones, so a request signed for tomorrow stayed valid until tomorrow. Within the
 * window, a replayed command or button press (the same body, timestamp and signature sent
 * again) does nothing a second time: Slack gives each its own `trigger_id`.
 */

const DM = 'D0ALICEDM';
const FORM = 'application/x-www-form-urlencoded';

const tdb = useTestDatabase();
let slack: SlackHarness;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http' });
  slack.fake.addUser({ id: 'U0ALICE', name: 'Alice' });
});

afterEach(async () => {
  await slack.close();
});

function practiceBody(response: string, triggerId?: string): string {
  return new URLSearchParams(
    slashCommand({
      command: '/sa-quiz',
      text: '',
      userId: 'U0ALICE',
      channelId: DM,
      channelName: 'directmessage',
      responseUrl: slack.fake.responseUrl(response),
      ...(triggerId ? { triggerId } : {}),
    }),
  ).toString();
}

/** Posts `body` signed with a timestamp `offsetS` seconds from now. */
function signedAt(body: string, offsetS: number) {
  const timestamp = Math.floor(Date.now() / 1000) + offsetS;
  return postSigned(slack.eventsUrl, body, FORM, {
    timestamp,
    signature: slackSignature(SIGNING_SECRET, timestamp, body),
  });
}

function responsesTo(name: string): number {
  return slack.fake.responses.filter((r) => r.name === name).length;
}

describe('the 5-minute window of a signed request', () => {
  it('refuses a timestamp more than 5 minutes ahead or behind, and accepts one within', async () => {
    const statuses = {
      ahead6min: (await signedAt(practiceBody('ahead-6'), 6 * 60)).status,
      ahead1day: (await signedAt(practiceBody('ahead-day'), 24 * 60 * 60)).status,
      behind6min: (await signedAt(practiceBody('behind-6'), -6 * 60)).status,
      ahead4min: (await signedAt(practiceBody('ahead-4'), 4 * 60)).status,
      behind4min: (await signedAt(practiceBody('behind-4'), -4 * 60)).status,
    };
    expect(statuses).toEqual({
      ahead6min: 401,
      ahead1day: 401,
      behind6min: 401,
      ahead4min: 200,
      behind4min: 200,
    });
    await slack.fake.waitForResponse('ahead-4');
    await slack.fake.waitForResponse('behind-4');
    await slack.adapter.idle();
    // The refused ones did nothing.
    expect([responsesTo('ahead-6'), responsesTo('ahead-day'), responsesTo('behind-6')]).toEqual([0, 0, 0]);
  });
});

describe('a replayed signed request within the window', () => {
  it('a slash command delivered twice is answered once', async () => {
    const body = practiceBody('practice', 'trigger-replayed-command');
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SIGNING_SECRET, timestamp, body);
    const first = await postSigned(slack.eventsUrl, body, FORM, { timestamp, signature });
    const replay = await postSigned(slack.eventsUrl, body, FORM, { timestamp, signature });
    expect([first.status, replay.status]).toEqual([200, 200]);
    await slack.fake.waitForResponse('practice');
    await slack.adapter.idle();
    expect(responsesTo('practice')).toBe(1);

    // A new command (its own trigger id) from the same person is answered as usual.
    expect((await signedAt(practiceBody('again', 'trigger-next-command'), 0)).status).toBe(200);
    await slack.fake.waitForResponse('again');
  });

  it('a grade button pressed once but delivered twice reviews the card once', async () => {
    expect((await signedAt(practiceBody('card'), 0)).status).toBe(200);
    const card = await slack.fake.waitForResponse('card');
    const key = buttons(card.body.blocks).find((b) => b.actionId === 'practice.show')?.value;
    expect(key).toBeDefined();
    const press = new URLSearchParams({
      payload: JSON.stringify(
        blockAction({
          userId: 'U0ALICE',
          channelId: DM,
          actionId: 'practice.good',
          value: key!,
          responseUrl: slack.fake.responseUrl('graded'),
        }),
      ),
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SIGNING_SECRET, timestamp, press);
    const first = await postSigned(slack.eventsUrl, press, FORM, { timestamp, signature });
    const replay = await postSigned(slack.eventsUrl, press, FORM, { timestamp, signature });
    expect([first.status, replay.status]).toEqual([200, 200]);
    await slack.fake.waitForResponse('graded');
    await slack.adapter.idle();
    expect(responsesTo('graded')).toBe(1);
    const workspace = await tdb.current.store.ensureWorkspace('slack', 'T0SAQUIZ', 'x');
    const cards = await tdb.current.store.listPracticeCards(workspace.id, 'U0ALICE');
    expect(cards.map((c) => [c.questionKey, c.reps])).toEqual([[key, 1]]);
  });
});
