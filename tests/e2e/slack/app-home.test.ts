import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventCallback } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { ADMIN, BROKEN, HEALTHY, MON_0900, MON_1800, subscribe, tickAt } from './failure-world.js';
import {
  blocksText,
  buttons,
  recordingLogger,
  type SlackHarness,
  startSlack,
  threadReplyEvent,
} from './slack-harness.js';

/**
 * The App Home tab, opened by a player and by an admin, published by the real Bolt app into the
 * fake Slack (`views.publish`, which enforces a home view's 100 blocks and answers `not_enabled`
 * when the app's Home tab is off): the player's standing after Monday's round, when Tuesday's
 * question comes (as a `<!date>` each reader sees in their own zone), their practice queue; the
 * admin also sees every subscribed channel with its schedule and state.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let log: ReturnType<typeof recordingLogger>;
let seq = 0;
const ALICE = 'U0ALICE';
/** Tuesday 2025-03-11 09:00 in Seoul. */
const TUE_0900 = Date.parse('2025-03-11T00:00:00Z') / 1000;

beforeEach(async () => {
  log = recordingLogger();
  slack = await startSlack({ db: tdb.current, mode: 'http', logger: log });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  slack.fake.addUser({ id: ALICE, name: 'alice' });
  slack.fake.addUser({ id: 'U0BOB', name: 'bob' });
});

afterEach(async () => {
  await slack.close();
});

async function deliver(event: Record<string, unknown>): Promise<void> {
  const delivery = await slack.send.event(eventCallback(event, `Ev0HOME${++seq}`));
  expect(delivery.status).toBe(200);
  await slack.adapter.idle();
}

const opened = (user: string) => ({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });

/** Monday's round in HEALTHY, answered by Alice, revealed; BROKEN archived. */
async function monday(): Promise<void> {
  await subscribe(slack, HEALTHY);
  await subscribe(slack, BROKEN);
  await tickAt(slack, MON_0900);
  const [question] = slack.fake.messagesIn(HEALTHY, { topLevel: true });
  const reply = threadReplyEvent({
    channel: HEALTHY,
    user: ALICE,
    threadTs: question?.ts ?? '',
    ts: '1741568400.000100',
    text: '보안 그룹은 인스턴스 수준의 상태 저장 방화벽입니다.',
    eventId: 'Ev0HOMEANSWER',
  });
  expect((await slack.send.event(reply)).status).toBe(200);
  await deliver({ type: 'channel_archive', channel: BROKEN, user: ADMIN });
  await tickAt(slack, MON_1800);
}

describe('Slack App Home', () => {
  it("shows a player their standing, Tuesday's question time and their practice; no admin section", async () => {
    await monday();
    await deliver(opened(ALICE));
    const home = slack.fake.homeView(ALICE);
    expect(home?.type).toBe('home');
    const text = blocksText(home?.blocks);
    expect(text).toContain('나의 학습 현황');
    expect(text).toContain(`<#${HEALTHY}>`);
    expect(text).toMatch(/1위 · 현재 1연속 · 최고 1 · 답변 1/);
    // The archived channel is paused: no next question there; HEALTHY's is Tuesday 09:00.
    expect(text).toContain(`<!date^${TUE_0900}^`);
    expect(text).toMatch(/오늘 복습할 카드 \d+장 · 아직 풀지 않은 질문 \d+개/);
    // Monday's answer with the key points it made.
    expect(text).toContain('최근 내 답변');
    expect(text).toMatch(new RegExp(`2025-03-10 · <#${HEALTHY}> · .+ · \\d/\\d`));
    expect(text).not.toContain('관리: 구독한 채널');

    // Someone who never answered.
    await deliver(opened('U0BOB'));
    expect(blocksText(slack.fake.homeView('U0BOB')?.blocks)).toContain('아직 답한 적이 없습니다');
  });

  it('shows an admin every subscribed channel, its schedule and why one is stopped', async () => {
    await monday();
    await deliver(opened(ADMIN));
    const text = blocksText(slack.fake.homeView(ADMIN)?.blocks);
    expect(text).toContain('관리: 구독한 채널');
    const lines = text.split('\n');
    expect(lines.find((l) => l.includes(`<#${HEALTHY}>`) && l.includes('진행 중'))).toContain('09:00');
    expect(lines.find((l) => l.includes(`<#${BROKEN}>`) && l.includes('멈춤'))).toContain('보관(아카이브)');
  });

  it('an empty workspace says how to start; opening the tab again at once publishes once', async () => {
    await deliver(opened(ALICE));
    await deliver(opened(ALICE));
    expect(slack.fake.callsTo('views.publish')).toHaveLength(1);
    expect(blocksText(slack.fake.homeView(ALICE)?.blocks)).toContain('`/sa-admin subscribe`');
    slack.clock.set(new Date(slack.clock.now().getTime() + 60_000));
    await deliver(opened(ALICE));
    expect(slack.fake.callsTo('views.publish')).toHaveLength(2);
    // The Messages tab (the app's DM) is not the home.
    await deliver({ ...opened('U0BOB'), tab: 'messages' });
    expect(slack.fake.homeView('U0BOB')).toBeUndefined();
  });

  it('a Home tab turned off in the app config is said once in the log, not retried', async () => {
    slack.fake.setHomeTabEnabled(false);
    await deliver(opened(ALICE));
    await deliver(opened('U0BOB'));
    expect(slack.fake.callsTo('views.publish')).toHaveLength(2);
    const said = log.lines.filter((l) => l.message === 'app home not published');
    expect(said).toHaveLength(1);
    expect(JSON.stringify(said[0])).toContain('not_enabled');
  });
});

describe('Slack App Home: the admin’s settings buttons', () => {
  it('a channel’s button opens that channel’s settings form', async () => {
    await subscribe(slack, HEALTHY);
    await deliver(opened(ADMIN));
    const home = slack.fake.homeView(ADMIN);
    const button = buttons(home?.blocks).find((b) => b.actionId === 'settings.open' && b.value === HEALTHY);
    expect(button).toBeDefined();
    // Not offered to members.
    await deliver(opened(ALICE));
    expect(buttons(slack.fake.homeView(ALICE)?.blocks).map((b) => b.actionId)).toEqual(['home.practice']);

    const press = {
      type: 'block_actions',
      user: { id: ADMIN, username: 'admin', name: 'admin', team_id: 'T0SAQUIZ' },
      api_app_id: 'A0SAQUIZ',
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: 'V0HOME' },
      trigger_id: 'trigger-home-settings',
      team: { id: 'T0SAQUIZ', domain: 'saquiz' },
      is_enterprise_install: false,
      view: { id: 'V0HOME', type: 'home', team_id: 'T0SAQUIZ', blocks: [] },
      actions: [
        {
          type: 'button',
          action_id: 'settings.open',
          block_id: 'b1',
          value: HEALTHY,
          action_ts: '1741564801.000000',
        },
      ],
    };
    expect((await slack.send.interactive(press)).status).toBe(200);
    await slack.adapter.idle();
    const [modal] = slack.fake.callsTo('views.open');
    expect(modal?.body.trigger_id).toBe('trigger-home-settings');
    expect(JSON.stringify(modal?.body.view)).toContain(`\\"channelId\\":\\"${HEALTHY}\\"`);
  });
});
