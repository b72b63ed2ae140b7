import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockAction, eventCallback, slashCommand } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { blocksText, buttons, flakyStore, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * The same Bolt app over Socket Mode: the fake hands out a ws:// URL from apps.connections.open,
 * says hello, pushes envelopes and collects acks. A practice card goes through all its buttons
 * in a DM, and a thread reply is acked only once it is stored.
 */

const DM = 'D0ALICEDM';
const CHANNEL = 'C0GENERAL';

const tdb = useTestDatabase();
let slack: SlackHarness;
let flaky: ReturnType<typeof flakyStore>;

beforeEach(async () => {
  flaky = flakyStore(tdb.current.store);
  slack = await startSlack({
    db: tdb.current,
    mode: 'socket',
    store: flaky.store,
    configuredAdmins: ['U0ADMIN'],
  });
  slack.fake.addUser({ id: 'U0ALICE', name: 'Alice' });
  slack.fake.addUser({ id: 'U0ADMIN', name: 'Admin Kim' });
});

afterEach(async () => {
  await slack.close();
});

let presses = 0;

/** Presses a button of the last ephemeral card; returns the card that replaced it. */
async function press(actionId: string, value: string | undefined) {
  const name = `press-${++presses}`;
  const delivery = await slack.send.interactive(
    blockAction({
      userId: 'U0ALICE',
      channelId: DM,
      actionId,
      ...(value === undefined ? {} : { value }),
      responseUrl: slack.fake.responseUrl(name),
    }),
  );
  expect(delivery.status).toBe(200);
  const response = await slack.fake.waitForResponse(name);
  expect(response.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
  return response.body;
}

describe('Slack over Socket Mode', () => {
  it('connects with the app token and runs a practice card through all its buttons in a DM', async () => {
    const connect = await slack.fake.waitFor('apps.connections.open');
    expect(connect.headers.authorization).toBe('Bearer xapp-test-app-token');

    const delivery = await slack.send.command(
      slashCommand({
        command: '/sa-quiz',
        text: '',
        userId: 'U0ALICE',
        channelId: DM,
        channelName: 'directmessage',
        responseUrl: slack.fake.responseUrl('practice'),
      }),
    );
    expect(delivery.status).toBe(200);
    const card = await slack.fake.waitForResponse('practice');
    expect(card.body.response_type).toBe('ephemeral');
    expect(blocksText(card.body.blocks)).toContain('연습 문제');

    const seen: string[] = [];
    let current = buttons(card.body.blocks);
    for (const grade of ['good', 'again', 'hard', 'easy'] as const) {
      const show = current.find((b) => b.actionId === 'practice.show');
      expect(show?.value).toBeDefined();
      seen.push(show!.value!);
      const answer = await press('practice.show', show!.value);
      const answerText = blocksText(answer.blocks);
      expect(answerText).toContain('장점 (Benefits)');
      const grades = buttons(answer.blocks);
      expect(grades.map((b) => b.actionId)).toEqual([
        'practice.again',
        'practice.hard',
        'practice.good',
        'practice.easy',
      ]);
      expect(grades.every((b) => b.value === show!.value)).toBe(true);
      const graded = await press(`practice.${grade}`, show!.value);
      expect(blocksText(graded.blocks)).toContain('다음 복습');
      const next = buttons(graded.blocks).find((b) => b.actionId === 'practice.next');
      expect(next).toBeDefined();
      current = buttons((await press('practice.next', next!.value)).blocks);
    }
    // Four different cards, each scheduled by its grade, in the DM's workspace.
    expect(new Set(seen).size).toBe(4);
    const workspace = await tdb.current.store.ensureWorkspace('slack', 'T0SAQUIZ', 'x');
    const cards = await tdb.current.store.listPracticeCards(workspace.id, 'U0ALICE');
    expect(cards.map((c) => c.questionKey).sort()).toEqual([...seen].sort());
  });

  it('acks a thread reply only after storing it; an unstored one stays unacked for Slack to retry', async () => {
    await slack.send.command(
      slashCommand({
        command: '/sa-admin',
        text: 'subscribe',
        userId: 'U0ADMIN',
        channelId: CHANNEL,
        responseUrl: slack.fake.responseUrl('sub'),
      }),
    );
    await slack.fake.waitForResponse('sub');
    slack.clock.set('2025-03-10T00:00:00Z');
    await slack.quiz.tick(slack.clock.now());
    const channel = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
    const round = await tdb.current.store.findDailyRound(channel!.id, '2025-03-10');
    const payload = eventCallback(
      {
        type: 'message',
        channel: CHANNEL,
        user: 'U0ALICE',
        text: 'answer',
        ts: '1741570000.000100',
        thread_ts: round!.messageRef,
      },
      'Ev0SOCKET',
    );

    flaky.failNextAnswerWrite();
    const refused = await slack.fake.sendEnvelope('events_api', payload, { timeoutMs: 1000 });
    expect(refused.acked).toBe(false);
    expect(await tdb.current.store.listAnswers(round!.id)).toEqual([]);

    const retried = await slack.fake.sendEnvelope('events_api', payload, { retryAttempt: 1 });
    expect(retried.acked).toBe(true);
    await slack.adapter.idle();
    expect((await tdb.current.store.listAnswers(round!.id)).map((a) => a.status)).toEqual(['counted']);
    expect(slack.fake.callsTo('reactions.add')).toHaveLength(1);
  });
});
