import {
  type APIChannel,
  type APIMessage,
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  type REST,
  Routes,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import { type Chat, ChatError } from '../../core/ports.js';
import type { Logger } from '../../core/quiz.js';
import type { Channel, Round } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { type DiscordMessage, NO_MENTIONS, renderView, threadName } from './discord-embeds.js';

/** What happens to a round's thread once the answer is revealed. */
export type ThreadAfterReveal = 'keep' | 'archive' | 'lock';

export interface DiscordChatOptions {
  /** discord.js's REST client (with its rate-limit queue), already holding the bot token. */
  readonly rest: REST;
  readonly threadAfterReveal: ThreadAfterReveal;
  readonly logger: Logger;
}

/** Discord JSON error codes the adapter reacts to. */
const UNKNOWN_CHANNEL = 10003;
/** The message already has a thread: a repeated post (nonce) of a question that got one. */
const THREAD_ALREADY_CREATED = 160004;
const UNKNOWN_GUILD = 10004;
const UNKNOWN_MESSAGE = 10008;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;

function apiCode(error: unknown): number | string | null {
  return error instanceof DiscordAPIError ? error.code : null;
}

/** A failed Discord call as the core's ChatError: gone channels and missing rights pause the channel. */
export function toChatError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DiscordAPIError) {
    if (error.code === UNKNOWN_CHANNEL || error.code === UNKNOWN_GUILD)
      return new ChatError('channel_gone', message);
    if (error.code === MISSING_ACCESS || error.code === MISSING_PERMISSIONS || error.status === 403)
      return new ChatError('forbidden', message);
    if (error.status === 429) return new ChatError('rate_limited', message);
  }
  if (error instanceof RateLimitError) return new ChatError('rate_limited', message);
  if (error instanceof HTTPError) return new ChatError('transient', message);
  return new ChatError('transient', message);
}

/**
 * The core's Chat on Discord. A round's question is a channel message with a thread started from
 * it; Discord gives such a thread the starter message's id, so the message id is the round's
 * `messageRef` and also the channel id replies arrive in. Calls go through discord.js's REST
 * client, which queues around rate limits; only the REST client is needed, so posting works
 * before (and without) the gateway connection.
 */
export class DiscordChat implements Chat {
  readonly platform = 'discord' as const;

  constructor(private readonly options: DiscordChatOptions) {}

  private async send(channelId: string, message: DiscordMessage, nonce?: string): Promise<APIMessage> {
    return (await this.options.rest.post(Routes.channelMessages(channelId), {
      body: {
        embeds: message.embeds,
        components: message.components,
        allowed_mentions: NO_MENTIONS,
        // Discord returns the earlier message instead of posting twice when a nonce repeats.
        ...(nonce ? { nonce, enforce_nonce: true } : {}),
      },
    })) as APIMessage;
  }

  async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
    const [first, ...more] = renderView(question);
    if (!first) throw new ChatError('transient', 'empty question view');
    let posted: APIMessage;
    try {
      posted = await this.send(channel.externalId, first, roundNonce(round));
      for (const message of more) await this.send(channel.externalId, message);
    } catch (error) {
      throw toChatError(error);
    }
    try {
      await this.options.rest.post(Routes.threads(channel.externalId, posted.id), {
        body: {
          name: threadName(question),
          auto_archive_duration: ThreadAutoArchiveDuration.OneDay,
        },
      });
    } catch (error) {
      if (apiCode(error) === THREAD_ALREADY_CREATED) return posted.id;
      // A question nobody can answer in a thread is useless: take it back so the core can retry.
      await this.options.rest
        .delete(Routes.channelMessage(channel.externalId, posted.id))
        .catch((e: unknown) =>
          this.options.logger.warn(
            { channelId: channel.id, err: String(e) },
            'could not delete the question',
          ),
        );
      throw toChatError(error);
    }
    return posted.id;
  }

  /**
   * The question an earlier attempt posted: the bot's recent message whose embed footer names the
   * round (the nonce only protects retries within minutes, and history does not return it).
   */
  async findQuestion(channel: Channel, round: Round): Promise<string | null> {
    let recent: APIMessage[];
    try {
      recent = (await this.options.rest.get(Routes.channelMessages(channel.externalId), {
        query: new URLSearchParams({ limit: '50' }),
      })) as APIMessage[];
    } catch (error) {
      throw toChatError(error);
    }
    const footer = `#${round.id}`;
    const found = recent.find((m) => m.author.bot && m.embeds.some((e) => e.footer?.text === footer));
    return found?.id ?? null;
  }

  async postReveal(channel: Channel, round: Round, reveal: View, closedQuestion: View): Promise<void> {
    const ref = round.messageRef;
    if (!ref) throw new ChatError('transient', `round ${round.id} has no message`);
    const messages = renderView(reveal);
    try {
      let target = ref;
      for (const [index, message] of messages.entries()) {
        try {
          await this.send(target, message);
        } catch (error) {
          // The thread was deleted but the channel may live: reveal in the channel instead.
          if (index !== 0 || apiCode(error) !== UNKNOWN_CHANNEL) throw error;
          target = channel.externalId;
          await this.send(target, message);
        }
      }
      const [closed] = renderView(closedQuestion);
      if (closed) {
        await this.options.rest
          .patch(Routes.channelMessage(channel.externalId, ref), {
            body: { embeds: closed.embeds, components: [], allowed_mentions: NO_MENTIONS },
          })
          .catch((error: unknown) => {
            // Somebody deleted the question message: nothing left to mark closed.
            if (apiCode(error) !== UNKNOWN_MESSAGE) throw error;
          });
      }
    } catch (error) {
      throw toChatError(error);
    }
    await this.closeThread(channel, ref);
  }

  private async closeThread(channel: Channel, threadId: string): Promise<void> {
    const mode = this.options.threadAfterReveal;
    if (mode === 'keep') return;
    try {
      await this.options.rest.patch(Routes.channel(threadId), {
        body: mode === 'lock' ? { archived: true, locked: true } : { archived: true },
      });
    } catch (error) {
      this.options.logger.warn(
        { channelId: channel.id, threadId, err: error instanceof Error ? error.message : String(error) },
        `could not ${mode} the round thread`,
      );
    }
  }

  async notifyAdmin(_channel: Channel, userId: string, message: View): Promise<void> {
    try {
      const dm = (await this.options.rest.post(Routes.userChannels(), {
        body: { recipient_id: userId },
      })) as APIChannel;
      for (const part of renderView(message)) await this.send(dm.id, part);
    } catch (error) {
      throw toChatError(error);
    }
  }
}

/** A nonce naming the round (Discord allows 25 characters). */
function roundNonce(round: Round): string {
  return `sa-quiz-r${round.id}`.slice(0, 25);
}
