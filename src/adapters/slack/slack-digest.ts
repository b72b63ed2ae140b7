import type { webApi } from '@slack/bolt';
import type { DigestMessage } from '../../core/digest.js';
import type { Logger } from '../../core/logger.js';
import type { Channel } from '../../core/types.js';
import { plainVersion, renderMessages, type SlackMessage, truncate } from './slack-blocks.js';
import { platformErrorCode, toChatError, waitingOutRateLimits } from './slack-errors.js';

/** Slack's limit on a file's alternative text. */
const ALT_TEXT_MAX = 1000;

/**
 * Refusals of the file itself, not of the channel: uploads switched off in the workspace, its
 * storage full, a file Slack will not take. The digest then goes out as text alone.
 */
const FILE_REFUSED = new Set([
  'file_uploads_disabled',
  'file_uploads_except_images_disabled',
  'storage_limit_reached',
  'file_too_large',
  'invalid_file_type',
]);

/**
 * The weekly digest on Slack: the chart PNG uploaded to the channel with files.uploadV2
 * (files.getUploadURLExternal, the bytes, files.completeUploadExternal), the digest's text as
 * its initial comment and its text chart as the image's alternative text; the text alone
 * (chat.postMessage) when there is no image or Slack refuses the file itself.
 *
 * `client` never retries by itself (the Chat's post client): a 5xx or a timeout on the way may
 * have shared the file, so it is not uploaded again, here or by the core. A 429 shared nothing:
 * it is waited out a few times. Channel refusals (not_in_channel, is_archived,
 * channel_not_found...) are classified by toChatError for the core's channel-health path.
 */
export async function postSlackDigest(
  client: webApi.WebClient,
  log: Logger,
  channel: Channel,
  digest: DigestMessage,
  postText: (message: SlackMessage) => Promise<string>,
): Promise<void> {
  const messages = renderMessages(digest.view);
  const comment = messages.map(plainVersion).join('\n\n');
  if (digest.image) {
    const { fileName, bytes, altText } = digest.image;
    try {
      await waitingOutRateLimits(
        () =>
          client.files.uploadV2({
            channel_id: channel.externalId,
            file: Buffer.from(bytes),
            filename: fileName,
            title: digest.view.title,
            alt_text: truncate(altText, ALT_TEXT_MAX),
            initial_comment: comment,
          }),
        (retryAfter) =>
          log.warn(
            { channel: channel.externalId, retryAfter },
            'Slack rate limit: waiting before the digest upload',
          ),
      );
      return;
    } catch (error) {
      const code = platformErrorCode(error);
      if (!code || !FILE_REFUSED.has(code)) throw toChatError(error);
      log.warn(
        { channelId: channel.id, error: code },
        'Slack refused the digest image; posting its text alone',
      );
    }
  }
  for (const message of messages) await postText(message);
}
