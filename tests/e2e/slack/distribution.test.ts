import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealedInstallationStore } from '../../../src/adapters/slack/slack-installations.js';
import { silentLogger } from '../../../src/core/logger.js';
import { slackInstallationRows } from '../../../src/db/slack-installation-store.js';
import { TokenCipher } from '../../../src/secrets/token-cipher.js';
import type { FakeTeam } from '../../fakes/slack-api.js';
import { appUninstalled, blockAction, eventCallback, slashCommand } from '../../fakes/slack-payloads.js';
import { OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET } from '../../fakes/slack-teams.js';
import { useTestDatabase } from '../../helpers/database.js';
import { MONDAY_0900_KST, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * Distribution mode end to end: the real Bolt app with its OAuth flow and the sealed
 * installation store on a real database, against a fake Slack with two workspaces. Each installs
 * through /slack/install → oauth.v2.access → /slack/oauth_redirect, runs a quiz day with its own
 * token, and cannot reach the other's channel; one uninstalls and its data is gone once the grace
 * period (30 days, the injected clock) has passed, while the other goes on.
 */

const tdb = useTestDatabase();
const KEY = Buffer.alloc(32, 5);
const STATE_SECRET = 'state-secret-for-the-tests';
const SIX_PM_KST = '2025-03-10T09:00:00Z';
const DAY = 24 * 3_600_000;
let slack: SlackHarness;
let alpha: FakeTeam;
let bravo: FakeTeam;

beforeEach(async () => {
  slack = await startSlack({
    db: tdb.current,
    mode: 'http',
    // Not under test here: a loaded machine must not turn a slow answer into Slack's retry.
    ackDeadlineMs: 60_000,
    oauth: () => ({
      clientId: OAUTH_CLIENT_ID,
      clientSecret: OAUTH_CLIENT_SECRET,
      stateSecret: STATE_SECRET,
      installationStore: new SealedInstallationStore(
        slackInstallationRows(tdb.current.database.db),
        new TokenCipher(KEY),
        silentLogger,
      ),
    }),
  });
  alpha = slack.fake.addTeam({ id: 'T0ALPHA', domain: 'alpha', name: 'Alpha Cloud' });
  bravo = slack.fake.addTeam({ id: 'T0BRAVO', domain: 'bravo', name: 'Bravo Bootcamp' });
  for (const [team, channel] of [
    [alpha, 'C0ALPHA'],
    [bravo, 'C0BRAVO'],
  ] as const) {
    slack.fake.setChannel(channel, { team: team.id, name: `quiz-${team.domain}` });
    slack.fake.addUser({
      id: `U0${team.domain.toUpperCase()}ADM`,
      name: `${team.name} admin`,
      isAdmin: true,
      team: team.id,
    });
    slack.fake.addUser({ id: `U0${team.domain.toUpperCase()}ANN`, name: `${team.name} Ann`, team: team.id });
  }
});

afterEach(async () => {
  await slack.close();
});

const base = (): string => slack.eventsUrl.replace('/slack/events', '');

/** What a person does in the browser: open the install page, approve in `team`, come back. */
async function install(team: FakeTeam): Promise<Response> {
  const page = await fetch(`${base()}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const state = /[?&;]state=([^&"']+)/.exec(html)?.[1];
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(state, html).toBeDefined();
  expect(html).toContain(`client_id=${OAUTH_CLIENT_ID}`);
  const code = slack.fake.oauthCode(team.id);
  return fetch(`${base()}/slack/oauth_redirect?code=${code}&state=${state}`, { headers: { cookie } });
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const result = await tdb.current.database.db.execute(sql);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
}

async function subscribe(team: FakeTeam, channel: string, name = `sub-${channel}`): Promise<string> {
  await slack.send.command(
    slashCommand({
      command: '/sa-admin',
      text: 'subscribe',
      userId: `U0${team.domain.toUpperCase()}ADM`,
      channelId: channel,
      channelName: `quiz-${team.domain}`,
      responseUrl: slack.fake.responseUrl(name),
      team,
    }),
  );
  return JSON.stringify(await slack.fake.waitForResponse(name));
}

let events = 0;
async function answer(team: FakeTeam, channel: string, threadTs: string, text: string): Promise<number> {
  events += 1;
  const ts = `1741568${String(events).padStart(3, '0')}.000100`;
  const delivery = await slack.send.event(
    eventCallback(
      {
        type: 'message',
        channel,
        channel_type: 'channel',
        user: `U0${team.domain.toUpperCase()}ANN`,
        text,
        ts,
        thread_ts: threadTs,
      },
      `EvDIST${events}`,
      team,
    ),
  );
  return delivery.status;
}

/** The thread of Monday's question in `channel` of `team`, from the database. */
async function questionTs(team: FakeTeam, channel: string): Promise<string> {
  const found = await tdb.current.store.findChannel('slack', team.id, channel);
  const round = await tdb.current.store.findDailyRound(found?.id ?? 0, '2025-03-10');
  expect(round?.messageRef, `question in ${channel}`).toBeTruthy();
  return round?.messageRef ?? '';
}

describe('distribution mode: many workspaces through OAuth', () => {
  it('installs two workspaces, runs a day in each with its own token, and forgets the one that leaves', async () => {
    const installed = await install(alpha);
    expect(installed.status).toBe(200);
    expect(await installed.text()).toContain('설치 완료');
    expect((await install(bravo)).status).toBe(200);
    const stored = await rows(
      'select install_key, team_id, sealed from slack_installations order by install_key',
    );
    expect(stored.map((r) => r.install_key)).toEqual(['team:T0ALPHA', 'team:T0BRAVO']);
    // Sealed at rest: no token in the table.
    expect(JSON.stringify(stored)).not.toContain(alpha.botToken);
    expect(JSON.stringify(stored)).not.toContain('xox');

    // Each admin subscribes their own channel; the check of the channel uses their own token.
    expect(await subscribe(alpha, 'C0ALPHA')).not.toContain('error');
    expect(await subscribe(bravo, 'C0BRAVO')).not.toContain('error');
    // A command from Bravo naming Alpha's channel: Bravo's token cannot see it, nothing is subscribed.
    const forged = await subscribe(bravo, 'C0ALPHA', 'forged');
    expect(forged).toContain('실행하지 않았습니다');
    expect(
      slack.fake
        .callsBy(bravo.id)
        .some((c) => c.body.channel === 'C0ALPHA' && c.method === 'chat.postMessage'),
    ).toBe(false);

    // 09:00: one question in each workspace, each posted with that workspace's token.
    slack.clock.set(MONDAY_0900_KST);
    expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ posted: 2, failed: 0 });
    const posts = slack.fake.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.body.thread_ts === undefined,
    );
    expect(posts.map((c) => [c.body.channel, c.team]).sort()).toEqual([
      ['C0ALPHA', 'T0ALPHA'],
      ['C0BRAVO', 'T0BRAVO'],
    ]);
    expect(posts.find((c) => c.body.channel === 'C0ALPHA')?.token).toBe(alpha.botToken);
    expect(posts.find((c) => c.body.channel === 'C0BRAVO')?.token).toBe(bravo.botToken);

    const alphaThread = await questionTs(alpha, 'C0ALPHA');
    const bravoThread = await questionTs(bravo, 'C0BRAVO');
    expect(await answer(alpha, 'C0ALPHA', alphaThread, 'Multi-AZ keeps a standby in another AZ')).toBe(200);
    expect(await answer(bravo, 'C0BRAVO', bravoThread, 'Read replicas scale reads')).toBe(200);
    await slack.adapter.idle();
    // The ✅ reactions follow, each with its own workspace's token.
    const reactions = slack.fake.calls.filter((c) => c.method === 'reactions.add');
    expect(reactions.map((c) => [c.body.channel, c.team]).sort()).toEqual([
      ['C0ALPHA', 'T0ALPHA'],
      ['C0BRAVO', 'T0BRAVO'],
    ]);

    slack.clock.set(SIX_PM_KST);
    expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ revealed: 2, failed: 0 });
    const counted = await rows(
      "select w.external_id, count(*)::int as n from answers a join rounds r on r.id = a.round_id join channels c on c.id = r.channel_id join workspaces w on w.id = c.workspace_id where a.status = 'counted' group by w.external_id order by 1",
    );
    expect(counted).toEqual([
      { external_id: 'T0ALPHA', n: 1 },
      { external_id: 'T0BRAVO', n: 1 },
    ]);

    // Alpha uninstalls: its installation is deleted, its channel paused at once.
    slack.fake.uninstall(alpha.id);
    expect((await slack.send.event(appUninstalled('EvUNINSTALL1', alpha))).status).toBe(200);
    expect((await rows('select install_key from slack_installations')).map((r) => r.install_key)).toEqual([
      'team:T0BRAVO',
    ]);
    const [mark] = await rows("select uninstalled_at from workspaces where external_id = 'T0ALPHA'");
    const [alphaWorkspace] = await rows("select id from workspaces where external_id = 'T0ALPHA'");
    expect(mark?.uninstalled_at).not.toBeNull();

    // Tuesday: only Bravo gets a question; nothing is tried with Alpha's dead token.
    const alphaCallsBefore = slack.fake.callsBy(alpha.id).length;
    slack.clock.set(new Date(new Date(MONDAY_0900_KST).getTime() + DAY));
    expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ posted: 1, failed: 0 });
    expect(slack.fake.callsBy(alpha.id)).toHaveLength(alphaCallsBefore);

    // 29 days after the uninstall Alpha's data is still there (an export is still possible)...
    slack.clock.set(new Date(new Date(SIX_PM_KST).getTime() + 29 * DAY));
    await slack.quiz.tick(slack.clock.now());
    expect(await rows("select id from workspaces where external_id = 'T0ALPHA'")).toHaveLength(1);
    // ...and after the 30 days of the grace period it is gone, while Bravo goes on.
    slack.clock.set(new Date(new Date(SIX_PM_KST).getTime() + 31 * DAY));
    await slack.quiz.tick(slack.clock.now());
    expect(await rows("select id from workspaces where external_id = 'T0ALPHA'")).toHaveLength(0);
    expect(
      await rows(`select id from channels where workspace_id = ${Number(alphaWorkspace?.id)}`),
    ).toHaveLength(0);
    expect(
      await rows(`select id from questions where workspace_id = ${Number(alphaWorkspace?.id)}`),
    ).toHaveLength(0);
    const bravoLeft = await rows(
      "select count(*)::int as n from answers a join rounds r on r.id = a.round_id join channels c on c.id = r.channel_id where c.external_id = 'C0BRAVO'",
    );
    expect(bravoLeft).toEqual([{ n: 1 }]);
    const bravoPostsBefore = slack.fake.callsBy(bravo.id, 'chat.postMessage').length;
    slack.clock.set(new Date(new Date(MONDAY_0900_KST).getTime() + 35 * DAY));
    await slack.quiz.tick(slack.clock.now());
    expect(slack.fake.callsBy(bravo.id, 'chat.postMessage').length).toBeGreaterThan(bravoPostsBefore);
  });

  it("keeps each workspace to itself: another's round, person or channel in a forged payload reads and changes nothing", async () => {
    expect((await install(alpha)).status).toBe(200);
    expect((await install(bravo)).status).toBe(200);
    await subscribe(alpha, 'C0ALPHA');
    await subscribe(bravo, 'C0BRAVO');
    slack.clock.set(MONDAY_0900_KST);
    await slack.quiz.tick(slack.clock.now());
    await answer(alpha, 'C0ALPHA', await questionTs(alpha, 'C0ALPHA'), 'Alpha secret answer about Multi-AZ');
    await answer(bravo, 'C0BRAVO', await questionTs(bravo, 'C0BRAVO'), 'Bravo answer about replicas');
    slack.clock.set(SIX_PM_KST);
    expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ revealed: 2 });
    const alphaChannel = await tdb.current.store.findChannel('slack', alpha.id, 'C0ALPHA');
    const alphaRound = await tdb.current.store.findDailyRound(alphaChannel?.id ?? 0, '2025-03-10');

    const press = async (name: string, actionId: string, value: string, userId: string): Promise<string> => {
      await slack.send.interactive(
        blockAction({
          userId,
          channelId: 'C0BRAVO',
          actionId,
          value,
          responseUrl: slack.fake.responseUrl(name),
          team: bravo,
        }),
      );
      return JSON.stringify(await slack.fake.waitForResponse(name));
    };
    // Alpha's round asked for from Bravo's channel: refused, nothing of Alpha's answer shown.
    const past = await press('past', 'history.show', String(alphaRound?.id), 'U0BRAVOANN');
    expect(past).toContain('이 채널에서 공개된 질문이 아직 없습니다');
    expect(past).not.toContain('Multi-AZ');
    expect(past).not.toContain('U0ALPHAANN');
    // Alpha's person named in a forget-me pressed in Bravo: refused; and even as that id in
    // Bravo's workspace, only Bravo's rows could be touched — Alpha's answer stays.
    expect(await press('forget', 'forget.confirm', 'U0ALPHAANN', 'U0BRAVOANN')).toContain(
      '다른 사람의 요청에 붙은 버튼',
    );
    expect(await press('forget-forged', 'forget.confirm', 'U0ALPHAANN', 'U0ALPHAANN')).toContain(
      '이미 삭제되었습니다',
    );
    const alphaAnswers = await rows(
      `select user_id, text from answers where round_id = ${Number(alphaRound?.id)} and status = 'counted'`,
    );
    expect(alphaAnswers).toEqual([{ user_id: 'U0ALPHAANN', text: 'Alpha secret answer about Multi-AZ' }]);
    // Bravo's standings know nobody of Alpha.
    await slack.send.command(
      slashCommand({
        command: '/sa-leaderboard',
        text: 'all',
        userId: 'U0BRAVOANN',
        channelId: 'C0BRAVO',
        responseUrl: slack.fake.responseUrl('board'),
        team: bravo,
      }),
    );
    const board = JSON.stringify(await slack.fake.waitForResponse('board'));
    expect(board).toContain('U0BRAVOANN');
    expect(board).not.toContain('U0ALPHA');
  });

  it('refreshes a rotating token that is about to expire before posting, and keeps the new one sealed', async () => {
    slack.fake.oauthClient = { ...slack.fake.oauthClient, tokenRotation: true };
    expect((await install(alpha)).status).toBe(200);
    const store = new SealedInstallationStore(
      slackInstallationRows(tdb.current.database.db),
      new TokenCipher(KEY),
      silentLogger,
    );
    const query = { teamId: alpha.id, enterpriseId: undefined, isEnterpriseInstall: false };
    const first = await store.fetchInstallation(query);
    const oldToken = first.bot?.token ?? '';
    expect(oldToken).toMatch(/^xoxe\.xoxb-/);
    expect(first.bot?.refreshToken).toBeTruthy();
    expect(await subscribe(alpha, 'C0ALPHA')).not.toContain('error');
    // Slack's 12 hours are nearly over (Bolt's installer refreshes within 2 hours of the end).
    await store.storeInstallation({
      ...first,
      bot: { ...first.bot, expiresAt: Math.floor(Date.now() / 1000) + 60 },
    } as typeof first);
    slack.fake.expireToken(oldToken);

    slack.clock.set(MONDAY_0900_KST);
    expect(await slack.quiz.tick(slack.clock.now())).toMatchObject({ posted: 1, failed: 0 });
    const refreshed = await store.fetchInstallation(query);
    const newToken = refreshed.bot?.token ?? '';
    expect(newToken).not.toBe(oldToken);
    expect(newToken).toMatch(/^xoxe\.xoxb-/);
    const post = slack.fake.calls.find(
      (c) => c.method === 'chat.postMessage' && c.body.channel === 'C0ALPHA',
    );
    expect(post?.token).toBe(newToken);
    expect(JSON.stringify(await rows('select sealed from slack_installations'))).not.toContain(newToken);
  });

  it('refuses a redirect whose state was not issued here, and stores nothing', async () => {
    const code = slack.fake.oauthCode(alpha.id);
    const refused = await fetch(`${base()}/slack/oauth_redirect?code=${code}&state=forged`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('설치 실패');
    expect(await rows('select install_key from slack_installations')).toEqual([]);
  });
});
