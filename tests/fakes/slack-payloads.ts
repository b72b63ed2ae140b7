import { createHmac } from 'node:crypto';
import { BOT_USER_ID, type FakeSlack, TEAM_DOMAIN, TEAM_ID } from './slack-api.js';

/**
 * Requests shaped like Slack's documented payloads (Events API `event_callback`, slash commands,
 * `block_actions`, `view_submission`), and two ways to deliver them to a Bolt app: signed HTTP
 * requests to `/slack/events`, or Socket Mode envelopes through the fake.
 */

export const SIGNING_SECRET = 'test-signing-secret';

type Json = Record<string, unknown>;

/** Slack's request signature: `v0=` + HMAC-SHA256(secret, `v0:<timestamp>:<raw body>`). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function eventCallback(event: Json, eventId: string): Json {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0SAQUIZ',
    event: { event_ts: event.ts ?? '1741564800.000000', ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1741564800,
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
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
}

export function slashCommand(f: CommandFields): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: f.channelId,
    channel_name: f.channelName ?? 'general',
    user_id: f.userId,
    user_name: f.userId.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: 'A0SAQUIZ',
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
}

/** A `block_actions` payload for one button press. */
export function blockAction(f: ActionFields): Json {
  const messageTs = f.messageTs ?? '1741564800.999999';
  return {
    type: 'block_actions',
    user: { id: f.userId, username: f.userId.toLowerCase(), name: f.userId.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0SAQUIZ',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: f.channelId,
      is_ephemeral: f.ephemeral ?? true,
    },
    trigger_id: nextTrigger(`trigger.${f.userId}.${f.actionId}`),
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    enterprise: null,
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
}

/** A `view_submission` payload for a modal the app opened. */
export function viewSubmission(f: SubmissionFields): Json {
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    user: { id: f.userId, username: f.userId.toLowerCase(), name: f.userId.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0SAQUIZ',
    token: 'legacy-verification-token',
    trigger_id: nextTrigger(`trigger.${f.userId}.submit`),
    view: {
      id: f.viewId ?? 'V0MODAL',
      team_id: TEAM_ID,
      type: 'modal',
      callback_id: f.callbackId,
      private_metadata: f.privateMetadata,
      state: { values: f.values },
      hash: 'h',
      title: { type: 'plain_text', text: 'sa-quiz' },
      close: null,
      submit: null,
      blocks: [],
      app_id: 'A0SAQUIZ',
      bot_id: 'B0BOT',
      root_view_id: f.viewId ?? 'V0MODAL',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
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
