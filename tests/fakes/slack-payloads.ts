import { createHmac } from 'node:crypto';
import { APP_ID, BOT_USER_ID, type FakeSlack, TEAM_DOMAIN, TEAM_ID } from './slack-api.js';

/**
 * Requests shaped like Slack's documented payloads (Events API `event_callback`, slash commands,
 * `block_actions`, `view_submission`), and two ways to deliver them to a Bolt app: signed HTTP
 * requests to `/slack/events`, or Socket Mode envelopes through the fake.
 *
 * Every builder takes an optional `team` (a FakeTeam from `fake.addTeam`, or just id + domain):
 * then `team_id`, `team`, `user.team_id`, `authorizations` (its bot user) and the enterprise
 * fields are that workspace's; without one they are the default team's, as before. `api_app_id`
 * is the one app's (APP_ID) in every workspace. Checked against Slack's payload docs 2026-12-03
 * (docs.slack.dev/apis/events-api "authorizations", /interactivity/handling-user-interaction,
 * /interactivity/implementing-slash-commands, api.slack.com/events/app_uninstalled, tokens_revoked).
 */

export const SIGNING_SECRET = 'test-signing-secret';

type Json = Record<string, unknown>;

/** The workspace a payload comes from (a FakeTeam fits). */
export interface PayloadTeam {
  readonly id: string;
  readonly domain: string;
  /** Its Enterprise org, when it is in one. */
  readonly enterpriseId?: string | undefined;
  readonly enterpriseName?: string | undefined;
  /** The app's bot user in it (for `authorizations`; default BOT_USER_ID). */
  readonly botUserId?: string;
  /** The app's bot id in it (a view's `bot_id`; default B0BOT). */
  readonly botId?: string;
}

const DEFAULT_TEAM: PayloadTeam = { id: TEAM_ID, domain: TEAM_DOMAIN, botUserId: BOT_USER_ID };

/** `enterprise` as interaction payloads carry it: null outside an Enterprise org. */
function enterpriseOf(team: PayloadTeam): Json | null {
  return team.enterpriseId ? { id: team.enterpriseId, name: team.enterpriseName ?? team.enterpriseId } : null;
}

/** Slack's request signature: `v0=` + HMAC-SHA256(secret, `v0:<timestamp>:<raw body>`). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * An Events API `event_callback` wrapping `event`. `authorizations` names one installation the
 * event is visible to (the team's bot user); with an Enterprise org it carries `enterprise_id`,
 * and the wrapper `enterprise_id` and `context_enterprise_id` too.
 */
export function eventCallback(event: Json, eventId: string, team: PayloadTeam = DEFAULT_TEAM): Json {
  const enterprise = team.enterpriseId ? { enterprise_id: team.enterpriseId } : {};
  return {
    token: 'legacy-verification-token',
    team_id: team.id,
    ...enterprise,
    api_app_id: APP_ID,
    event: { event_ts: event.ts ?? '1741564800.000000', ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1741564800,
    authorizations: [
      {
        ...enterprise,
        team_id: team.id,
        user_id: team.botUserId ?? BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    ...(team === DEFAULT_TEAM
      ? {}
      : {
          context_team_id: team.id,
          context_enterprise_id: team.enterpriseId ?? null,
        }),
  };
}

/**
 * `app_uninstalled` (api.slack.com/events/app_uninstalled): the app was removed from the team.
 * As documented it is the bare wrapper, no `authorizations` (none is left).
 */
export function appUninstalled(eventId: string, team: PayloadTeam = DEFAULT_TEAM): Json {
  return {
    token: 'legacy-verification-token',
    team_id: team.id,
    ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
    api_app_id: APP_ID,
    event: { type: 'app_uninstalled' },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1741564800,
  };
}

/**
 * `tokens_revoked` (api.slack.com/events/tokens_revoked): the user ids whose tokens were revoked,
 * by kind (`bot`: the team's bot user, default; `oauth`: people's user tokens).
 */
export function tokensRevoked(
  eventId: string,
  team: PayloadTeam = DEFAULT_TEAM,
  tokens: { readonly bot?: readonly string[]; readonly oauth?: readonly string[] } = {},
): Json {
  return {
    token: 'legacy-verification-token',
    team_id: team.id,
    ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
    api_app_id: APP_ID,
    event: {
      type: 'tokens_revoked',
      tokens: { oauth: [...(tokens.oauth ?? [])], bot: [...(tokens.bot ?? [team.botUserId ?? BOT_USER_ID])] },
    },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1741564800,
  };
}

/** Slack gives every command and interaction its own trigger id; so does the fake, unless told one. */
let triggerSeq = 0;

function nextTrigger(prefix: string): string {
  triggerSeq += 1;
  return `${prefix}.${triggerSeq}`;
}

export interface CommandFields {
  readonly command: '/sa-quiz' | '/sa-leaderboard' | '/sa-admin';
  readonly text: string;
  readonly userId: string;
  readonly channelId: string;
  readonly channelName?: string;
  readonly responseUrl: string;
  readonly triggerId?: string;
  /** The workspace it is sent from (default the default team). */
  readonly team?: PayloadTeam;
}

export function slashCommand(f: CommandFields): Record<string, string> {
  const team = f.team ?? DEFAULT_TEAM;
  return {
    token: 'legacy-verification-token',
    team_id: team.id,
    team_domain: team.domain,
    ...(team.enterpriseId
      ? { enterprise_id: team.enterpriseId, enterprise_name: team.enterpriseName ?? team.enterpriseId }
      : {}),
    channel_id: f.channelId,
    channel_name: f.channelName ?? 'general',
    user_id: f.userId,
    user_name: f.userId.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: f.triggerId ?? nextTrigger(`trigger.${f.userId}`),
  };
}

export interface ActionFields {
  readonly userId: string;
  readonly channelId: string;
  readonly actionId: string;
  readonly value?: string;
  readonly responseUrl: string;
  readonly messageTs?: string;
  /** The thread the pressed message is a reply in (a reveal's), when it is not ephemeral. */
  readonly threadTs?: string;
  readonly ephemeral?: boolean;
  /** The button's label as shown (default: its action id). */
  readonly label?: string;
  /** The workspace it is pressed in (default the default team). */
  readonly team?: PayloadTeam;
}

/** A `block_actions` payload for one button press. */
export function blockAction(f: ActionFields): Json {
  const messageTs = f.messageTs ?? '1741564800.999999';
  const team = f.team ?? DEFAULT_TEAM;
  return {
    type: 'block_actions',
    user: { id: f.userId, username: f.userId.toLowerCase(), name: f.userId.toLowerCase(), team_id: team.id },
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: f.channelId,
      is_ephemeral: f.ephemeral ?? true,
    },
    trigger_id: nextTrigger(`trigger.${f.userId}.${f.actionId}`),
    team: {
      id: team.id,
      domain: team.domain,
      ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
    },
    enterprise: enterpriseOf(team),
    is_enterprise_install: false,
    channel: { id: f.channelId, name: 'general' },
    ...(f.ephemeral === false
      ? {
          message: {
            type: 'message',
            ts: messageTs,
            text: '',
            ...(f.threadTs ? { thread_ts: f.threadTs } : {}),
          },
        }
      : {}),
    response_url: f.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: f.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: f.label ?? f.actionId },
        ...(f.value === undefined ? {} : { value: f.value }),
        action_ts: '1741564801.000000',
      },
    ],
  };
}

export interface SubmissionFields {
  readonly userId: string;
  readonly callbackId: string;
  readonly privateMetadata: string;
  readonly values: Json;
  readonly viewId?: string;
  /** The workspace the modal is in (default the default team). */
  readonly team?: PayloadTeam;
}

/** A `view_submission` payload for a modal the app opened. */
export function viewSubmission(f: SubmissionFields): Json {
  const team = f.team ?? DEFAULT_TEAM;
  return {
    type: 'view_submission',
    team: {
      id: team.id,
      domain: team.domain,
      ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
    },
    user: { id: f.userId, username: f.userId.toLowerCase(), name: f.userId.toLowerCase(), team_id: team.id },
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    trigger_id: nextTrigger(`trigger.${f.userId}.submit`),
    view: {
      id: f.viewId ?? 'V0MODAL',
      team_id: team.id,
      type: 'modal',
      callback_id: f.callbackId,
      private_metadata: f.privateMetadata,
      state: { values: f.values },
      hash: 'h',
      title: { type: 'plain_text', text: 'sa-quiz' },
      close: null,
      submit: null,
      blocks: [],
      app_id: APP_ID,
      bot_id: team.botId ?? 'B0BOT',
      root_view_id: f.viewId ?? 'V0MODAL',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: enterpriseOf(team),
  };
}

/** What one delivery got back: the HTTP status (or 200 for an acked envelope, 0 for none). */
export interface Delivery {
  readonly status: number;
  readonly body: string;
}

/** How a test delivers payloads to the app; HTTP and Socket Mode behave the same to the test. */
export interface SlackTransport {
  event(payload: Json, options?: { retryNum?: number }): Promise<Delivery>;
  command(fields: Record<string, string>): Promise<Delivery>;
  interactive(payload: Json): Promise<Delivery>;
}

export interface SignOptions {
  readonly timestamp?: number;
  readonly secret?: string;
  readonly signature?: string;
  readonly retryNum?: number;
  /**
   * Gives up after this long; then, or when the connection fails (a process that died), reports
   * status 0: no answer, which Slack counts as a failed delivery.
   */
  readonly timeoutMs?: number;
}

/** POSTs a signed request to Bolt's HTTP receiver, like Slack does. */
export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SignOptions = {},
): Promise<Delivery> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature':
      options.signature ?? slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const signal = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    if (signal) return { status: 0, body: '' };
    throw error;
  }
}

export function httpTransport(eventsUrl: string): SlackTransport {
  return {
    event: (payload, options = {}) =>
      postSigned(eventsUrl, JSON.stringify(payload), 'application/json', {
        ...(options.retryNum === undefined ? {} : { retryNum: options.retryNum }),
      }),
    command: (fields) =>
      postSigned(eventsUrl, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded'),
    interactive: (payload) =>
      postSigned(
        eventsUrl,
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      ),
  };
}

export function socketTransport(fake: FakeSlack): SlackTransport {
  const deliver = async (
    type: 'events_api' | 'slash_commands' | 'interactive',
    payload: unknown,
    retryAttempt?: number,
  ): Promise<Delivery> => {
    const result = await fake.sendEnvelope(type, payload, {
      timeoutMs: 3000,
      ...(retryAttempt === undefined ? {} : { retryAttempt }),
    });
    return { status: result.acked ? 200 : 0, body: result.acked ? JSON.stringify(result.payload ?? {}) : '' };
  };
  return {
    event: (payload, options = {}) => deliver('events_api', payload, options.retryNum),
    command: (fields) => deliver('slash_commands', fields),
    interactive: (payload) => deliver('interactive', payload),
  };
}
