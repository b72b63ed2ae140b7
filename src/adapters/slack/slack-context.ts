import type { BlockAction, ButtonAction, RespondArguments, webApi } from '@slack/bolt';
import type { Admin } from '../../core/admin.js';
import type { Logger, Quiz } from '../../core/quiz.js';
import type { ChannelAddress } from '../../core/types.js';
import type { View } from '../../core/views.js';
import type { InFlight } from './in-flight.js';
import { renderMessages } from './slack-blocks.js';
import type { CourtesyCalls } from './slack-courtesy.js';
import type { SlackUsers } from './slack-users.js';

/** What every Slack listener needs, built once by the adapter. */
export interface SlackContext {
  readonly quiz: Quiz;
  readonly admin: Admin;
  /** The bot-token client (Bolt's `app.client`): retries by itself, waits out 429s. */
  readonly client: webApi.WebClient;
  /**
   * The same token, but a client that never retries by itself and rejects 429s: for messages that
   * must not be sent twice after an ambiguous failure, nor hold up the shared queue.
   */
  readonly postClient: webApi.WebClient;
  readonly users: SlackUsers;
  readonly inFlight: InFlight;
  /** Reactions, hints and name lookups after an ack, paced per workspace and method. */
  readonly courtesy: CourtesyCalls;
  readonly log: Logger;
  /** Needed to download files Slack hosts (`url_private_download`). */
  readonly botToken: string;
  /** The Web API base URL in use: files hosted next to it may be fetched with the bot token. */
  readonly apiUrl: string;
  /**
   * The workspace's domain as slash commands name it (`team_domain`), for addresses built from
   * events, which do not carry it: the core names a workspace after the address it first sees.
   */
  teamDomain(): Promise<string | undefined>;
}

/** `teamDomain` for a context: asked once with auth.test (its `url`), again only after a failure. */
export function teamDomainOf(client: webApi.WebClient, log: Logger): () => Promise<string | undefined> {
  let domain: Promise<string | undefined> | undefined;
  return () => {
    domain ??= client.auth
      .test()
      .then((r) => (r.url ? new URL(r.url).hostname.split('.')[0] : undefined))
      .catch((error: unknown) => {
        log.warn({ err: errorText(error) }, 'auth.test failed; the workspace name is not known yet');
        domain = undefined;
        return undefined;
      });
    return domain;
  };
}

/**
 * False when this `trigger_id` was seen before. Slack gives every slash command and interaction
 * its own and never retries them, so a second delivery is a replay of a signed request (within
 * its 5 minutes): it must do nothing again. True when the payload carries no trigger id.
 */
export async function firstTrigger(
  ctx: SlackContext,
  teamId: string | undefined,
  triggerId: string | undefined,
): Promise<boolean> {
  if (!triggerId) return true;
  if (await ctx.quiz.firstDelivery('slack', `trigger:${teamId ?? ''}:${triggerId}`)) return true;
  ctx.log.info({ teamId }, 'ignored a replayed Slack command or interaction (trigger_id seen before)');
  return false;
}

/** A button press (`block_actions` with one button). */
export type ButtonBody = BlockAction<ButtonAction>;

/** Where a button was pressed, as the core's address; null when the payload says no channel. */
export function actionAddress(body: ButtonBody): ChannelAddress | null {
  const teamId = body.team?.id ?? body.user.team_id;
  const container = body.container as { channel_id?: unknown } | undefined;
  const channelId =
    body.channel?.id ?? (typeof container?.channel_id === 'string' ? container.channel_id : undefined);
  if (!teamId || !channelId) return null;
  return slackAddress(teamId, channelId, { team: body.team?.domain, channel: body.channel?.name });
}

/** A Slack team + conversation as the core's address. */
export function slackAddress(
  teamId: string,
  channelId: string,
  names: { readonly team?: string | undefined; readonly channel?: string | undefined } = {},
): ChannelAddress {
  return {
    platform: 'slack',
    workspaceId: teamId,
    channelId,
    ...(names.team ? { workspaceName: names.team } : {}),
    ...(names.channel ? { channelName: names.channel } : {}),
  };
}

/** Posts one message to a `response_url` (Bolt's `respond`, or `responseUrlPoster`). */
export type Responder = (message: RespondArguments) => Promise<unknown>;

/**
 * Shows a view to the user behind a `response_url` (ephemeral unless it replaces the message it
 * came from; in the thread `threadTs` when given). A view too big for one message continues in
 * further ephemeral messages.
 */
export async function respondView(
  respond: Responder,
  view: View,
  replace = false,
  threadTs?: string,
): Promise<void> {
  const [first, ...rest] = renderMessages(view);
  if (!first) return;
  const thread = threadTs ? { thread_ts: threadTs } : {};
  await respond({
    response_type: 'ephemeral',
    replace_original: replace,
    text: first.text,
    blocks: first.blocks,
    ...thread,
  });
  for (const more of rest) {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: more.text,
      blocks: more.blocks,
      ...thread,
    });
  }
}

/**
 * A Responder for a `response_url` kept from an earlier interaction (a modal's private metadata):
 * Bolt only builds `respond` from the request at hand. Throws when Slack refuses it (a URL used
 * five times already, or older than 30 minutes).
 */
export function responseUrlPoster(url: string): Responder {
  return async (message) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`response_url refused: ${response.status} ${text.slice(0, 40)}`);
    return text;
  };
}

/** Error text for logs: never the payload, only what went wrong. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
