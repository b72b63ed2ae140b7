import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GeneratedBody } from './generated-body.js';
import { BOT_USER_ID, type PostedMessage } from './slack-conversations.js';
import { type FailureOptions, type InjectedFailure, SlackFailures } from './slack-failures.js';
import { type SlackCall, SlackHttp, type SlackResponse, sendJson, type UploadedFile } from './slack-http.js';
import { type EnvelopeType, FakeSocketMode } from './slack-socket-mode.js';
import {
  type FakeOAuthClient,
  type FakeTeam,
  type OAuthCodeOptions,
  SlackTeams,
  type TeamOptions,
} from './slack-teams.js';
import {
  type ChannelState,
  type EphemeralMessage,
  type FakeUser,
  type SlackFileObject,
  SlackWebApi,
} from './slack-web-api.js';

export type { GeneratedBody } from './generated-body.js';
export {
  APP_ID,
  APP_TOKEN,
  BOT_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  type MessageMetadata,
  type PostedMessage,
  TEAM_DOMAIN,
  TEAM_ID,
} from './slack-conversations.js';
export type { FailureOptions, InjectedFailure } from './slack-failures.js';
export type { SlackCall, UploadedFile } from './slack-http.js';
export {
  BOT_SCOPES,
  type FakeOAuthClient,
  type FakeTeam,
  OAUTH_CLIENT_ID,
  OAUTH_CLIENT_SECRET,
  type OAuthCodeOptions,
  type TeamOptions,
  TOKEN_LIFETIME_SECONDS,
} from './slack-teams.js';
export type { ChannelState, EphemeralMessage, FakeUser, SlackFileObject } from './slack-web-api.js';

/**
 * A fake Slack for end-to-end tests, on 127.0.0.1 with a free port:
 * - the Web API under `/api/<method>` (form-encoded or JSON bodies, token in the Authorization
 *   header), answering the methods sa-quiz uses and recording every call (slack-http.ts routes,
 *   slack-web-api.ts answers);
 * - `response_url` endpoints under `/response/<name>` (what `respond()` posts to; one can be
 *   made to expire);
 * - private file downloads under `/files/<id>/<name>` (bot token required) and the upload URLs
 *   `files.getUploadURLExternal` hands out;
 * - a Socket Mode endpoint at `/socket` (the URL `apps.connections.open` returns) that says hello,
 *   pushes envelopes and collects the app's acks (slack-socket-mode.ts).
 * Failures can be injected per method (a 429 with Retry-After, a platform error such as
 * `not_in_channel`, a 500 with or without posting first), for every call or only the calls a
 * predicate picks (thread replies, one reveal part, one channel), and methods slowed down
 * (slack-failures.ts). `chat.postEphemeral` refuses people who are not in the channel
 * (`userLeft`) and invalid blocks, and keeps what it showed (`ephemerals`). Posted messages are kept per channel with their message metadata, and
 * `conversations.history` and `conversations.replies` answer from them as Slack does
 * (slack-conversations.ts).
 *
 * Many workspaces (slack-teams.ts): the default team (TEAM_ID, BOT_TOKEN) exists from the start;
 * `addTeam` adds others, each with its own bot user and bot token. A call answers as its token's
 * team sees things (auth.test, another team's channel is `channel_not_found`, its users
 * `user_not_found`) and is recorded with that token and team (`SlackCall.token`, `.team`). The
 * OAuth v2 install is `oauthCode(teamId)` then `POST oauth.v2.access` with the client id and
 * secret of `oauthClient` (form fields or HTTP Basic); with `oauthClient.tokenRotation` tokens are
 * `xoxe.xoxb-` ones with refresh tokens; `expireToken` and `uninstall` make tokens stop working.
 */

export interface FakeSlackOptions {
  /**
   * The time message timestamps (`ts`) are made from; default a fixed instant. Pass the clock the
   * app under test uses, so `conversations.history`'s `oldest`/`latest` mean the same to both.
   */
  readonly now?: () => Date;
  /**
   * The OAuth app's client id and secret (and whether it rotates tokens) that `oauth.v2.access`
   * checks; default OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET, no rotation. Also settable later
   * through `fake.oauthClient`.
   */
  readonly oauth?: FakeOAuthClient;
}

export class FakeSlack {
  readonly calls: SlackCall[];
  /** Bodies posted to `response_url`s, by the name in `/response/<name>`. */
  readonly responses: SlackResponse[];
  readonly uploads: UploadedFile[];
  /** Ids of files downloaded with the bot token. */
  readonly downloads: string[];
  /** Channels the bot was removed from: posting there answers `not_in_channel`. */
  readonly goneChannels: Set<string>;
  private readonly web: SlackWebApi;
  private readonly http: SlackHttp;
  private readonly failures = new SlackFailures();
  private readonly socketMode = new FakeSocketMode();
  private readonly teamStore = new SlackTeams();

  private constructor(
    private readonly server: Server,
    options: FakeSlackOptions = {},
  ) {
    if (options.oauth) this.teamStore.oauthClient = options.oauth;
    this.web = new SlackWebApi(() => this.url, options.now, this.teamStore);
    this.http = new SlackHttp(this.web, this.failures, () => this.url, this.teamStore);
    this.calls = this.http.calls;
    this.responses = this.http.responses;
    this.uploads = this.http.uploads;
    this.downloads = this.http.downloads;
    this.goneChannels = this.web.goneChannels;
    this.addUser({ id: BOT_USER_ID, name: 'sa-quiz', isBot: true });
    server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/socket')) {
        socket.destroy();
        return;
      }
      this.socketMode.upgrade(req, socket, head);
    });
  }

  /** Starts the fake on 127.0.0.1 with a free port. */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      fake?.http
        .route(req, res)
        .catch((error: unknown) => sendJson(res, 500, { ok: false, error: String(error) }));
    });
    fake = new FakeSlack(server, options);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** What the adapter's `apiUrl` option (SLACK_API_URL) should be. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /**
   * The most `conversations.replies` returns per page: 15 for apps outside the Marketplace since
   * 2025 (Tier 1, 15 objects per call), whatever `limit` asks.
   */
  get repliesPageCap(): number {
    return this.web.repliesPageCap;
  }

  set repliesPageCap(cap: number) {
    this.web.repliesPageCap = cap;
  }

  addUser(user: FakeUser): void {
    this.web.addUser(user);
  }

  // ------------------------------------------------------------------ Workspaces and OAuth

  /**
   * Adds a workspace with the app installed in it. The record (kept up to date by the fake) has
   * its bot user id (`U<id without T>BOT`), bot id and bot token (`xoxb-<teamId>-<botUserId>-<n>`,
   * or `xoxe.xoxb-1-<teamId>-<n>` with a refresh token `xoxe-1-<teamId>-<n>` when the app rotates
   * tokens). Its bot user is added to its users.
   */
  addTeam(options: TeamOptions): FakeTeam {
    const team = this.teamStore.add(options);
    this.web.addUser({ id: team.botUserId, name: 'sa-quiz', isBot: true, team: team.id });
    return team;
  }

  /** The workspace `id` (TEAM_ID is the default one), or undefined. */
  team(id: string): FakeTeam | undefined {
    return this.teamStore.team(id);
  }

  /** Every workspace, the default one first. */
  get teams(): readonly FakeTeam[] {
    return this.teamStore.all;
  }

  /** The OAuth app `oauth.v2.access` checks clients against; set it to change id, secret or rotation. */
  get oauthClient(): FakeOAuthClient {
    return this.teamStore.oauthClient;
  }

  set oauthClient(client: FakeOAuthClient) {
    this.teamStore.oauthClient = client;
  }

  /**
   * A one-time code, as Slack hands the app's redirect URL after someone installs it in `teamId`:
   * `oauth.v2.access` exchanges it once (then `invalid_code`). The exchange answers the team's bot
   * token (a fresh one when the team was uninstalled, or when the app rotates tokens).
   */
  oauthCode(teamId: string, options: OAuthCodeOptions = {}): string {
    return this.teamStore.code(teamId, options);
  }

  /** Calls with `token` answer `token_expired` from now on (a rotating token past its 12 hours). */
  expireToken(token: string): void {
    this.teamStore.expire(token);
  }

  /**
   * The app is uninstalled from `teamId`: every token of it is revoked, and calls with them answer
   * `error` (default `account_inactive`, what Slack documents for a revoked bot token; or
   * `token_revoked` / `invalid_auth`). Nothing is sent to the app: deliver
   * `appUninstalled`/`tokensRevoked` (slack-payloads.ts) yourself. A new OAuth code reinstalls it.
   */
  uninstall(
    teamId: string,
    options: { readonly error?: 'account_inactive' | 'token_revoked' | 'invalid_auth' } = {},
  ): void {
    this.teamStore.uninstall(teamId, options.error);
  }

  /** Calls made with a token of `teamId` (to `method`, if given). */
  callsBy(teamId: string, method?: string): SlackCall[] {
    return this.calls.filter((c) => c.team === teamId && (method === undefined || c.method === method));
  }

  /** Makes a file downloadable; returns the file object Slack would put in a payload. */
  addFile(name: string, content: string | Buffer): SlackFileObject {
    return this.web.addFile(name, content);
  }

  /**
   * Makes a file of any size (400 MB...) downloadable without holding it: its bytes are generated
   * as they are sent, with or without a Content-Length, or stalling part way. `declaredSize` is
   * the `size` its file object and files.info claim (default the real one; smaller is a lie).
   */
  addGeneratedFile(name: string, body: GeneratedBody, declaredSize?: number): SlackFileObject {
    return this.web.addGeneratedFile(name, body, declaredSize);
  }

  /** How many bytes of a generated file's body were handed to the socket (0 when never asked for). */
  bytesServed(fileId: string): number {
    return this.http.bytesServed.get(fileId) ?? 0;
  }

  /**
   * The next `times` calls to `method` (those `when` accepts, if given) fail this way, then calls
   * succeed again. Rules queue up in the order given; a call meets the first rule it matches.
   */
  fail(method: string, failure: InjectedFailure, times: number | FailureOptions = 1): void {
    this.failures.fail(method, failure, times);
  }

  /**
   * Someone replies in a thread, as Slack stores it (the app is told by an event the test sends
   * itself): it shows in `conversations.replies` like any reply. Returns its ts.
   */
  userReply(channel: string, threadTs: string, user: string, text: string): string {
    return this.web.userReply(channel, threadTs, user, text);
  }

  /** `user` is not a member of `channel`: ephemerals to them there answer `user_not_in_channel`. */
  userLeft(channel: string, user: string): void {
    this.web.userLeft(channel, user);
  }

  /** Ephemeral messages Slack accepted (and showed), in order; refused ones are only in `calls`. */
  get ephemerals(): readonly EphemeralMessage[] {
    return this.web.ephemerals;
  }

  /** The `response_url` named `name` is spent: posting to it answers 404 `expired_url`. */
  expireResponseUrl(name: string): void {
    this.http.expiredResponses.add(name);
  }

  /** Sets how a conversation looks to the bot (archived, left, deleted, private, a DM...). */
  setChannel(id: string, state: ChannelState): void {
    this.web.setChannel(id, state);
  }

  /** Drops the failures still queued for `method`: its calls succeed from now on. */
  clearFailures(method: string): void {
    this.failures.clear(method);
  }

  /**
   * Every later call to `method` is answered `ms` late (after it is recorded in `calls`): a slow
   * platform. The work is still done when the caller has gone away meanwhile, as on Slack.
   * 0 removes the delay.
   */
  slowDown(method: string, ms: number): void {
    this.failures.slowDown(method, ms);
  }

  /** The home tab `userId` was last shown (`views.publish`), or undefined. */
  homeView(userId: string): { readonly type: string; readonly blocks: unknown[] } | undefined {
    return this.web.homeViews.get(userId);
  }

  /** Turns the app's Home tab off (as an app config without `home_tab_enabled`) or on. */
  setHomeTabEnabled(enabled: boolean): void {
    this.web.homeTabEnabled = enabled;
  }

  /** Messages posted so far (channel messages and thread replies), in posting order. */
  get postedMessages(): readonly PostedMessage[] {
    return this.web.posted;
  }

  /** Messages posted in `channel`, in posting order; `topLevel` keeps only channel messages. */
  messagesIn(channel: string, options: { topLevel?: boolean } = {}): PostedMessage[] {
    return this.web.posted.filter(
      (m) => m.channel === channel && (options.topLevel !== true || m.threadTs === undefined),
    );
  }

  /** A `response_url` for a command or interaction payload. */
  responseUrl(name: string): string {
    return `${this.url}/response/${name}`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (already made or future) to `method` that matches. */
  waitFor(
    method: string,
    match: (call: SlackCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<SlackCall> {
    return this.http.waitFor(method, match, timeoutMs);
  }

  /** Resolves with the first body posted to `/response/<name>` that matches. */
  waitForResponse(
    name: string,
    match: (body: Readonly<Record<string, unknown>>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<FakeSlack['responses'][number]> {
    return this.http.waitForResponse(name, match, timeoutMs);
  }

  // ------------------------------------------------------------------ Socket Mode

  /** Resolves once a Socket Mode client is connected. */
  socketConnected(timeoutMs = 5000): Promise<void> {
    return this.socketMode.isConnected(timeoutMs);
  }

  /**
   * Pushes an envelope to the connected app and waits for its ack: `{acked: true, payload}`, or
   * `{acked: false}` when none came within `timeoutMs` (the app refused to ack).
   */
  sendEnvelope(
    type: EnvelopeType,
    payload: unknown,
    options: { retryAttempt?: number; timeoutMs?: number } = {},
  ): Promise<{ acked: boolean; payload?: unknown }> {
    return this.socketMode.send(type, payload, options);
  }

  /** Pushes a raw text frame to the connected app (see FakeSocketMode.sendRaw). */
  sendRawFrame(
    text: string,
    options: { envelopeId?: string; timeoutMs?: number } = {},
  ): Promise<{ acked: boolean; payload?: unknown }> {
    return this.socketMode.sendRaw(text, options);
  }

  async close(): Promise<void> {
    this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
