import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseAdminCommand } from '../../core/commands.js';
import { messages } from '../../core/i18n/catalog.js';
import { messageView } from '../../core/render.js';
import type { Actor, ChannelAddress } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { slackAccess } from './slack-access.js';
import {
  errorText,
  firstTrigger,
  forRequest,
  respondView,
  type SlackContext,
  slackAddress,
} from './slack-context.js';
import { openSettingsModal } from './slack-settings.js';
import { openUploadModal, refuseInUploadModal, sendExport } from './slack-upload.js';

/** What opens the settings modal: nothing at all, or the word. */
const SETTINGS_WORDS = new Set(['', 'settings', '설정']);

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

/**
 * Runs the slow part after the ack, once per `trigger_id` (a replayed command does nothing); an
 * unexpected failure is logged and the caller told.
 */
async function answer(
  ctx: SlackContext,
  command: SlashCommand,
  respond: RespondFn,
  work: (address: ChannelAddress) => Promise<View | null>,
): Promise<void> {
  const address = addressOf(command);
  try {
    if (!(await firstTrigger(ctx, command.team_id, command.trigger_id))) return;
    const view = await work(address);
    if (view) await respondView(respond, view);
  } catch (error) {
    ctx.log.error({ command: command.command, err: errorText(error) }, 'slash command failed');
    const locale = (await ctx.quiz.channelAt(address).catch(() => null))?.locale ?? 'ko';
    await respondView(respond, messageView('error', messages(locale).internalError));
  }
}

/** How long `upload` waits for users.info before opening its modal anyway (trigger ids live 3 s). */
const ADMIN_CHECK_BUDGET_MS = 1_000;

/** The promise's value, or null when it takes longer than `ms`. */
async function within<T>(ms: number, work: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `upload` opens a modal, which Slack allows only within 3 s of the command. A configured admin
 * needs no users.info; otherwise it waits for users.info a moment, and when Slack is slower than
 * that, opens the modal first and decides after: someone who turns out not to be an admin sees
 * the refusal in the modal (and a submission is checked again in any case). False when no modal
 * was opened (not an admin, or Slack refused it): the caller answers through `response_url`.
 */
async function uploadModal(
  ctx: SlackContext,
  command: SlashCommand,
  address: ChannelAddress,
  actor: Promise<Actor>,
): Promise<boolean> {
  const configured = ctx.admin.isAdmin({
    userId: command.user_id,
    name: command.user_name,
    isPlatformAdmin: false,
  });
  const known = configured ? null : await within(ADMIN_CHECK_BUDGET_MS, actor);
  if (known && !ctx.admin.isAdmin(known)) return false;
  let viewId: string | undefined;
  try {
    viewId = await openUploadModal(ctx, command.trigger_id, address);
  } catch (error) {
    // The trigger expired or views.open is not allowed: fall back to the DM route, which the
    // core's `upload` reply explains.
    ctx.log.warn({ err: errorText(error) }, 'could not open the upload modal');
    return false;
  }
  if (configured || known) return true;
  if (!ctx.admin.isAdmin(await actor) && viewId) await refuseInUploadModal(ctx, viewId, address);
  return true;
}

async function adminCommand(
  ctx: SlackContext,
  command: SlashCommand,
  address: ChannelAddress,
): Promise<View | null> {
  // Nothing after `/sa-admin` (or `settings`): the settings form, the text syntax for power users.
  if (SETTINGS_WORDS.has(command.text.trim().toLowerCase()))
    return openSettingsModal(
      ctx,
      command.trigger_id,
      command.team_id,
      { id: command.channel_id, name: command.channel_name },
      command.user_id,
      command.user_name,
    );
  // Tracked: `upload` may answer before users.info does (stop() still waits for it).
  const lookup = ctx.inFlight.track(ctx.users.actor(command.user_id, command.user_name, command.channel_id));
  const parsed = parseAdminCommand(command.text);
  if (parsed.ok && parsed.value.name === 'upload' && (await uploadModal(ctx, command, address, lookup)))
    return null;
  const actor = await lookup;
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

export function registerCommands(app: App, base: SlackContext): void {
  app.command(COMMANDS.practice, async ({ command, ack, respond, context }) => {
    await ack();
    const ctx = forRequest(base, context);
    await answer(ctx, command, respond, (address) =>
      ctx.quiz.practice(address, command.user_id, command.text),
    );
  });

  app.command(COMMANDS.leaderboard, async ({ command, ack, respond, context }) => {
    await ack();
    const ctx = forRequest(base, context);
    const period = command.text.trim() === '' ? undefined : command.text.trim();
    await answer(ctx, command, respond, (address) => ctx.quiz.leaderboard(address, command.user_id, period));
  });

  app.command(COMMANDS.admin, async ({ command, ack, respond, context }) => {
    await ack();
    const ctx = forRequest(base, context);
    await answer(ctx, command, respond, (address) => adminCommand(ctx, command, address));
  });
}
