import {
  type Client,
  Events,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import type { Quiz } from '../../core/quiz.js';
import type { WorkQueue } from './work-queue.js';

/**
 * Votes for the best answer on Discord: ⭐ added to or removed from a message in a round's
 * thread (MESSAGE_REACTION_ADD / REMOVE, the GuildMessageReactions intent; partials, so
 * messages from before a restart count too). The core decides whether it is a counted answer of
 * an open round and not the voter's own (src/core/votes.ts); a bot's reaction never counts.
 * Reactions on one message are handled in order.
 */

/** The vote emoji on Discord, and the name the core knows it by. */
export const VOTE_EMOJI = '⭐';

export function attachVotes(client: Client, quiz: Quiz, queue: WorkQueue): void {
  const handle = async (
    reaction: MessageReaction | PartialMessageReaction,
    user: User | PartialUser,
    add: boolean,
  ): Promise<void> => {
    if (reaction.emoji.name !== VOTE_EMOJI || reaction.emoji.id !== null) return;
    const message = reaction.message;
    const thread = message.channel.isThread() ? message.channel : null;
    if (!message.guildId || !thread) return;
    const parentId = thread.parentId ?? (await thread.fetch()).parentId;
    if (!parentId) return;
    await quiz.vote(
      { platform: 'discord', workspaceId: message.guildId, channelId: parentId },
      {
        messageRef: message.id,
        voterId: user.id,
        emoji: 'star',
        add,
        voterIsBot: async () => (user.partial ? (await user.fetch()).bot : user.bot),
      },
    );
  };
  client.on(Events.MessageReactionAdd, (reaction, user) =>
    queue.run(`votes:${reaction.message.id}`, () => handle(reaction, user, true)),
  );
  client.on(Events.MessageReactionRemove, (reaction, user) =>
    queue.run(`votes:${reaction.message.id}`, () => handle(reaction, user, false)),
  );
}
