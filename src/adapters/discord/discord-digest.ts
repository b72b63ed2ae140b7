import { type APIEmbed, type REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { DigestMessage } from '../../core/digest.js';
import type { Logger } from '../../core/logger.js';
import type { Channel } from '../../core/types.js';
import { NO_MENTIONS, renderView } from './discord-embeds.js';
import { apiCode } from './discord-errors.js';

/** Discord's limit on an attachment's description (its alternative text). */
const DESCRIPTION_MAX = 1024;
const C = RESTJSONErrorCodes;
/** Refusals of the file, not of the channel: no Attach Files permission, a file too large. */
const FILE_REFUSED = new Set<number>([C.MissingPermissions, C.RequestEntityTooLarge]);

/**
 * The digest's message body: its embeds (the chart shown inside the first one as
 * `attachment://`) with the attachment's description, and nothing that can ping.
 */
export function digestBody(digest: DigestMessage, withImage: boolean): Record<string, unknown> {
  const embeds: APIEmbed[] = renderView(digest.view).flatMap((m) => m.embeds);
  const image = withImage ? digest.image : null;
  if (image && embeds[0]) embeds[0] = { ...embeds[0], image: { url: `attachment://${image.fileName}` } };
  return {
    embeds: embeds.slice(0, 10),
    allowed_mentions: NO_MENTIONS,
    ...(image
      ? {
          attachments: [
            {
              id: 0,
              filename: image.fileName,
              description: [...image.altText].slice(0, DESCRIPTION_MAX).join(''),
            },
          ],
        }
      : {}),
  };
}

/** One nonce per channel and week (25 characters at most): discord.js's own retry returns the same message. */
function digestNonce(channel: Channel, digest: DigestMessage, withImage: boolean): string {
  return `sa-quiz-d${channel.id}-${digest.weekStart.replace(/-/g, '')}${withImage ? '' : 't'}`.slice(0, 25);
}

/**
 * The weekly digest on Discord: one channel message with the chart PNG attached (multipart) and
 * the digest's text in an embed around it. When Discord refuses the file itself (no Attach Files
 * permission, too large) the embed goes alone, once; any other refusal is the caller's to
 * classify (`classify`: the channel-health path for gone, forbidden, unsupported).
 */
export async function postDiscordDigest(
  rest: REST,
  log: Logger,
  channel: Channel,
  digest: DigestMessage,
  classify: (error: unknown) => Error,
): Promise<void> {
  const send = (withImage: boolean) => {
    const image = withImage ? digest.image : null;
    return rest.post(Routes.channelMessages(channel.externalId), {
      body: {
        ...digestBody(digest, withImage),
        nonce: digestNonce(channel, digest, withImage),
        enforce_nonce: true,
      },
      ...(image
        ? { files: [{ name: image.fileName, data: Buffer.from(image.bytes), contentType: 'image/png' }] }
        : {}),
    });
  };
  try {
    await send(digest.image !== null);
    return;
  } catch (error) {
    const code = apiCode(error);
    if (digest.image === null || code === null || !FILE_REFUSED.has(code)) throw classify(error);
    log.warn({ channelId: channel.id, code }, 'Discord refused the digest image; posting its text alone');
  }
  try {
    await send(false);
  } catch (error) {
    throw classify(error);
  }
}
