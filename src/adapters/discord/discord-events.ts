import {
  type AnyThreadChannel,
  type Client,
  DiscordAPIError,
  Events,
  type Message,
  MessageType,
  type PartialMessage,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
} from 'discord.js';
import { type Logger, type Quiz, type ReplyOutcome, silentLogger } from '../../core/quiz.js';
import type { ChannelAddress } from '../../core/types.js';
import type { ReplyHints } from './discord-hints.js';
import type { WorkQueue } from './work-queue.js';

/** Reactions acknowledging a thread reply: it counted, or it came after the deadline. */
export const REACTIONS = { counted: '✅', late: '⏰' } as const;

export interface MessageEventDeps {
  readonly client: Client;
  readonly quiz: Quiz;
  readonly queue: WorkQueue;
  /** Whether to react to replies (✅ counted, ⏰ late). */
  readonly reactions: boolean;
  /** Tells privately what a reaction cannot (a second reply does not count). */
  readonly hints?: ReplyHints;
  readonly logger?: Logger;
}

interface ThreadPlace {
  readonly address: ChannelAddress;
  /** The thread's id: for a thread started from the question, the question message's id. */
  readonly threadRef: string;
}

/** The thread a guild message was written in, or null for any other channel. */
function threadOf(message: Message | PartialMessage): AnyThreadChannel | null {
  return message.guildId && message.channel.isThread() ? message.channel : null;
}

/**
 * Where a thread message belongs: replies arrive in the thread channel whose id equals the starter
 * message's id, and the round belongs to the thread's parent channel (fetched when the thread is
 * not cached, e.g. a partial channel after a restart).
 */
async function threadPlace(
  message: Message | PartialMessage,
  thread: AnyThreadChannel,
): Promise<ThreadPlace | null> {
  const known = thread.parentId ? thread : await thread.fetch();
  const guildId = message.guildId;
  if (!known.parentId || !guildId) return null;
  const parent = known.parent;
  return {
    address: {
      platform: 'discord',
      workspaceId: guildId,
      channelId: known.parentId,
      ...(message.guild ? { workspaceName: message.guild.name } : {}),
      ...(parent ? { channelName: parent.name } : {}),
    },
    threadRef: thread.id,
  };
}

function replyText(message: Message): string {
  if (message.content !== '') return message.content;
  return message.attachments.map((a) => a.url).join('\n');
}

/** Ordinary messages only: thread-starter, pin and join notices are not answers. */
function isUserMessage(message: Message | PartialMessage): boolean {
  return message.type === MessageType.Default || message.type === MessageType.Reply;
}

/**
 * messageCreate / messageUpdate / messageDelete in a round's thread → Quiz.recordReply /
 * editReply / deleteReply. Events of one thread are handled in order. Replies are stored once
 * however often the gateway delivers them (the core keys answers by message id); edits and
 * deletions are deduplicated with `firstDelivery` so a replayed old edit cannot overwrite a newer one.
 */
export function attachMessageEvents(deps: MessageEventDeps): void {
  const { client, quiz, queue } = deps;
  const logger = deps.logger ?? silentLogger;

  const acknowledge = async (
    message: Message,
    thread: AnyThreadChannel,
    outcome: ReplyOutcome,
  ): Promise<void> => {
    if (outcome.kind !== 'recorded') return;
    await deps.hints?.afterReply(message.author.id, thread.id, thread.name, outcome);
    if (!deps.reactions) return;
    const emoji =
      outcome.status === 'counted' ? REACTIONS.counted : outcome.status === 'late' ? REACTIONS.late : null;
    if (!emoji) return;
    const channelId = thread.parentId ?? thread.id;
    // The gateway's cache knows the channel's overrides: no request Discord would refuse anyway
    // (refusals count towards Discord's invalid-request limit).
    const me = client.user;
    const allowed = me ? thread.permissionsFor(me)?.has(PermissionFlagsBits.AddReactions) : undefined;
    if (allowed === false) return cannotReact(channelId, 'the bot lacks Add Reactions there');
    try {
      await message.react(emoji);
    } catch (error) {
      const code = error instanceof DiscordAPIError ? error.code : null;
      const refused =
        code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess;
      if (refused) return cannotReact(channelId, 'Discord refused the reaction');
      logger.warn({ discordChannel: channelId, err: String(error) }, 'could not react to an answer');
    }
  };

  /**
   * A reaction is a courtesy: the answer is stored whatever happens to it. A channel that does not
   * allow Add Reactions (subscribe warned about it) is said once per process, not once per reply.
   */
  const noReactions = new Set<string>();
  const cannotReact = (channelId: string, why: string): void => {
    if (noReactions.has(channelId)) return;
    noReactions.add(channelId);
    logger.warn({ discordChannel: channelId }, `answers are not marked ✅/⏰ in this channel: ${why}`);
  };

  client.on(Events.MessageCreate, (message) => {
    const thread = threadOf(message);
    // The bot's own posts (reveals in the thread) never need the core; other bots are the core's call.
    if (!thread || !isUserMessage(message) || message.author.id === client.user?.id) return;
    queue.run(thread.id, async () => {
      const place = await threadPlace(message, thread);
      if (!place) return;
      const outcome = await quiz.recordReply(place.address, {
        threadRef: place.threadRef,
        messageRef: message.id,
        userId: message.author.id,
        userName: message.member?.displayName ?? message.author.displayName,
        isBot: message.author.bot || message.webhookId !== null,
        text: replyText(message),
      });
      await acknowledge(message, thread, outcome);
    });
  });

  client.on(Events.MessageUpdate, (_old, message) => {
    const thread = threadOf(message);
    // Link previews also arrive as updates, without an edit time: only real edits matter.
    if (!thread || message.partial || message.author.bot || message.editedTimestamp === null) return;
    const editedAt = message.editedTimestamp;
    const text = replyText(message);
    queue.run(thread.id, async () => {
      const place = await threadPlace(message, thread);
      if (!place) return;
      if (!(await quiz.firstDelivery('discord', `${message.id}:update:${editedAt}`))) return;
      await quiz.editReply(place.address, place.threadRef, message.id, text);
    });
  });

  const onDelete = (message: Message | PartialMessage): void => {
    const thread = threadOf(message);
    if (!thread) return;
    queue.run(thread.id, async () => {
      const place = await threadPlace(message, thread);
      if (!place) return;
      if (!(await quiz.firstDelivery('discord', `${message.id}:delete`))) return;
      await quiz.deleteReply(place.address, place.threadRef, message.id);
    });
  };
  client.on(Events.MessageDelete, onDelete);
  client.on(Events.MessageBulkDelete, (deleted) => {
    for (const message of deleted.values()) onDelete(message);
  });
}
