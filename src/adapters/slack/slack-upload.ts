import type { App } from '@slack/bolt';
import type { ExportFile } from '../../core/admin.js';
import { MAX_BANK_BYTES } from '../../core/bank/parse.js';
import { messages } from '../../core/i18n/catalog.js';
import { messageView } from '../../core/render.js';
import type { Actor, ChannelAddress } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { DOWNLOAD_TIMEOUT_MS, formatBytes, readResponseAtMost } from '../../io/bounded-read.js';
import { renderBlocks, renderMessages } from './slack-blocks.js';
import { errorText, forRequest, type SlackContext, slackAddress } from './slack-context.js';

/**
 * Bank uploads and exports. An admin sends a file either through the `/sa-admin upload` modal
 * (a `file_input`) or straight into the app's DM; either way the file is downloaded with the bot
 * token, the core previews it privately, and nothing is imported until the preview's confirm
 * button. A file over the bank limit is refused on its declared size without being downloaded,
 * and a download is cut off (and given up after a timeout) as soon as it passes the limit anyway.
 * `export` uploads the bank into the admin's DM (a bank holds the answers, so it is never posted
 * in the channel).
 */

export const UPLOAD_CALLBACK = 'sa-quiz.upload';
const FILE_BLOCK = 'bank_file';
const FILE_ACTION = 'file';

/** A file as Slack describes it in events, view state and `files.info`. */
export interface SlackFileRef {
  readonly id: string;
  readonly name?: string | undefined;
  readonly url_private_download?: string | undefined;
  readonly url_private?: string | undefined;
  /** Bytes, as Slack declares them (a claim: the download is capped whatever it says). */
  readonly size?: number | undefined;
}

/** A downloaded bank file, or word that it is larger than the limit (nothing more was read). */
export type SlackDownload =
  | { readonly name: string; readonly bytes: Uint8Array }
  | { readonly name: string; readonly tooLarge: true };

export interface DownloadLimits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

const BANK_DOWNLOAD: DownloadLimits = { maxBytes: MAX_BANK_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS };

interface UploadMetadata {
  readonly channelId: string;
  readonly channelName?: string;
}

function readMetadata(text: string): UploadMetadata | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { channelId, channelName } = parsed as { channelId?: unknown; channelName?: unknown };
    if (typeof channelId !== 'string') return null;
    return typeof channelName === 'string' ? { channelId, channelName } : { channelId };
  } catch {
    return null;
  }
}

/**
 * Opens the upload modal (the trigger id of a slash command lives for 3 seconds); returns the
 * modal's view id.
 */
export async function openUploadModal(
  ctx: SlackContext,
  triggerId: string,
  address: ChannelAddress,
): Promise<string | undefined> {
  const channel = await ctx.quiz.channelAt(address);
  const labels = messages(channel.locale).ui;
  const metadata: UploadMetadata = {
    channelId: address.channelId,
    ...(address.channelName ? { channelName: address.channelName } : {}),
  };
  const opened = await ctx.client.views.open({
    trigger_id: triggerId,
    view: {
      type: 'modal',
      callback_id: UPLOAD_CALLBACK,
      private_metadata: JSON.stringify(metadata),
      title: { type: 'plain_text', text: labels.uploadTitle },
      submit: { type: 'plain_text', text: labels.preview },
      close: { type: 'plain_text', text: labels.cancel },
      blocks: [
        {
          type: 'input',
          block_id: FILE_BLOCK,
          label: { type: 'plain_text', text: labels.uploadFileLabel },
          element: {
            type: 'file_input',
            action_id: FILE_ACTION,
            max_files: 1,
            filetypes: ['md', 'markdown', 'txt', 'json', 'csv'],
          },
        },
      ],
    },
  });
  return opened.view?.id;
}

/**
 * Replaces an upload modal opened before the caller's rights were known (users.info was slow)
 * with the refusal, once they turn out not to be an admin. The submission is checked anyway.
 */
export async function refuseInUploadModal(
  ctx: SlackContext,
  viewId: string,
  address: ChannelAddress,
): Promise<void> {
  const m = messages((await ctx.quiz.channelAt(address)).locale);
  await ctx.client.views.update({
    view_id: viewId,
    view: {
      type: 'modal',
      title: { type: 'plain_text', text: m.ui.uploadTitle },
      close: { type: 'plain_text', text: m.ui.cancel },
      blocks: renderBlocks(messageView('error', m.error('not_admin', {}))),
    },
  });
}

/** Only Slack's own file hosts (or the configured API host) ever see the bot token. */
function isSlackHosted(url: string, apiUrl: string): boolean {
  try {
    const target = new URL(url);
    if (target.origin === new URL(apiUrl).origin) return true;
    const host = target.hostname;
    return (
      target.protocol === 'https:' &&
      (host === 'slack.com' ||
        host.endsWith('.slack.com') ||
        host === 'slack-gov.com' ||
        host.endsWith('.slack-gov.com'))
    );
  } catch {
    return false;
  }
}

/**
 * Downloads a file Slack hosts, with the bot token (needs the `files:read` scope), reading at most
 * `limits.maxBytes`: refused on its declared size (the file object's, else files.info's) before
 * anything is fetched, then on the Content-Length, then as soon as the body passes the cap.
 */
export async function downloadSlackFile(
  ctx: Pick<SlackContext, 'client' | 'botToken' | 'apiUrl'>,
  file: SlackFileRef,
  limits: DownloadLimits = BANK_DOWNLOAD,
): Promise<SlackDownload> {
  let url = file.url_private_download ?? file.url_private;
  let name = file.name;
  let size = file.size;
  if (!url) {
    const info = await ctx.client.files.info({ file: file.id });
    url = info.file?.url_private_download ?? info.file?.url_private;
    name = name ?? info.file?.name;
    size = size ?? info.file?.size;
  }
  name = name ?? `${file.id}.txt`;
  if (size !== undefined && size > limits.maxBytes) return { name, tooLarge: true };
  if (!url || !isSlackHosted(url, ctx.apiUrl)) throw new Error(`file ${file.id} has no Slack download URL`);
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${ctx.botToken}` },
    signal: AbortSignal.timeout(limits.timeoutMs),
  });
  if (!response.ok || (response.headers.get('content-type') ?? '').startsWith('text/html')) {
    await response.body?.cancel().catch(() => {});
    if (!response.ok) throw new Error(`downloading file ${file.id} failed: HTTP ${response.status}`);
    throw new Error(`downloading file ${file.id} returned a web page (is the files:read scope granted?)`);
  }
  const bytes = await readResponseAtMost(response, limits.maxBytes);
  return bytes ? { name, bytes } : { name, tooLarge: true };
}

/** Downloads and previews a bank for `actor`; non-admins are refused before anything is fetched. */
async function previewFile(
  ctx: SlackContext,
  address: ChannelAddress,
  actor: Actor,
  file: SlackFileRef,
): Promise<View> {
  if (!ctx.admin.isAdmin(actor))
    return (await ctx.admin.previewUpload(address, actor, file.name ?? file.id, new Uint8Array())).view;
  const m = messages((await ctx.quiz.channelAt(address)).locale);
  let download: SlackDownload;
  try {
    download = await downloadSlackFile(ctx, file);
  } catch (error) {
    ctx.log.warn({ fileId: file.id, err: errorText(error) }, 'bank file download failed');
    return messageView('error', m.ui.downloadFailed);
  }
  if ('tooLarge' in download) {
    ctx.log.info({ fileId: file.id, declaredBytes: file.size }, 'bank file over the size limit refused');
    return messageView('error', m.error('file_too_large', { max: formatBytes(MAX_BANK_BYTES) }));
  }
  return (await ctx.admin.previewUpload(address, actor, download.name, download.bytes)).view;
}

async function directMessage(ctx: SlackContext, userId: string): Promise<string> {
  const opened = await ctx.client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}

async function postMessages(ctx: SlackContext, channel: string, view: View): Promise<void> {
  for (const message of renderMessages(view))
    await ctx.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
}

/** Shows a view only to `userId` in `channelId`; in their DM with the app when that fails. */
async function showPrivately(
  ctx: SlackContext,
  channelId: string,
  userId: string,
  view: View,
): Promise<void> {
  try {
    for (const message of renderMessages(view))
      await ctx.client.chat.postEphemeral({
        channel: channelId,
        user: userId,
        text: message.text,
        blocks: message.blocks,
      });
  } catch (error) {
    ctx.log.warn({ channelId, err: errorText(error) }, 'ephemeral message failed; sending a DM instead');
    await postMessages(ctx, await directMessage(ctx, userId), view);
  }
}

/** A file sent to the app's DM (`message` subtype `file_share` in an `im`): previewed in that DM. */
export async function previewDirectMessageFile(
  ctx: SlackContext,
  teamId: string,
  channelId: string,
  userId: string,
  file: SlackFileRef,
): Promise<void> {
  const address = slackAddress(teamId, channelId, {
    team: await ctx.teamDomain(),
    channel: 'direct message',
  });
  const actor = await ctx.users.actor(userId, userId);
  await postMessages(ctx, channelId, await previewFile(ctx, address, actor, file));
}

/** Uploads an exported bank into the admin's DM with files.uploadV2. */
export async function sendExport(ctx: SlackContext, userId: string, file: ExportFile): Promise<void> {
  const channel = await directMessage(ctx, userId);
  await ctx.client.files.uploadV2({
    channel_id: channel,
    filename: file.name,
    title: file.name,
    content: file.content,
  });
}

/** The modal's submission: ack at once (closing it), then download and preview privately. */
export function registerUploadModal(app: App, base: SlackContext): void {
  app.view(UPLOAD_CALLBACK, async ({ ack, body, view, context }) => {
    const ctx = forRequest(base, context);
    const metadata = readMetadata(view.private_metadata);
    const file = view.state.values[FILE_BLOCK]?.[FILE_ACTION]?.files?.[0];
    const teamId = body.team?.id ?? body.user.team_id ?? view.team_id;
    if (!metadata || !teamId) {
      await ack();
      return;
    }
    const address = slackAddress(teamId, metadata.channelId, { channel: metadata.channelName });
    if (!file) {
      const labels = messages((await ctx.quiz.channelAt(address)).locale).ui;
      await ack({ response_action: 'errors', errors: { [FILE_BLOCK]: labels.uploadNoFile } });
      return;
    }
    await ack();
    const actor = await ctx.users.actor(body.user.id, body.user.name);
    const preview = await previewFile(ctx, address, actor, file);
    await showPrivately(ctx, metadata.channelId, body.user.id, preview);
  });
}
