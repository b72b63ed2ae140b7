import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockAction, eventCallback } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { ADMIN, HEALTHY, subscribe } from './failure-world.js';
import { blocksText, buttons, recordingLogger, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * The App Home's "Practice now" button, pressed in the real Bolt app against the fake Slack: the
 * press (a `block_actions` from the home view, no channel) opens the app's DM with the presser
 * and posts the next practice card there, whose own buttons then work as in a channel; a replayed
 * press posts nothing more; a refusal (the app's Messages tab off) is told in a small modal.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let log: ReturnType<typeof recordingLogger>;
let seq = 0;
const ALICE = 'U0ALICE';
const ALICE_DM = `D${ALICE}`;

beforeEach(async () => {
  log = recordingLogger();
  slack = await startSlack({ db: tdb.current, mode: 'http', logger: log });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  slack.fake.addUser({ id: ALICE, name: 'alice' });
});

afterEach(async () => {
  await slack.close();
});

async function openHome(user: string): Promise<unknown[]> {
  const event = { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' };
  expect((await slack.send.event(eventCallback(event, `Ev0PRACTICE${++seq}`))).status).toBe(200);
  await slack.adapter.idle();
  return slack.fake.homeView(user)?.blocks ?? [];
}

/** A press of a Home tab button, as Slack sends it: the container is the home view, no channel. */
function homePress(user: string, actionId: string, value: string, triggerId: string) {
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0SAQUIZ' },
    api_app_id: 'A0SAQUIZ',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'V0HOME' },
    trigger_id: triggerId,
    team: { id: 'T0SAQUIZ', domain: 'saquiz' },
    is_enterprise_install: false,
    view: { id: 'V0HOME', type: 'home', team_id: 'T0SAQUIZ', blocks: [] },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value, action_ts: '1741564801.000000' }],
  };
}

async function press(payload: Record<string, unknown>): Promise<void> {
  expect((await slack.send.interactive(payload)).status).toBe(200);
  await slack.adapter.idle();
}

describe('Slack App Home: "Practice now"', () => {
  it('posts the practice card in the DM, whose buttons work there; a replayed press posts nothing more', async () => {
    await subscribe(slack, HEALTHY);
    const home = await openHome(ALICE);
    expect(blocksText(home)).toMatch(/오늘 복습할 카드 0장 · 아직 풀지 않은 질문 [1-9]\d*개/);
    const button = buttons(home).find((b) => b.actionId === 'home.practice');
    expect(button).toEqual({ actionId: 'home.practice', value: 'ko' });
    expect(JSON.stringify(home)).toContain('지금 연습하기');

    const pressed = homePress(ALICE, 'home.practice', 'ko', 'trigger-home-practice');
    await press(pressed);
    expect(slack.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([ALICE]);
    const [card, ...more] = slack.fake.messagesIn(ALICE_DM);
    expect(more).toEqual([]);
    expect(blocksText(card?.blocks)).toContain('연습 문제');
    const cardButtons = buttons(card?.blocks);
    const key = cardButtons.find((b) => b.actionId === 'practice.show')?.value;
    expect(key).toBeDefined();

    // The same press delivered again (its trigger id seen before) does nothing.
    await press(pressed);
    expect(slack.fake.messagesIn(ALICE_DM)).toHaveLength(1);
    expect(slack.fake.callsTo('conversations.open')).toHaveLength(1);

    // "Show answer" on the card in the DM: the reference replaces it, with the self-grades.
    await press(
      blockAction({
        userId: ALICE,
        channelId: ALICE_DM,
        actionId: 'practice.show',
        value: key ?? '',
        responseUrl: slack.fake.responseUrl('shown'),
        ephemeral: false,
        messageTs: card?.ts ?? '',
      }),
    );
    const shown = await slack.fake.waitForResponse('shown');
    expect(shown.body.replace_original).toBe(true);
    expect(buttons(shown.body.blocks).map((b) => b.actionId)).toEqual(
      expect.arrayContaining(['practice.again', 'practice.hard', 'practice.good', 'practice.easy']),
    );
    expect(blocksText(shown.body.blocks)).toContain('정의');

    // A second press (a new trigger) sends the next card.
    await press(homePress(ALICE, 'home.practice', 'ko', 'trigger-home-practice-2'));
    expect(slack.fake.messagesIn(ALICE_DM)).toHaveLength(2);
  });

  it('an English home sends the card in English', async () => {
    await subscribe(slack, HEALTHY);
    await press(homePress(ALICE, 'home.practice', 'en', 'trigger-home-practice-en'));
    expect(blocksText(slack.fake.messagesIn(ALICE_DM)[0]?.blocks)).toContain('Show answer');
  });

  it('the app’s Messages tab turned off: said in a modal and logged once, nothing posted', async () => {
    await subscribe(slack, HEALTHY);
    slack.fake.fail('chat.postMessage', { error: 'messages_tab_disabled' }, 2);
    await press(homePress(ALICE, 'home.practice', 'ko', 'trigger-home-tab-off'));
    await press(homePress(ALICE, 'home.practice', 'ko', 'trigger-home-tab-off-2'));
    expect(slack.fake.messagesIn(ALICE_DM)).toEqual([]);
    const modals = slack.fake.callsTo('views.open');
    expect(modals.map((c) => c.body.trigger_id)).toEqual(['trigger-home-tab-off', 'trigger-home-tab-off-2']);
    expect(JSON.stringify(modals[0]?.body)).toContain('메시지 탭이 꺼져 있습니다');
    const said = log.lines.filter((l) => l.message === 'home practice card not sent');
    expect(said).toHaveLength(1);
    expect(JSON.stringify(said[0])).toContain('messages_tab_disabled');
  });

  it('a person the bot may not message (conversations.open refused): told in a modal', async () => {
    await subscribe(slack, HEALTHY);
    slack.fake.fail('conversations.open', { error: 'user_not_visible' });
    await press(homePress(ALICE, 'home.practice', 'ko', 'trigger-home-not-visible'));
    expect(slack.fake.messagesIn(ALICE_DM)).toEqual([]);
    expect(JSON.stringify(slack.fake.callsTo('views.open')[0]?.body)).toContain('DM을 보낼 수 없습니다');
  });
});
