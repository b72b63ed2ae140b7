import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BOT_TOKEN,
  BOT_USER_ID,
  FakeSlack,
  type FakeTeam,
  OAUTH_CLIENT_ID,
  OAUTH_CLIENT_SECRET,
  TEAM_DOMAIN,
  TEAM_ID,
  TOKEN_LIFETIME_SECONDS,
} from '../../fakes/slack-api.js';
import {
  appUninstalled,
  blockAction,
  eventCallback,
  slashCommand,
  tokensRevoked,
  viewSubmission,
} from '../../fakes/slack-payloads.js';

/**
 * The fake Slack itself, as a distributed app sees it, through real HTTP and the real
 * `@slack/web-api` WebClient: two workspaces with their own bot tokens (auth.test answers for the
 * token's team; another team's channel is not found), the OAuth v2 code exchange and its errors,
 * token rotation (refresh, expiry), and an uninstalled team's revoked token.
 */

let fake: FakeSlack;
let teamB: FakeTeam;

function client(token?: string): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: () => {},
      setLevel: () => {},
      getLevel: () => webApi.LogLevel.ERROR,
      setName: () => {},
    },
  });
}

/** The platform error a call failed with (`error` of `{ok: false}`). */
async function platformError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    if (data?.error) return data.error;
    throw error;
  }
  throw new Error('the call succeeded');
}

beforeEach(async () => {
  fake = await FakeSlack.start();
  teamB = fake.addTeam({ id: 'T0TEAMB', domain: 'team-b', name: 'Team B' });
  fake.setChannel('C0BGENERAL', { team: teamB.id, name: 'general' });
});

afterEach(async () => {
  await fake.close();
});

describe('many workspaces', () => {
  it('answers auth.test for each token’s own team', async () => {
    const a = await client(BOT_TOKEN).auth.test();
    expect(a).toMatchObject({
      ok: true,
      team_id: TEAM_ID,
      team: TEAM_DOMAIN,
      url: `https://${TEAM_DOMAIN}.slack.com/`,
      user_id: BOT_USER_ID,
      bot_id: 'B0BOT',
      is_enterprise_install: false,
    });
    expect(a.enterprise_id).toBeUndefined();

    expect(teamB.botToken).toMatch(/^xoxb-T0TEAMB-/);
    const b = await client(teamB.botToken).auth.test();
    expect(b).toMatchObject({
      ok: true,
      team_id: 'T0TEAMB',
      team: 'Team B',
      url: 'https://team-b.slack.com/',
      user_id: teamB.botUserId,
      bot_id: teamB.botId,
      is_enterprise_install: false,
    });
    expect(teamB.botUserId).not.toBe(BOT_USER_ID);

    const grid = fake.addTeam({ id: 'T0GRID', domain: 'grid-ws', enterpriseId: 'E0ORG' });
    expect(await client(grid.botToken).auth.test()).toMatchObject({
      team_id: 'T0GRID',
      enterprise_id: 'E0ORG',
      is_enterprise_install: false,
    });

    expect(await platformError(client('xoxb-never-issued').auth.test())).toBe('invalid_auth');
  });

  it('refuses a team’s token on another team’s channel, and records who called', async () => {
    const posted = await client(teamB.botToken).chat.postMessage({ channel: 'C0BGENERAL', text: 'hi B' });
    expect(posted.ok).toBe(true);
    expect(posted.message).toMatchObject({ user: teamB.botUserId, bot_id: teamB.botId, team: 'T0TEAMB' });

    // Team A's token on team B's channel, and team B's token on a default-team channel.
    expect(
      await platformError(client(BOT_TOKEN).chat.postMessage({ channel: 'C0BGENERAL', text: 'x' })),
    ).toBe('channel_not_found');
    expect(
      await platformError(client(teamB.botToken).chat.postMessage({ channel: 'C0GENERAL', text: 'x' })),
    ).toBe('channel_not_found');
    expect(await platformError(client(BOT_TOKEN).conversations.info({ channel: 'C0BGENERAL' }))).toBe(
      'channel_not_found',
    );
    const history = await client(teamB.botToken).conversations.history({ channel: 'C0BGENERAL' });
    expect(history.messages?.map((m) => m.text)).toEqual(['hi B']);

    // Users are per team too.
    fake.addUser({ id: 'U0BOB', name: 'Bob', team: teamB.id });
    expect((await client(teamB.botToken).users.info({ user: 'U0BOB' })).user?.team_id).toBe('T0TEAMB');
    expect(await platformError(client(BOT_TOKEN).users.info({ user: 'U0BOB' }))).toBe('user_not_found');

    await client(BOT_TOKEN).chat.postMessage({ channel: 'C0GENERAL', text: 'hi A' });
    const ok = fake.callsTo('chat.postMessage').filter((c) => c.body.text?.toString().startsWith('hi'));
    expect(ok.map((c) => [c.body.text, c.team, c.token])).toEqual([
      ['hi B', 'T0TEAMB', teamB.botToken],
      ['hi A', TEAM_ID, BOT_TOKEN],
    ]);
    expect(fake.callsBy('T0TEAMB', 'chat.postMessage')).toHaveLength(2);
    expect(fake.messagesIn('C0BGENERAL').map((m) => m.team)).toEqual(['T0TEAMB']);
  });
});

describe('OAuth v2', () => {
  it('exchanges a code once for the team’s bot token, as Slack answers a bot install', async () => {
    const code = fake.oauthCode(teamB.id, {
      userId: 'U0BINSTALL',
      redirectUri: 'https://quiz.example/slack/oauth_redirect',
    });
    const answer = await client().oauth.v2.access({
      client_id: OAUTH_CLIENT_ID,
      client_secret: OAUTH_CLIENT_SECRET,
      code,
      redirect_uri: 'https://quiz.example/slack/oauth_redirect',
    });
    expect(answer).toMatchObject({
      ok: true,
      access_token: teamB.botToken,
      token_type: 'bot',
      bot_user_id: teamB.botUserId,
      app_id: 'A0SAQUIZ',
      team: { id: 'T0TEAMB', name: 'Team B' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'U0BINSTALL' },
    });
    expect(answer.scope?.split(',')).toContain('chat:write');
    expect(answer.refresh_token).toBeUndefined();
    expect((await client(answer.access_token).auth.test()).team_id).toBe('T0TEAMB');

    // The code is spent.
    expect(
      await platformError(
        client().oauth.v2.access({
          client_id: OAUTH_CLIENT_ID,
          client_secret: OAUTH_CLIENT_SECRET,
          code,
          redirect_uri: 'https://quiz.example/slack/oauth_redirect',
        }),
      ),
    ).toBe('invalid_code');
  });

  it('answers each documented error', async () => {
    const code = fake.oauthCode(teamB.id, { redirectUri: 'https://quiz.example/cb' });
    const access = (fields: Record<string, string>): Promise<string> =>
      platformError(
        client().oauth.v2.access({
          client_id: OAUTH_CLIENT_ID,
          client_secret: OAUTH_CLIENT_SECRET,
          code,
          redirect_uri: 'https://quiz.example/cb',
          ...fields,
        }),
      );
    expect(await access({ code: 'never-issued' })).toBe('invalid_code');
    expect(await access({ client_secret: 'wrong' })).toBe('bad_client_secret');
    expect(await access({ client_id: '999.999' })).toBe('invalid_client_id');
    expect(await access({ redirect_uri: 'https://evil.example/cb' })).toBe('bad_redirect_uri');
    expect(await access({ grant_type: 'password' })).toBe('invalid_grant_type');
    // None of these spent the code.
    expect(
      (
        await client().oauth.v2.access({
          client_id: OAUTH_CLIENT_ID,
          client_secret: OAUTH_CLIENT_SECRET,
          code,
          redirect_uri: 'https://quiz.example/cb',
        })
      ).ok,
    ).toBe(true);
  });

  it('takes the client id and secret by HTTP Basic auth too', async () => {
    fake.oauthClient = { clientId: 'cid.1', clientSecret: 's3cret' };
    const post = async (basic: string, code: string): Promise<Record<string, unknown>> => {
      const response = await fetch(`${fake.apiUrl}oauth.v2.access`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(basic).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ code }).toString(),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    expect(await post('cid.1:wrong', fake.oauthCode(teamB.id))).toEqual({
      ok: false,
      error: 'bad_client_secret',
    });
    expect(await post('cid.2:s3cret', fake.oauthCode(teamB.id))).toEqual({
      ok: false,
      error: 'invalid_client_id',
    });
    expect(await post('cid.1:s3cret', fake.oauthCode(teamB.id))).toMatchObject({
      ok: true,
      access_token: teamB.botToken,
    });
  });

  it('rotates tokens: an xoxe.xoxb token with a refresh token, refreshed once, expiring', async () => {
    fake.oauthClient = { clientId: OAUTH_CLIENT_ID, clientSecret: OAUTH_CLIENT_SECRET, tokenRotation: true };
    const installed = await client().oauth.v2.access({
      client_id: OAUTH_CLIENT_ID,
      client_secret: OAUTH_CLIENT_SECRET,
      code: fake.oauthCode(teamB.id),
    });
    expect(installed.access_token).toMatch(/^xoxe\.xoxb-/);
    expect(installed.refresh_token).toMatch(/^xoxe-1-/);
    expect(installed.expires_in).toBe(TOKEN_LIFETIME_SECONDS);
    expect(teamB.botToken).toBe(installed.access_token);

    const refreshed = await client().oauth.v2.access({
      client_id: OAUTH_CLIENT_ID,
      client_secret: OAUTH_CLIENT_SECRET,
      grant_type: 'refresh_token',
      refresh_token: installed.refresh_token as string,
    });
    expect(refreshed).toMatchObject({
      ok: true,
      token_type: 'bot',
      expires_in: 43_200,
      team: { id: 'T0TEAMB' },
      bot_user_id: teamB.botUserId,
    });
    expect(refreshed.access_token).toMatch(/^xoxe\.xoxb-/);
    expect(refreshed.access_token).not.toBe(installed.access_token);
    expect(refreshed.refresh_token).not.toBe(installed.refresh_token);
    expect((await client(refreshed.access_token).auth.test()).team_id).toBe('T0TEAMB');

    // A refresh token works once.
    expect(
      await platformError(
        client().oauth.v2.access({
          client_id: OAUTH_CLIENT_ID,
          client_secret: OAUTH_CLIENT_SECRET,
          grant_type: 'refresh_token',
          refresh_token: installed.refresh_token as string,
        }),
      ),
    ).toBe('invalid_refresh_token');

    fake.expireToken(installed.access_token as string);
    expect(await platformError(client(installed.access_token).auth.test())).toBe('token_expired');
    expect((await client(refreshed.access_token).auth.test()).ok).toBe(true);
  });

  it('exchanges a long-lived token for a rotating pair (oauth.v2.exchange), once', async () => {
    const exchange = (token: string): Promise<webApi.OauthV2ExchangeResponse> =>
      client().oauth.v2.exchange({ client_id: OAUTH_CLIENT_ID, client_secret: OAUTH_CLIENT_SECRET, token });
    const legacy = teamB.botToken;
    expect(await platformError(exchange(legacy))).toBe('token_rotation_not_enabled');
    fake.oauthClient = { ...fake.oauthClient, tokenRotation: true };
    const pair = await exchange(legacy);
    expect(pair.access_token).toMatch(/^xoxe\.xoxb-/);
    expect(pair.refresh_token).toMatch(/^xoxe-1-/);
    expect(await platformError(exchange(legacy))).toBe('token_already_exchanged');
  });
});

describe('uninstall', () => {
  it('revokes the team’s tokens only; a new install gives a working token again', async () => {
    const revoked = teamB.botToken;
    fake.uninstall(teamB.id);
    expect(teamB.uninstalled).toBe(true);
    expect(await platformError(client(revoked).auth.test())).toBe('account_inactive');
    expect(await platformError(client(revoked).chat.postMessage({ channel: 'C0BGENERAL', text: 'x' }))).toBe(
      'account_inactive',
    );
    expect((await client(BOT_TOKEN).auth.test()).ok).toBe(true);
    expect(fake.callsBy(teamB.id, 'auth.test')).toHaveLength(1);

    const again = await client().oauth.v2.access({
      client_id: OAUTH_CLIENT_ID,
      client_secret: OAUTH_CLIENT_SECRET,
      code: fake.oauthCode(teamB.id),
    });
    expect(again.access_token).not.toBe(revoked);
    expect((await client(again.access_token).auth.test()).team_id).toBe('T0TEAMB');
    expect(await platformError(client(revoked).auth.test())).toBe('account_inactive');
  });

  it('can answer token_revoked instead', async () => {
    fake.uninstall(teamB.id, { error: 'token_revoked' });
    expect(await platformError(client(teamB.botToken).auth.test())).toBe('token_revoked');
  });
});

describe('payloads from a team', () => {
  it('carry that team’s ids, its bot user in authorizations, and its enterprise', () => {
    const grid = fake.addTeam({
      id: 'T0GRID',
      domain: 'grid-ws',
      enterpriseId: 'E0ORG',
      enterpriseName: 'Org',
    });
    const event = eventCallback({ type: 'message', text: 'hi', user: 'U0BOB', ts: '1.000001' }, 'Ev1', grid);
    expect(event).toMatchObject({
      team_id: 'T0GRID',
      enterprise_id: 'E0ORG',
      api_app_id: 'A0SAQUIZ',
      authorizations: [
        {
          team_id: 'T0GRID',
          enterprise_id: 'E0ORG',
          user_id: grid.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
    });
    const command = slashCommand({
      command: '/sa-quiz',
      text: '',
      userId: 'U0BOB',
      channelId: 'C0BGENERAL',
      responseUrl: fake.responseUrl('b'),
      team: teamB,
    });
    expect(command).toMatchObject({ team_id: 'T0TEAMB', team_domain: 'team-b', api_app_id: 'A0SAQUIZ' });
    expect(command.enterprise_id).toBeUndefined();
    const action = blockAction({
      userId: 'U0BOB',
      channelId: 'C0BGENERAL',
      actionId: 'a',
      responseUrl: fake.responseUrl('b'),
      team: grid,
    });
    expect(action).toMatchObject({
      team: { id: 'T0GRID', domain: 'grid-ws', enterprise_id: 'E0ORG' },
      user: { team_id: 'T0GRID' },
      enterprise: { id: 'E0ORG', name: 'Org' },
    });
    const submission = viewSubmission({
      userId: 'U0BOB',
      callbackId: 'cb',
      privateMetadata: '',
      values: {},
      team: teamB,
    });
    expect(submission).toMatchObject({
      team: { id: 'T0TEAMB', domain: 'team-b' },
      user: { team_id: 'T0TEAMB' },
      view: { team_id: 'T0TEAMB', bot_id: teamB.botId },
      enterprise: null,
    });
    expect(appUninstalled('Ev2', teamB)).toEqual({
      token: 'legacy-verification-token',
      team_id: 'T0TEAMB',
      api_app_id: 'A0SAQUIZ',
      event: { type: 'app_uninstalled' },
      type: 'event_callback',
      event_id: 'Ev2',
      event_time: 1741564800,
    });
    expect(tokensRevoked('Ev3', teamB)).toMatchObject({
      team_id: 'T0TEAMB',
      event: { type: 'tokens_revoked', tokens: { oauth: [], bot: [teamB.botUserId] } },
    });
    // Without a team, the default one's, as before.
    expect(eventCallback({ type: 'message' }, 'Ev4')).toMatchObject({
      team_id: TEAM_ID,
      authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID }],
    });
  });
});

describe('direct messages in a team', () => {
  it('opens a DM that belongs to the token’s team', async () => {
    fake.addUser({ id: 'U0BOB', name: 'Bob', team: teamB.id });
    const opened = await client(teamB.botToken).conversations.open({ users: 'U0BOB' });
    const dm = opened.channel?.id as string;
    expect((await client(teamB.botToken).chat.postMessage({ channel: dm, text: 'psst' })).ok).toBe(true);
    expect(await platformError(client(BOT_TOKEN).chat.postMessage({ channel: dm, text: 'x' }))).toBe(
      'channel_not_found',
    );
  });
});
