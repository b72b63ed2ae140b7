import type { BlockAction, ButtonAction, RespondArguments, webApi } from '@slack/bolt';
import type { Admin } from '../../core/admin.js';
import type { Logger, Quiz } from '../../core/quiz.js';
import type { ChannelAddress } from '../../core/types.js';
import type { View } from '../../core/views.js';
import type { InFlight } from './in-flight.js';
import { renderMessages } from './slack-blocks.js';
import type { CourtesyCalls } from './slack-courtesy.js';
import type { SlackTeams, TeamClients } from './slack-teams.js';

/**
 * What every Slack listener needs, built once by the adapter. The clients, users, token and
 * domain are one workspace's (`TeamClients`): a listener takes its request's with `forRequest`
 * before calling Slack, so in distribution mode each workspace is spoken to with its own token.
 */
export interface SlackContext extends TeamClients {
  readonly quiz: Quiz;
  readonly admin: Admin;
  readonly inFlight: InFlight;
  /** Reactions, hints and name lookups after an ack, paced per workspace and method. */
  readonly courtesy: CourtesyCalls;
  readonly log: Logger;
  /** The Web API base URL in use: files hosted next to it may be fetched with the bot token. */
  readonly apiUrl: string;
  /** Every workspace's clients, by bot token or team id. */
  readonly teams: SlackTeams;
  /** Distribution mode: deletes a workspace's installation (uninstalled, token revoked). */
  removeInstallation(teamId: string, enterpriseId: string | undefined): Promise<void>;
}

/**
 * The context with the clients of the bot token Bolt authorised for this request (Bolt's
 * `context.botToken`: SLACK_BOT_TOKEN, or the installation of the request's workspace).
 */
export function forRequest(
  ctx: SlackContext,
  context: { readonly botToken?: string | undefined },
): SlackContext {
  const token = context.botToken;
  if (!token || token === ctx.botToken) return ctx;
  return { ...ctx, ...ctx.teams.clients(token) };
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
