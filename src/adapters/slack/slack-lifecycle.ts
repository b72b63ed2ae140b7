import type { App } from '@slack/bolt';
import type { ChannelLoss } from '../../core/lifecycle.js';
import { forRequest, type SlackContext, slackAddress } from './slack-context.js';

/**
 * What Slack says about a channel's life: the bot added to a channel (`member_joined_channel`
 * for the bot user: one welcome), the channel archived or deleted, the bot removed, the app
 * uninstalled or its bot token revoked (paused at once, before the next post fails; the admin is
 * told once, as for a refused post). Pausing runs before the ack, so a database failure makes
 * Slack deliver it again; it is idempotent (a channel already paused as broken is left as it
 * is). The welcome is posted after the ack, once per event id, and never retried.
 */

/** Event types, public and private channel flavours, and what each means for the channel. */
export const LOSS_EVENTS: Readonly<Record<string, ChannelLoss>> = {
  channel_archive: 'channel_archived',
  group_archive: 'channel_archived',
  channel_deleted: 'channel_not_found',
  group_deleted: 'channel_not_found',
  channel_left: 'not_in_channel',
  group_left: 'not_in_channel',
};

type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The workspace marked uninstalled (its grace period starts) and paused, and its installation
 * deleted — each tried even when the other fails (a database outage), then the failure thrown so
 * Slack delivers the event again.
 */
async function uninstalled(
  ctx: SlackContext,
  teamId: string,
  enterpriseId: string | undefined,
): Promise<void> {
  const [lost, removed] = await Promise.allSettled([
    ctx.quiz.workspaceLost('slack', teamId),
    ctx.removeInstallation(teamId, enterpriseId),
  ]);
  if (lost.status === 'rejected') throw lost.reason;
  if (removed.status === 'rejected') throw removed.reason;
}

export function registerLifecycleEvents(app: App, base: SlackContext): void {
  for (const [type, loss] of Object.entries(LOSS_EVENTS))
    app.event(type, async ({ event, body, context }) => {
      const ctx = forRequest(base, context);
      const channel = str(fields(event).channel);
      if (channel) await ctx.quiz.channelLost(slackAddress(body.team_id, channel), loss);
    });

  // `channel_left` is "sometimes withheld"; the bot's own `member_left_channel` says the same.
  app.event('member_left_channel', async ({ event, body, context }) => {
    const ctx = forRequest(base, context);
    const e = fields(event);
    const channel = str(e.channel);
    if (channel && context.botUserId !== undefined && e.user === context.botUserId)
      await ctx.quiz.channelLost(slackAddress(body.team_id, channel), 'not_in_channel');
  });

  app.event('member_joined_channel', async ({ event, body, context }) => {
    const ctx = forRequest(base, context);
    const e = fields(event);
    const channel = str(e.channel);
    if (!channel || context.botUserId === undefined || e.user !== context.botUserId) return;
    if (!(await ctx.quiz.firstDelivery('slack', body.event_id))) return;
    ctx.inFlight.spawn('welcome failed', async () => {
      const team = await ctx.teamDomain();
      await ctx.quiz.welcome(slackAddress(body.team_id, channel, { team }));
    });
  });

  // Bolt skips authorising these two (the token is gone already). In distribution mode the
  // workspace's installation is deleted, so nothing is posted there with a dead token again.
  app.event('app_uninstalled', async ({ body }) => {
    await uninstalled(base, body.team_id, body.enterprise_id);
  });

  // Only the bot's token matters: user tokens (`tokens.oauth`) are not used.
  app.event('tokens_revoked', async ({ event, body }) => {
    const bots = fields(fields(event).tokens).bot;
    if (Array.isArray(bots) && bots.length > 0) await uninstalled(base, body.team_id, body.enterprise_id);
  });
}
