import { APP_ID, BOT_ID, BOT_TOKEN, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID } from './slack-conversations.js';

/**
 * The fake Slack's workspaces (teams) and the tokens that act in them, for "distribution mode"
 * (one app installed in many workspaces): each team has its own bot user and bot token; the OAuth
 * v2 code exchange (`oauth.v2.access`), token rotation (refresh tokens, `oauth.v2.exchange`),
 * expired tokens and uninstalls. The default team (TEAM_ID, BOT_TOKEN...) exists from the start.
 *
 * As Slack documents it (checked 2026-12-03):
 * - oauth.v2.access (docs.slack.dev/reference/methods/oauth.v2.access): client_id/client_secret
 *   as form fields or, preferably, HTTP Basic auth; `code` + `redirect_uri` (must match the one the
 *   flow began with, if any), or `grant_type=refresh_token` + `refresh_token`. A bot install answers
 *   `{ok, access_token, token_type: 'bot', scope, bot_user_id, app_id, team: {id, name},
 *   enterprise: null | {id, name}, is_enterprise_install, authed_user: {id, scope?, access_token?,
 *   token_type?}}`; errors `invalid_client_id`, `bad_client_secret`, `invalid_code`,
 *   `bad_redirect_uri`, `invalid_grant_type`, `invalid_refresh_token`.
 * - Token rotation (docs.slack.dev/authentication/using-token-rotation): with it on, access tokens
 *   are `xoxe.xoxb-` (bot) tokens that expire after 12 hours (`expires_in: 43200`) and come with an
 *   `xoxe-1-` refresh token; a refresh answers a new access token and a new refresh token, and the
 *   refresh token used is revoked. A call with an expired token answers `token_expired`.
 * - oauth.v2.exchange (api.slack.com/methods/oauth.v2.exchange): trades a long-lived xoxb token for
 *   a rotating pair; `token_already_exchanged`, `invalid_token`, `token_rotation_not_enabled`.
 * - Uninstalling (api.slack.com/events/app_uninstalled, /events/tokens_revoked): the workspace's
 *   tokens are revoked. A revoked bot token answers `account_inactive` ("Authentication token is for
 *   a deleted user or workspace when using a bot token" in the Web API's common errors; revoking a
 *   bot token "will deactivate the bot user", auth.revoke); `token_revoked` is documented for user
 *   tokens of a removed app. `uninstall(teamId, {error})` can pick either, or `invalid_auth`.
 * - auth.test (docs.slack.dev/reference/methods/auth.test): url, team, user, team_id, user_id,
 *   bot_id for a bot token, enterprise_id inside an Enterprise org, is_enterprise_install.
 */

/** The OAuth app the fake plays: what `oauth.v2.access` checks, and whether tokens rotate. */
export interface FakeOAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Token rotation is on for the app: tokens issued from now on expire and come with refresh tokens. */
  readonly tokenRotation?: boolean;
}

export const OAUTH_CLIENT_ID = '1111111111.2222222222';
export const OAUTH_CLIENT_SECRET = 'test-client-secret';
/** What Slack says a rotating token lives: 12 hours. */
export const TOKEN_LIFETIME_SECONDS = 43_200;
/** The bot scopes the app asks for (slack/manifest.yaml). */
export const BOT_SCOPES =
  'chat:write,commands,channels:history,groups:history,im:history,im:write,channels:read,groups:read,im:read,mpim:read,reactions:write,reactions:read,users:read,files:read,files:write';

export interface TeamOptions {
  /** A Slack team id, `T...`. */
  readonly id: string;
  /** The workspace's subdomain: its URL is `https://<domain>.slack.com/`. */
  readonly domain: string;
  /** Its display name (default: the domain). */
  readonly name?: string;
  /** The Enterprise org it belongs to, `E...` (a workspace-level install in it). */
  readonly enterpriseId?: string;
  readonly enterpriseName?: string;
}

/**
 * A workspace the app is installed in. The fake keeps this object up to date: `botToken` is the
 * team's current bot token (it changes when a rotating token is refreshed or the team reinstalls).
 */
export interface FakeTeam {
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  readonly enterpriseId: string | undefined;
  readonly enterpriseName: string | undefined;
  readonly botUserId: string;
  readonly botId: string;
  /** The latest bot token issued for the team. */
  readonly botToken: string;
  /** The refresh token that goes with `botToken`, when it is a rotating one. */
  readonly refreshToken: string | undefined;
  /** Uninstalled: its tokens are revoked (until it installs again through OAuth). */
  readonly uninstalled: boolean;
}

type MutableTeam = { -readonly [K in keyof FakeTeam]: FakeTeam[K] };

/** What a token is, and whether it still works. */
export interface TokenRecord {
  readonly token: string;
  readonly teamId: string;
  readonly kind: 'bot' | 'user';
  /** The user it acts as: the team's bot user, or the person who installed (user token). */
  readonly userId: string;
  /** A rotating (`xoxe.`) token. */
  readonly rotating: boolean;
  expired: boolean;
  /** The error a call with it answers once revoked (uninstall), or undefined while it works. */
  revoked: string | undefined;
  /** Exchanged for a rotating pair with oauth.v2.exchange. */
  exchanged: boolean;
}

export interface OAuthCodeOptions {
  /** The `redirect_uri` the flow began with: the exchange must send the same (default: not checked). */
  readonly redirectUri?: string;
  /** Who installed (`authed_user.id`; default `U0INSTALLER`). */
  readonly userId?: string;
  /** User scopes granted: then `authed_user` carries a user token (`xoxp-`) with them. */
  readonly userScope?: string;
  /** The bot scopes granted (default the manifest's). */
  readonly scope?: string;
}

interface PendingCode extends OAuthCodeOptions {
  readonly teamId: string;
  used: boolean;
}

type Json = Record<string, unknown>;

/** The team id in a bot user id or bot id made up for a team: `T0TEAMB` → `0TEAMB`. */
function tail(teamId: string): string {
  return teamId.replace(/^T/, '');
}

export class SlackTeams {
  oauthClient: FakeOAuthClient = { clientId: OAUTH_CLIENT_ID, clientSecret: OAUTH_CLIENT_SECRET };
  private readonly teams = new Map<string, MutableTeam>();
  private readonly tokens = new Map<string, TokenRecord>();
  /** Refresh token → the team it refreshes, while unused. */
  private readonly refreshTokens = new Map<string, string>();
  private readonly codes = new Map<string, PendingCode>();
  private seq = 0;

  constructor() {
    const team: MutableTeam = {
      id: TEAM_ID,
      domain: TEAM_DOMAIN,
      name: TEAM_DOMAIN,
      enterpriseId: undefined,
      enterpriseName: undefined,
      botUserId: BOT_USER_ID,
      botId: BOT_ID,
      botToken: BOT_TOKEN,
      refreshToken: undefined,
      uninstalled: false,
    };
    this.teams.set(TEAM_ID, team);
    this.register(BOT_TOKEN, team, 'bot', BOT_USER_ID, false);
  }

  /** Adds a workspace with the app installed in it (its bot token works at once). */
  add(options: TeamOptions): FakeTeam {
    if (this.teams.has(options.id)) throw new Error(`fake Slack: team ${options.id} exists already`);
    const team: MutableTeam = {
      id: options.id,
      domain: options.domain,
      name: options.name ?? options.domain,
      enterpriseId: options.enterpriseId,
      enterpriseName: options.enterpriseId
        ? (options.enterpriseName ?? `${options.enterpriseId} org`)
        : undefined,
      botUserId: `U${tail(options.id)}BOT`,
      botId: `B${tail(options.id)}BOT`,
      botToken: '',
      refreshToken: undefined,
      uninstalled: false,
    };
    this.teams.set(team.id, team);
    this.issueBotToken(team);
    return team;
  }

  team(id: string): FakeTeam | undefined {
    return this.teams.get(id);
  }

  get all(): readonly FakeTeam[] {
    return [...this.teams.values()];
  }

  /** What `token` is (undefined: Slack never issued it). */
  lookup(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }

  /**
   * The error a Web API call with `Authorization: Bearer <token>` answers, or the token's record
   * when it works: `invalid_auth` unknown, `token_expired`, or the revoked token's error.
   */
  authorize(authorization: string | undefined): TokenRecord | { readonly error: string } {
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    const record = match?.[1] === undefined ? undefined : this.tokens.get(match[1]);
    if (!record) return { error: 'invalid_auth' };
    if (record.revoked !== undefined) return { error: record.revoked };
    if (record.expired) return { error: 'token_expired' };
    return record;
  }

  /** A one-time OAuth code for installing the app in `teamId`. */
  code(teamId: string, options: OAuthCodeOptions = {}): string {
    if (!this.teams.has(teamId)) throw new Error(`fake Slack: no team ${teamId}`);
    const code = `${tail(teamId)}.${++this.seq}.${Math.random().toString(16).slice(2, 10)}`;
    this.codes.set(code, { ...options, teamId, used: false });
    return code;
  }

  expire(token: string): void {
    const record = this.tokens.get(token);
    if (!record) throw new Error(`fake Slack: no token ${token}`);
    record.expired = true;
  }

  /** Revokes every token of `teamId` (the app is uninstalled there): calls answer `error`. */
  uninstall(teamId: string, error = 'account_inactive'): void {
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`fake Slack: no team ${teamId}`);
    team.uninstalled = true;
    for (const record of this.tokens.values()) if (record.teamId === teamId) record.revoked = error;
    for (const [refresh, owner] of this.refreshTokens)
      if (owner === teamId) this.refreshTokens.delete(refresh);
  }

  /** `oauth.v2.access` (no token needed: the client authenticates with its id and secret). */
  access(body: Json, authorization: string | undefined): Json {
    const client = this.client(body, authorization);
    if ('error' in client) return { ok: false, error: client.error };
    const grant = typeof body.grant_type === 'string' && body.grant_type !== '' ? body.grant_type : undefined;
    if (grant === 'refresh_token') return this.refresh(body);
    if (grant !== undefined && grant !== 'authorization_code')
      return { ok: false, error: 'invalid_grant_type' };
    const pending = typeof body.code === 'string' ? this.codes.get(body.code) : undefined;
    if (!pending || pending.used) return { ok: false, error: 'invalid_code' };
    const redirect = typeof body.redirect_uri === 'string' ? body.redirect_uri : undefined;
    if (pending.redirectUri !== undefined && redirect !== pending.redirectUri)
      return { ok: false, error: 'bad_redirect_uri' };
    pending.used = true;
    const team = this.teams.get(pending.teamId) as MutableTeam;
    // A (re)install: a team that was uninstalled, or an app with rotation on, gets a fresh token.
    if (team.uninstalled || this.oauthClient.tokenRotation === true) {
      team.uninstalled = false;
      this.issueBotToken(team);
    }
    const installer = pending.userId ?? 'U0INSTALLER';
    let authedUser: Json = { id: installer };
    if (pending.userScope !== undefined) {
      const userToken = `xoxp-${team.id}-${installer}-${++this.seq}`;
      this.register(userToken, team, 'user', installer, false);
      authedUser = { id: installer, scope: pending.userScope, access_token: userToken, token_type: 'user' };
    }
    return {
      ...this.tokenAnswer(team, pending.scope ?? BOT_SCOPES),
      authed_user: authedUser,
    };
  }

  /** `oauth.v2.exchange`: a long-lived token for a rotating pair. */
  exchange(body: Json, authorization: string | undefined): Json {
    const client = this.client(body, authorization);
    if ('error' in client) return { ok: false, error: client.error };
    if (this.oauthClient.tokenRotation !== true) return { ok: false, error: 'token_rotation_not_enabled' };
    const record = typeof body.token === 'string' ? this.tokens.get(body.token) : undefined;
    if (!record || record.rotating || record.kind !== 'bot' || record.revoked !== undefined)
      return { ok: false, error: 'invalid_token' };
    if (record.exchanged) return { ok: false, error: 'token_already_exchanged' };
    record.exchanged = true;
    const team = this.teams.get(record.teamId) as MutableTeam;
    this.issueBotToken(team);
    return this.tokenAnswer(team, BOT_SCOPES);
  }

  private refresh(body: Json): Json {
    const refresh = typeof body.refresh_token === 'string' ? body.refresh_token : '';
    const teamId = this.refreshTokens.get(refresh);
    if (teamId === undefined) return { ok: false, error: 'invalid_refresh_token' };
    this.refreshTokens.delete(refresh);
    const team = this.teams.get(teamId) as MutableTeam;
    this.issueBotToken(team, true);
    return this.tokenAnswer(team, BOT_SCOPES);
  }

  /** The client id and secret, from HTTP Basic auth or the form; an error when they are wrong. */
  private client(body: Json, authorization: string | undefined): { readonly error: string } | { ok: true } {
    let id = typeof body.client_id === 'string' ? body.client_id : undefined;
    let secret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
    const basic = /^Basic (.+)$/.exec(authorization ?? '');
    if (basic?.[1] !== undefined) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decoded.slice(0, colon < 0 ? undefined : colon);
      secret = colon < 0 ? '' : decoded.slice(colon + 1);
    }
    if (id !== this.oauthClient.clientId) return { error: 'invalid_client_id' };
    if (secret !== this.oauthClient.clientSecret) return { error: 'bad_client_secret' };
    return { ok: true };
  }

  /** The token part of an oauth.v2.access answer for `team`'s current bot token. */
  private tokenAnswer(team: FakeTeam, scope: string): Json {
    return {
      ok: true,
      app_id: APP_ID,
      access_token: team.botToken,
      token_type: 'bot',
      scope,
      bot_user_id: team.botUserId,
      team: { id: team.id, name: team.name },
      enterprise: team.enterpriseId ? { id: team.enterpriseId, name: team.enterpriseName } : null,
      is_enterprise_install: false,
      ...(team.refreshToken === undefined
        ? {}
        : { refresh_token: team.refreshToken, expires_in: TOKEN_LIFETIME_SECONDS }),
    };
  }

  /** A new bot token for `team` (rotating when the app rotates tokens, or `rotating` says so). */
  private issueBotToken(team: MutableTeam, rotating = this.oauthClient.tokenRotation === true): void {
    const n = ++this.seq;
    const token = rotating ? `xoxe.xoxb-1-${team.id}-${n}` : `xoxb-${team.id}-${team.botUserId}-${n}`;
    this.register(token, team, 'bot', team.botUserId, rotating);
    team.botToken = token;
    team.refreshToken = undefined;
    if (rotating) {
      const refresh = `xoxe-1-${team.id}-${n}`;
      this.refreshTokens.set(refresh, team.id);
      team.refreshToken = refresh;
    }
  }

  private register(
    token: string,
    team: FakeTeam,
    kind: 'bot' | 'user',
    userId: string,
    rotating: boolean,
  ): void {
    this.tokens.set(token, {
      token,
      teamId: team.id,
      kind,
      userId,
      rotating,
      expired: false,
      revoked: undefined,
      exchanged: false,
    });
  }
}
