import type { RecordedPlace } from './answer-ports.js';
import { answerText, isAcceptingAnswers, nameText, statusAfterDeletion } from './answers.js';
import type { Runtime } from './runtime.js';
import type { Answer, AnswerStatus, Channel, ChannelAddress, Round } from './types.js';

/** A thread reply as the platform reported it. */
export interface Reply {
  /** The message the reply is threaded under (the round's question message). */
  readonly threadRef: string;
  readonly messageRef: string;
  readonly userId: string;
  /**
   * The author's display name; empty when the platform did not say or must be asked (never an
   * id). A name asked for after the ack is filled in with `nameAnswerAuthor`.
   */
  readonly userName: string;
  readonly isBot: boolean;
  readonly text: string;
}

export type ReplyOutcome =
  | {
      readonly kind: 'ignored';
      readonly reason: 'bot' | 'not_a_round' | 'duplicate' | 'unknown_message' | 'closed';
    }
  | ({
      readonly kind: 'recorded';
      readonly status: AnswerStatus;
      readonly answerId: number;
    } & RecordedPlace)
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

  /**
   * A reply in a round's thread. Bots are ignored; a repeated message is stored once. The
   * common case is one store call (one SQL statement): finding the round, deciding the status
   * and inserting happen together.
   */
  async recordReply(address: ChannelAddress, reply: Reply): Promise<ReplyOutcome> {
    if (reply.isBot) return { kind: 'ignored', reason: 'bot' };
    const now = this.rt.clock.now();
    const answer = {
      userId: reply.userId,
      userName: nameText(reply.userName),
      messageRef: reply.messageRef,
      text: answerText(reply.text),
      at: now,
    };
    const found = await this.rt.store.recordAnswer(address, reply.threadRef, answer);
    if (!found) return { kind: 'ignored', reason: 'not_a_round' };
    const { channel, round } = found;
    let stored: { status: AnswerStatus; id: number } | null =
      found.answerId === null ? null : { status: found.decided, id: found.answerId };
    if (!stored && found.decided === 'counted') {
      // Another reply of the user was counted at the same moment: this one is kept as extra.
      const extra = await this.rt.store.insertAnswer({ ...answer, roundId: round.id, status: 'extra' });
      if (extra) stored = { status: 'extra', id: extra.id };
    }
    if (!stored) return { kind: 'ignored', reason: 'duplicate' };
    // Counted, not logged: at 09:00 a busy workspace sends hundreds a second.
    this.rt.metrics.count('answers_recorded_total', { platform: address.platform, status: stored.status });
    return { kind: 'recorded', status: stored.status, answerId: stored.id, round, channel };
  }

  /** The author's name of answers stored without one, once the platform has told it. */
  async nameAnswerAuthors(answerIds: readonly number[], userName: string): Promise<void> {
    const name = nameText(userName);
    if (name !== '' && answerIds.length > 0) await this.rt.store.nameAnswerAuthors(answerIds, name);
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
    const edited = await this.rt.store.editOpenAnswer(
      answer.id,
      found.round.id,
      answerText(text),
      this.rt.clock.now(),
    );
    if (!edited) return { kind: 'ignored', reason: 'closed' };
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
