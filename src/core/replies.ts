import {
  answerText,
  isAcceptingAnswers,
  nameText,
  statusAfterDeletion,
  statusOfNewReply,
} from './answers.js';
import type { Runtime } from './runtime.js';
import type { Answer, AnswerStatus, Channel, ChannelAddress, Round } from './types.js';

/** A thread reply as the platform reported it. */
export interface Reply {
  /** The message the reply is threaded under (the round's question message). */
  readonly threadRef: string;
  readonly messageRef: string;
  readonly userId: string;
  /**
   * The author's display name; empty when the platform did not say (never an id). A function
   * when the platform must be asked: it is called only for a reply stored as a new answer.
   */
  readonly userName: string | (() => Promise<string>);
  readonly isBot: boolean;
  readonly text: string;
}

export type ReplyOutcome =
  | {
      readonly kind: 'ignored';
      readonly reason: 'bot' | 'not_a_round' | 'duplicate' | 'unknown_message' | 'closed';
    }
  | {
      readonly kind: 'recorded';
      readonly status: AnswerStatus;
      readonly round: Round;
      readonly channel: Channel;
    }
  | { readonly kind: 'edited'; readonly round: Round; readonly channel: Channel }
  | { readonly kind: 'withdrawn'; readonly round: Round; readonly channel: Channel };

/**
 * Answers: thread replies recorded, edited and withdrawn by the rules users see (one counted
 * answer per user, late replies kept but not counted), whatever order or how often the platform
 * delivers the events.
 */
export class Replies {
  constructor(private readonly rt: Runtime) {}

  private async roundOf(
    address: ChannelAddress,
    threadRef: string,
  ): Promise<{ channel: Channel; round: Round } | null> {
    const channel = await this.rt.store.findChannel(address.platform, address.workspaceId, address.channelId);
    if (!channel) return null;
    const round = await this.rt.store.findRoundByMessage(channel.id, threadRef);
    return round ? { channel, round } : null;
  }

  /** A reply in a round's thread. Bots are ignored; a repeated message is stored once. */
  async recordReply(address: ChannelAddress, reply: Reply): Promise<ReplyOutcome> {
    if (reply.isBot) return { kind: 'ignored', reason: 'bot' };
    const found = await this.roundOf(address, reply.threadRef);
    if (!found) return { kind: 'ignored', reason: 'not_a_round' };
    const { channel, round } = found;
    const now = this.rt.clock.now();
    const outcome = await this.storeReply(round, channel, reply, now);
    if (outcome.kind === 'recorded') {
      this.rt.metrics.count('answers_recorded_total', { platform: channel.platform, status: outcome.status });
      this.rt.log.info(
        {
          workspaceId: channel.workspaceId,
          channelId: channel.id,
          roundId: round.id,
          status: outcome.status,
        },
        'answer recorded',
      );
    }
    return outcome;
  }

  /**
   * Two indexed lookups and one insert, whatever the thread's length. Retries and duplicates hit
   * the (round, message) key; two replies of one user arriving at once hit the "one counted
   * answer per user" index, and the second is kept as extra.
   */
  private async storeReply(round: Round, channel: Channel, reply: Reply, now: Date): Promise<ReplyOutcome> {
    const duplicate = { kind: 'ignored', reason: 'duplicate' } as const;
    if (await this.rt.store.findAnswer(round.id, reply.messageRef)) return duplicate;
    const counted = (await this.rt.store.countedAnswerOf(round.id, reply.userId)) !== null;
    const first = statusOfNewReply(round, now, counted);
    const userName = typeof reply.userName === 'string' ? reply.userName : await reply.userName();
    const answer = {
      roundId: round.id,
      userId: reply.userId,
      userName: nameText(userName),
      messageRef: reply.messageRef,
      text: answerText(reply.text),
      at: now,
    };
    if (await this.rt.store.insertAnswer({ ...answer, status: first }))
      return { kind: 'recorded', status: first, round, channel };
    if (first !== 'counted') return duplicate;
    if (await this.rt.store.insertAnswer({ ...answer, status: 'extra' }))
      return { kind: 'recorded', status: 'extra', round, channel };
    return duplicate;
  }

  /** An edited reply replaces the stored text while the round accepts answers. */
  async editReply(
    address: ChannelAddress,
    threadRef: string,
    messageRef: string,
    text: string,
  ): Promise<ReplyOutcome> {
    const found = await this.roundOf(address, threadRef);
    if (!found) return { kind: 'ignored', reason: 'not_a_round' };
    const answer = await this.rt.store.findAnswer(found.round.id, messageRef);
    if (!answer) return { kind: 'ignored', reason: 'unknown_message' };
    if (!isAcceptingAnswers(found.round, this.rt.clock.now()) || answer.status === 'late')
      return { kind: 'ignored', reason: 'closed' };
    await this.rt.store.updateAnswer(answer.id, { text: answerText(text) }, this.rt.clock.now());
    return { kind: 'edited', ...found };
  }

  /**
   * A deleted reply withdraws the answer before the deadline; the user's next reply, if they
   * wrote one, becomes their answer. After the deadline nothing changes.
   */
  async deleteReply(address: ChannelAddress, threadRef: string, messageRef: string): Promise<ReplyOutcome> {
    const found = await this.roundOf(address, threadRef);
    if (!found) return { kind: 'ignored', reason: 'not_a_round' };
    const now = this.rt.clock.now();
    return this.rt.store.transaction(async (tx) => {
      const answers = await tx.listAnswers(found.round.id);
      const answer = answers.find((a) => a.messageRef === messageRef);
      if (!answer) return { kind: 'ignored', reason: 'unknown_message' } as const;
      const status = statusAfterDeletion(found.round, now, answer.status);
      if (status === answer.status) return { kind: 'ignored', reason: 'closed' } as const;
      await tx.updateAnswer(answer.id, { status }, now);
      if (answer.status === 'counted') {
        const next = answers.find(
          (a: Answer) => a.userId === answer.userId && a.status === 'extra' && a.id !== answer.id,
        );
        if (next) await tx.updateAnswer(next.id, { status: 'counted' }, now);
      }
      return { kind: 'withdrawn', ...found } as const;
    });
  }
}
