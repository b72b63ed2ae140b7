import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseAdminCommand } from '../../core/commands.js';
import { messages } from '../../core/i18n/catalog.js';
import { messageView } from '../../core/render.js';
import type { ChannelAddress } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { slackAccess } from './slack-access.js';
import { errorText, respondView, type SlackContext, slackAddress } from './slack-context.js';
import { openUploadModal, sendExport } from './slack-upload.js';

/**
 * `/sa-quiz`, `/sa-leaderboard` and `/sa-admin`. Each acks at once (Slack allows 3 seconds) and
 * answers afterwards through the command's `response_url`, privately to the caller.
 */

/** The command names the manifest declares. */
export const COMMANDS = {
  practice: '/sa-quiz',
  leaderboard: '/sa-leaderboard',
  admin: '/sa-admin',
} as const;

function addressOf(command: SlashCommand): ChannelAddress {
  return slackAddress(command.team_id, command.channel_id, {
    team: command.team_domain,
    channel: command.channel_name,
  });
}

/** Runs the slow part after the ack; an unexpected failure is logged and the caller told. */
async function answer(
  ctx: SlackContext,
  command: SlashCommand,
  respond: RespondFn,
  work: (address: ChannelAddress) => Promise<View | null>,
): Promise<void> {
  const address = addressOf(command);
  try {
    const view = await work(address);
    if (view) await respondView(respond, view);
  } catch (error) {
    ctx.log.error({ command: command.command, err: errorText(error) }, 'slash command failed');
    const locale = (await ctx.quiz.channelAt(address).catch(() => null))?.locale ?? 'ko';
    await respondView(respond, messageView('error', messages(locale).internalError));
  }
}

async function adminCommand(
  ctx: SlackContext,
  command: SlashCommand,
  address: ChannelAddress,
): Promise<View | null> {
  const actor = await ctx.users.actor(command.user_id, command.user_name);
  const parsed = parseAdminCommand(command.text);
  if (parsed.ok && parsed.value.name === 'upload' && ctx.admin.isAdmin(actor)) {
    try {
      await openUploadModal(ctx, command.trigger_id, address);
      return null;
    } catch (error) {
      // The trigger expired or views.open is not allowed: fall back to the DM route, which the
      // core's `upload` reply explains.
      ctx.log.warn({ err: errorText(error) }, 'could not open the upload modal');
    }
  }
  const reply = await ctx.admin.run(address, actor, parsed, () =>
    slackAccess(ctx.client, command.channel_id),
  );
  if (!reply.file) return reply.view;
  const labels = messages((await ctx.quiz.channelAt(address)).locale).ui;
  try {
    await sendExport(ctx, actor.userId, reply.file);
  } catch (error) {
    ctx.log.warn({ err: errorText(error) }, 'export upload failed');
    return messageView('error', labels.exportFailed);
  }
  return {
    ...reply.view,
    blocks: [...reply.view.blocks, { kind: 'text', text: labels.exportSentToDm }],
  };
}

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(COMMANDS.practice, async ({ command, ack, respond }) => {
    await ack();
    await answer(ctx, command, respond, (address) =>
      ctx.quiz.practice(address, command.user_id, command.text),
    );
  });

  app.command(COMMANDS.leaderboard, async ({ command, ack, respond }) => {
    await ack();
    const period = command.text.trim() === '' ? undefined : command.text.trim();
    await answer(ctx, command, respond, (address) => ctx.quiz.leaderboard(address, command.user_id, period));
  });

  app.command(COMMANDS.admin, async ({ command, ack, respond }) => {
    await ack();
    await answer(ctx, command, respond, (address) => adminCommand(ctx, command, address));
  });
}
