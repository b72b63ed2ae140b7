import {
  type APIChannel,
  type APIMessage,
  type REST,
  RESTJSONErrorCodes,
  Routes,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import type { DigestMessage } from '../../core/digest.js';
import { ChatError } from '../../core/failures.js';
import { messages } from '../../core/i18n/catalog.js';
import type { Logger } from '../../core/logger.js';
import type { Chat, RevealProgress } from '../../core/ports.js';
import { questionTitleOf } from '../../core/render.js';
import type { Channel, Round } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { postDiscordDigest } from './discord-digest.js';
import { type DiscordMessage, NO_MENTIONS, renderView, safeText, threadName } from './discord-embeds.js';
import { apiCode, type DiscordCall, NEEDED, toChatError } from './discord-errors.js';

/** What happens to a round's thread once the answer is revealed. */
export type ThreadAfterReveal = 'keep' | 'archive' | 'lock';

export interface DiscordChatOptions {
  /** discord.js's REST client (with its rate-limit queue), already holding the bot token. */
  readonly rest: REST;
  readonly threadAfterReveal: ThreadAfterReveal;
  readonly logger: Logger;
  /**
   * Which of `needed` the bot lacks in a channel, from discord.js's cache of roles and
   * overwrites; null when the channel is not cached. Names what a 50013 is missing.
   */
  readonly missingPermissions?: (channelId: string, needed: readonly string[]) => string[] | null;
  /**
   * The kind of channel (`voice`, `forum`...) when rounds cannot run in it, from discord.js's
   * cache; null when it is fine or not cached. Names what a 50024 or 40058 refused.
   */
  readonly channelKind?: (channelId: string) => string | null;
}

/** How a direct message went: sent, or refused by the person's privacy settings (50007). */
export type DirectMessageOutcome = 'sent' | 'refused';

const C = RESTJSONErrorCodes;
/** How far back a recovering attempt looks for its own earlier message. */
const LOOKBACK = 50;

/**
 * The core's Chat on Discord. A round's question is a channel message with a thread started from
 * it; Discord gives such a thread the starter message's id, so the message id is the round's
 * `messageRef` and also the channel id replies arrive in. Every message carries a nonce with
 * `enforce_nonce`, so a retry of the same send (discord.js's own, after a 5xx) returns the first
 * message instead of a second one; across attempts minutes apart, the round's footer is looked
 * for first. Only the REST client is needed, so posting works before (and without) the gateway.
 */
export class DiscordChat implements Chat {
  readonly platform = 'discord' as const;

  constructor(private readonly options: DiscordChatOptions) {}

  private classify(error: unknown, call: DiscordCall, channelId: string): ChatError {
    return toChatError(error, call, {
      missing: this.options.missingPermissions?.(channelId, NEEDED[call]) ?? null,
      kind: this.options.channelKind?.(channelId) ?? null,
    });
  }

  /** `role`: the one role this message may ping (the question's, when an admin set one). */
  private async send(
    channelId: string,
    message: DiscordMessage,
    nonce?: string,
    role?: string | null,
  ): Promise<APIMessage> {
    return (await this.options.rest.post(Routes.channelMessages(channelId), {
      body: {
        ...(role ? { content: `<@&${role}>` } : {}),
        embeds: message.embeds,
        components: message.components,
        allowed_mentions: role ? { parse: [], roles: [role] } : NO_MENTIONS,
        ...(nonce ? { nonce, enforce_nonce: true } : {}),
      },
    })) as APIMessage;
  }

  /** The bot's recent messages in a channel or thread. */
  private async recent(channelId: string): Promise<APIMessage[]> {
    try {
      return (await this.options.rest.get(Routes.channelMessages(channelId), {
        query: new URLSearchParams({ limit: String(LOOKBACK) }),
      })) as APIMessage[];
    } catch (error) {
      throw this.classify(error, 'history', channelId);
    }
  }

  async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
    const [first, ...more] = renderView(question);
    if (!first) throw new ChatError('invalid_payload', 'empty question view');
    let posted: APIMessage;
    try {
      // The role to notify, if an admin set one: the only ping the bot ever sends.
      posted = await this.send(channel.externalId, first, nonce(round, ''), channel.notifyRole);
      for (const [i, message] of more.entries())
        await this.send(channel.externalId, message, nonce(round, `q${i + 1}`));
    } catch (error) {
      throw this.classify(error, 'post', channel.externalId);
    }
    try {
      await this.options.rest.post(Routes.threads(channel.externalId, posted.id), {
        body: { name: threadName(question), auto_archive_duration: ThreadAutoArchiveDuration.OneDay },
      });
    } catch (error) {
      if (apiCode(error) === C.ThreadAlreadyCreatedForMessage) return posted.id;
      // A question nobody can answer in a thread is useless: take it back, so that a channel
      // where threads are refused does not keep a question per attempt.
      await this.options.rest
        .delete(Routes.channelMessage(channel.externalId, posted.id))
        .catch((e: unknown) =>
          this.options.logger.warn(
            { channelId: channel.id, err: String(e) },
            'could not delete the question',
          ),
        );
      throw this.classify(error, 'thread', channel.externalId);
    }
    return posted.id;
  }

  /**
   * The question an earlier attempt posted: the bot's recent message whose embed footer names the
   * round (the nonce only protects retries within minutes, and history does not return it).
   */
  async findQuestion(channel: Channel, round: Round): Promise<string | null> {
    const footer = `#${round.id}`;
    const found = (await this.recent(channel.externalId)).find(
      (m) => m.author.bot && m.embeds.some((e) => e.footer?.text === footer),
    );
    return found?.id ?? null;
  }

  async postReveal(
    channel: Channel,
    round: Round,
    reveal: View,
    closedQuestion: View,
    progress: RevealProgress,
  ): Promise<void> {
    const ref = round.messageRef;
    if (!ref) throw new ChatError('invalid_payload', `round ${round.id} has no message`);
    const parts = labelParts(renderView(reveal), reveal.footer);
    let target = ref;
    let earlier: APIMessage[] | null = null;
    for (let index = progress.delivered; index < parts.length; index++) {
      const part = parts[index];
      if (!part) continue;
      if (progress.lookFirst && index === progress.delivered) {
        earlier ??= await this.recentOrNone(target);
        if (earlier.some((m) => m.author.bot && m.embeds.some((e) => e.footer?.text === part.label))) {
          await progress.partDelivered(index + 1);
          continue;
        }
      }
      try {
        await this.send(target, part.message, nonce(round, `r${index}`));
      } catch (error) {
        const code = apiCode(error);
        // The thread was deleted or locked, but the channel may live: reveal in the channel instead.
        const threadUnusable =
          code === C.UnknownChannel || code === C.ThreadLocked || code === C.InvalidActionOnArchivedThread;
        // A thread has its parent's permissions, and the parent is cached even when the thread is not.
        if (!threadUnusable || target !== ref)
          throw this.classify(error, target === ref ? 'thread_post' : 'post', channel.externalId);
        target = channel.externalId;
        try {
          await this.send(target, part.message, nonce(round, `c${index}`));
        } catch (again) {
          throw this.classify(again, 'post', target);
        }
      }
      await progress.partDelivered(index + 1);
    }
    // Announced in the channel, linking the thread (archived after the reveal, it leaves the
    // channel's thread list); not when the reveal itself had to go to the channel.
    if (progress.delivered <= parts.length && target === ref) {
      await this.announce(
        channel,
        round,
        ref,
        questionTitleOf(closedQuestion) ?? reveal.title,
        progress.lookFirst && progress.delivered === parts.length,
      );
      await progress.partDelivered(parts.length + 1);
    }
    await this.closeQuestion(channel, ref, closedQuestion);
    await this.closeThread(channel, ref);
  }

  /** The short channel message after a reveal: the title and a link to its thread. */
  private async announce(
    channel: Channel,
    round: Round,
    thread: string,
    title: string,
    lookFirst: boolean,
  ): Promise<void> {
    const label = `#${round.id} · ↗`;
    if (lookFirst) {
      const earlier = await this.recentOrNone(channel.externalId);
      if (earlier.some((m) => m.author.bot && m.embeds.some((e) => e.footer?.text === label))) return;
    }
    const text = `${safeText(messages(channel.locale).revealAnnouncement(title))} <#${thread}>`;
    try {
      await this.send(
        channel.externalId,
        { embeds: [{ description: text, footer: { text: label } }], components: [] },
        nonce(round, 'ann'),
      );
    } catch (error) {
      throw this.classify(error, 'post', channel.externalId);
    }
  }

  private async recentOrNone(channelId: string): Promise<APIMessage[]> {
    try {
      return await this.recent(channelId);
    } catch {
      return [];
    }
  }

  /** Marks the question closed; cosmetic, so a failure is only logged. */
  private async closeQuestion(channel: Channel, ref: string, closedQuestion: View): Promise<void> {
    const [closed] = renderView(closedQuestion);
    if (!closed) return;
    try {
      await this.options.rest.patch(Routes.channelMessage(channel.externalId, ref), {
        body: { embeds: closed.embeds, components: [], allowed_mentions: NO_MENTIONS },
      });
    } catch (error) {
      // Somebody deleted the question message: nothing left to mark closed.
      if (apiCode(error) !== C.UnknownMessage)
        this.options.logger.warn(
          { channelId: channel.id, err: error instanceof Error ? error.message : String(error) },
          'could not mark the question closed',
        );
    }
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
    if ((await this.directMessage(userId, message)) === 'refused')
      throw new ChatError('forbidden', `user ${userId} does not accept direct messages`, {
        problem: 'posting_restricted',
        detail: 'dm',
      });
  }

  /**
   * Sends `message` to a person privately. 'refused' when they do not accept DMs from server
   * members (50007), which is their choice, not a failure; anything else throws a ChatError.
   */
  async directMessage(userId: string, message: View): Promise<DirectMessageOutcome> {
    try {
      const dm = (await this.options.rest.post(Routes.userChannels(), {
        body: { recipient_id: userId },
      })) as APIChannel;
      for (const part of renderView(message)) await this.send(dm.id, part);
      return 'sent';
    } catch (error) {
      if (apiCode(error) === C.CannotSendMessagesToThisUser) return 'refused';
      throw toChatError(error, 'dm');
    }
  }

  /** The deadline reminder: one message in the round's thread (its nonce guards discord.js's own retry). */
  async postReminder(channel: Channel, round: Round, message: View): Promise<void> {
    const thread = round.messageRef;
    if (!thread) throw new ChatError('invalid_payload', `round ${round.id} has no message`);
    for (const [i, part] of renderView(message).entries()) {
      try {
        await this.send(thread, part, nonce(round, `rem${i}`));
      } catch (error) {
        const code = apiCode(error);
        // The thread was deleted or locked while the channel lives: no reminder, and no pause.
        if (code === C.UnknownChannel || code === C.ThreadLocked || code === C.InvalidActionOnArchivedThread)
          throw new ChatError('transient', `the round thread refused the reminder (${code})`);
        throw this.classify(error, 'thread_post', channel.externalId);
      }
    }
  }

  /**
   * A private nudge, as a DM (Discord has no ephemeral message without an interaction). Someone
   * who does not accept DMs (50007) is skipped: `recipient_unavailable`, never retried.
   */
  async sendNudge(_channel: Channel, _round: Round, userId: string, message: View): Promise<void> {
    if ((await this.directMessage(userId, message)) === 'refused')
      throw new ChatError('gone', `user ${userId} does not accept direct messages`, {
        problem: 'recipient_unavailable',
        detail: 'dm',
      });
  }

  async postNotice(channel: Channel, message: View): Promise<void> {
    for (const part of renderView(message)) {
      try {
        await this.send(channel.externalId, part);
      } catch (error) {
        throw this.classify(error, 'post', channel.externalId);
      }
    }
  }

  /** The weekly digest: the chart attached to an embed with its text (src/adapters/discord/discord-digest.ts). */
  postDigest(channel: Channel, digest: DigestMessage): Promise<void> {
    return postDiscordDigest(this.options.rest, this.options.logger, channel, digest, (error) =>
      this.classify(error, 'post', channel.externalId),
    );
  }
}

/** A nonce naming the round and the part, if any (Discord allows 25 characters). */
function nonce(round: Round, part: string): string {
  return `sa-quiz-r${round.id}${part === '' ? '' : `-${part}`}`.slice(0, 25);
}

/**
 * The reveal's messages, each with a footer that names it (`#12 · 2/3`), so a recovering attempt
 * can tell which parts are already in the thread.
 */
function labelParts(
  messages: readonly DiscordMessage[],
  footer: string | null,
): { message: DiscordMessage; label: string }[] {
  const base = footer ?? '';
  return messages.map((message, i) => {
    const label = messages.length > 1 ? `${base} · ${i + 1}/${messages.length}` : base;
    const embeds = message.embeds.map((e, j) =>
      j === message.embeds.length - 1 ? { ...e, footer: { text: label } } : e,
    );
    return { message: { ...message, embeds }, label };
  });
}
