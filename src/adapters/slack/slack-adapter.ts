import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type App, type InstallationStore, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Admin } from '../../core/admin.js';
import { type Metrics, noMetrics } from '../../core/ports.js';
import { type Logger, type Quiz, silentLogger } from '../../core/quiz.js';
import { type PlatformAdapter, PlatformStartError, type PlatformState } from '../platform.js';
import { InFlight } from './in-flight.js';
import { registerActions } from './slack-actions.js';
import { QuizBoltApp } from './slack-app.js';
import { SlackChat } from './slack-chat.js';
import { registerCommands } from './slack-commands.js';
import { errorText, type SlackContext } from './slack-context.js';
import { CourtesyCalls } from './slack-courtesy.js';
import { toChatError } from './slack-errors.js';
import { registerMessageEvents } from './slack-events.js';
import { registerFeedback } from './slack-feedback.js';
import { registerHome } from './slack-home.js';
import { registerLifecycleEvents } from './slack-lifecycle.js';
import { boltLogger } from './slack-logger.js';
import { installationToken, oauthReceiverOptions } from './slack-oauth.js';
import { ScreenedHTTPReceiver, screenSocketFrames } from './slack-receiver.js';
import { registerSettings } from './slack-settings.js';
import { SlackTeams } from './slack-teams.js';
import { registerUploadModal } from './slack-upload.js';
import { registerVotes } from './slack-votes.js';

/** An extra HTTP route served on the adapter's port (for example `GET /healthz`). */
export interface SlackRoute {
  readonly path: string;
  readonly method: 'GET' | 'POST' | 'HEAD';
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface SlackAdapterOptions {
  readonly quiz: Quiz;
  /** Knows the configured admins (`SA_QUIZ_ADMINS`) besides Slack's own admins and owners. */
  readonly admin: Admin;
  /** `SLACK_BOT_TOKEN` (xoxb-…): one workspace. Without it, `oauth` (distribution mode). */
  readonly botToken?: string | undefined;
  /**
   * Distribution mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET): Bolt's OAuth
   * flow at `/slack/install` and `/slack/oauth_redirect`, installations in `installationStore`,
   * every request and every scheduled post authorised with its own workspace's token. HTTP only.
   */
  readonly oauth?: SlackOAuthOptions | undefined;
  /**
   * The app is known to be installed in `teamId`: an installation was stored (distribution
   * mode), or SLACK_BOT_TOKEN worked at start. An uninstall's grace period ends there.
   */
  readonly onInstalled?: ((teamId: string) => Promise<void>) | undefined;
  /** `SLACK_APP_TOKEN` (xapp-…): when set, the app connects with Socket Mode. */
  readonly appToken?: string | undefined;
  /** `SLACK_SIGNING_SECRET`: required for the HTTP receiver (no app token). */
  readonly signingSecret?: string | undefined;
  /**
   * HTTP port: the receiver's (`POST /slack/events`) without an app token; in Socket Mode only
   * the extra `routes` listen on it. Default 3000; 0 picks a free port.
   */
  readonly port?: number | undefined;
  /** `SLACK_API_URL`: the Web API base URL, default `https://slack.com/api/`. */
  readonly apiUrl?: string | undefined;
  readonly logger?: Logger | undefined;
  /** Where 429s from the Web API are counted. */
  readonly metrics?: Metrics | undefined;
  /** Extra HTTP routes on the same port (Bolt custom routes). */
  readonly routes?: readonly SlackRoute[] | undefined;
  /** Web API retry policy after errors; a 429 always waits its `Retry-After` first. */
  readonly retryConfig?: webApi.RetryOptions | undefined;
  /**
   * How long an Events API delivery may wait for its listeners (storing an answer) before Slack
   * is told to retry it; default 2.5 s, within Slack's 3 s.
   */
  readonly ackDeadlineMs?: number | undefined;
}

export interface SlackOAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  readonly installationStore: InstallationStore;
}

export interface SlackAdapter extends PlatformAdapter {
  readonly chat: SlackChat;
  readonly app: App;
  readonly mode: 'socket' | 'http';
  /** The HTTP port actually listened on once started (HTTP mode), else undefined. */
  port(): number | undefined;
  /** Resolves when every listener and follow-up the adapter started has finished. */
  idle(): Promise<void>;
}

/**
 * Retries for failed Web API calls. On a 429 the client first waits the `Retry-After` Slack sent,
 * then retries; a few quick retries keep a scheduler tick from hanging for half an hour on one
 * channel (the client's default policy).
 */
export const DEFAULT_RETRY: webApi.RetryOptions = {
  retries: 4,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 10_000,
  randomize: true,
};

const REQUEST_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function within(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The Slack platform adapter: a Bolt app (Socket Mode with an app token, otherwise the HTTP
 * receiver with signature verification) whose listeners turn Slack events into Quiz/Admin calls,
 * and a Chat that renders the core's views as Block Kit. The Chat can post before `start()`.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const socketMode = options.appToken !== undefined && options.appToken !== '';
  if (!socketMode && !options.signingSecret)
    throw new Error('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)');
  const oauth = options.oauth;
  if (oauth && socketMode)
    throw new Error(
      'Slack distribution mode (SLACK_CLIENT_ID) runs on the HTTP receiver: unset SLACK_APP_TOKEN',
    );
  if (!oauth && !options.botToken)
    throw new Error('Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and its secrets (distribution mode)');
  const log = options.logger ?? silentLogger;
  const logger = boltLogger(log);
  const apiUrl = withTrailingSlash(options.apiUrl ?? 'https://slack.com/api/');
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: apiUrl,
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    timeout: REQUEST_TIMEOUT_MS,
    logger,
  };
  const port = options.port ?? 3000;
  const customRoutes = (options.routes ?? []).map((r) => ({
    path: r.path,
    method: r.method,
    handler: r.handler,
  }));
  const socketReceiver =
    socketMode && options.appToken
      ? new SocketModeReceiver({
          appToken: options.appToken,
          logger,
          customRoutes,
          installerOptions: { clientOptions, ...(customRoutes.length > 0 ? { port } : {}) },
        })
      : null;
  if (socketReceiver) screenSocketFrames(socketReceiver.client, log);
  const receiver =
    socketReceiver ??
    new ScreenedHTTPReceiver(
      {
        signingSecret: options.signingSecret ?? '',
        ...(oauth ? oauthReceiverOptions(oauth, clientOptions, log, options.onInstalled) : {}),
        customRoutes,
        logger,
        port,
        // Bolt's own handler logs an error even when the request was answered already (a 500 after
        // a failed store or a missed ack deadline): Slack retries those, nothing is lost.
        unhandledRequestHandler: ({ response }) => {
          if (response.headersSent) return;
          log.warn({}, 'a Slack request was not acknowledged within 3 s; Slack will retry it');
          response.writeHead(404);
          response.end();
        },
      },
      log,
    );
  const inFlight = new InFlight(log);
  const courtesy = new CourtesyCalls(inFlight, log);
  // auth.test runs in start(), not in the constructor: a bad token fails start() with a clear
  // error instead of an unhandled rejection, and the Chat can be built before Slack is reachable.
  const app = new QuizBoltApp(
    // No conversation store: nothing reads it, and it ran as middleware on every event.
    {
      // Distribution mode: no token; Bolt authorises each request from the receiver's installer.
      ...(oauth ? {} : { token: options.botToken }),
      receiver,
      logger,
      clientOptions,
      deferInitialization: true,
      convoStore: false,
    },
    inFlight,
    { log, ...(options.ackDeadlineMs === undefined ? {} : { deadlineMs: options.ackDeadlineMs }) },
  );
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, () =>
    (options.metrics ?? noMetrics).count('platform_rate_limited_total', { platform: 'slack' }),
  );
  app.error(async (error) => {
    log.error({ code: error.code, err: errorText(error) }, 'Slack listener failed');
    throw error;
  });

  const counted = (client: webApi.WebClient): webApi.WebClient => {
    client.on(webApi.WebClientEvent.RATE_LIMITED, () =>
      (options.metrics ?? noMetrics).count('platform_rate_limited_total', { platform: 'slack' }),
    );
    return client;
  };
  const botToken = options.botToken ?? '';
  const teams = new SlackTeams(
    (token) => ({
      // The single token's reads go through Bolt's own client (already counted above).
      client: token === botToken ? app.client : counted(new webApi.WebClient(token, clientOptions)),
      // Posts must not be retried behind the core's back (see SlackChat).
      postClient: counted(
        new webApi.WebClient(token, {
          ...clientOptions,
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
        }),
      ),
    }),
    oauth ? installationToken(receiver, log) : async () => botToken,
    log,
  );
  const ctx: SlackContext = {
    quiz: options.quiz,
    admin: options.admin,
    // In distribution mode these have no token: listeners take their request's (forRequest).
    ...teams.clients(botToken),
    inFlight,
    courtesy,
    log,
    apiUrl,
    teams,
    removeInstallation: oauth
      ? async (teamId, enterpriseId) => {
          teams.forget(teamId);
          await oauth.installationStore.deleteInstallation?.({
            teamId,
            enterpriseId,
            isEnterpriseInstall: false,
          });
        }
      : async () => {},
  };
  registerMessageEvents(app, ctx);
  registerLifecycleEvents(app, ctx);
  registerHome(app, ctx);
  registerVotes(app, ctx);
  registerSettings(app, ctx);
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerFeedback(app, ctx);
  registerUploadModal(app, ctx);

  const chat = new SlackChat(teams, log, courtesy);
  let server: Server | null = null;
  let started = false;
  let state: PlatformState = 'starting';
  /** A rejected token needs the operator; anything else (Slack unreachable) may pass. */
  const startError = (what: string, error: unknown): PlatformStartError => {
    const failure = toChatError(error);
    state = failure.problem === 'app_removed' ? 'invalid_token' : 'unreachable';
    const permanent = state === 'invalid_token';
    return new PlatformStartError(
      state,
      permanent,
      permanent
        ? `Slack rejected the ${what} (${errorText(error)}): install the app again and set the new token`
        : `could not reach Slack (${what}: ${errorText(error)})`,
    );
  };

  /** SLACK_BOT_TOKEN worked: its workspace is installed (a reinstall ends an uninstall's grace period). */
  const tokenWorks = async (): Promise<void> => {
    if (!options.onInstalled) return;
    try {
      const auth = await app.client.auth.test();
      if (auth.team_id) await options.onInstalled(auth.team_id);
    } catch (error) {
      log.warn({ err: errorText(error) }, 'could not mark the workspace installed');
    }
  };

  const listeningPort = (): number | undefined => {
    const address = server?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  };

  return {
    chat,
    app,
    mode: socketMode ? 'socket' : 'http',
    port: listeningPort,
    idle: () => inFlight.idle(),
    state: () => state,
    async start() {
      state = 'starting';
      try {
        await app.init();
      } catch (error) {
        throw startError('bot token, auth.test', error);
      }
      try {
        if (socketReceiver) await app.start();
        else server = await app.start(port);
      } catch (error) {
        throw startError(socketReceiver ? 'app token, apps.connections.open' : `port ${port}`, error);
      }
      started = true;
      state = 'ok';
      if (!oauth) await tokenWorks();
      log.info({ mode: socketMode ? 'socket' : 'http', port: listeningPort() ?? port }, 'Slack connected');
    },
    async stop() {
      state = 'stopped';
      if (!started) return;
      started = false;
      // Reactions and hints still waiting for their turn are dropped, not waited for.
      courtesy.stop();
      await within(STOP_GRACE_MS, inFlight.idle());
      const disconnected = socketReceiver
        ? new Promise<void>((resolve) => socketReceiver.client.once('disconnected', () => resolve()))
        : Promise.resolve();
      await app.stop();
      await within(STOP_GRACE_MS, disconnected);
      server = null;
      log.info({}, 'Slack disconnected');
    },
  };
}
