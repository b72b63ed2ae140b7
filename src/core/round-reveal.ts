import type { ChannelHealth } from './channel-health.js';
import { asChatError, type ChatError, mayHaveBeenDelivered, needsAdmin } from './failures.js';
import { type Feedback, REGULAR_STREAK } from './feedback.js';
import { keyPointsBasis, keyPointsFor } from './grading/key-points.js';
import { keywordGrade } from './grading-ahead.js';
import { messages } from './i18n/catalog.js';
import { channelFields } from './logger.js';
import { closedQuestionView, MAX_LISTED, revealView } from './render.js';
import { attemptsExhausted, retryDelayMs } from './retries.js';
import { leaseEnd, type Runtime } from './runtime.js';
import { textFor } from './selection.js';
import { MAX_FREEZES, ROUNDS_PER_FREEZE } from './streaks.js';
import type { Answer, Channel, Round } from './types.js';
import { bestAnswers } from './votes.js';

/**
 * Revealing a round: closing it and applying streaks happen once, in one transaction, at the
 * deadline; sending the reveal is separate and tracked part by part, so a failure half-way
 * resumes after the last part that reached the platform and nothing is ever sent twice.
 */
export class RoundReveal {
  constructor(
    private readonly rt: Runtime,
    private readonly health: ChannelHealth,
    private readonly feedback: Feedback,
  ) {}

  /**
   * Closes the round, grades its on-time answers and applies streaks (a reply that is no real
   * attempt holds its author's streak), then sends the reveal where the channel can take it.
   */
  async reveal(channel: Channel, round: Round, now: Date): Promise<'revealed' | 'taken' | 'failed'> {
    const question = await this.rt.store.getQuestion(round.questionId);
    const keyPoints = question ? keyPointsFor(question, channel.locale) : [];
    const lapsed = await this.rt.store.transaction(async (tx): Promise<readonly string[] | null> => {
      // The claim first: whoever closes the round applies its streaks, once.
      if (!(await tx.markRevealed(round.id, now, { listed: [], more: 0 }, leaseEnd(this.rt, now))))
        return null;
      // Most answers were graded while the round was open (src/core/grading-ahead.ts): the rest
      // now, and again those graded against key points the bank has changed since.
      const basis = keyPointsBasis(keyPoints);
      const ungraded = await tx.listUngradedAnswers(Number.MAX_SAFE_INTEGER, 0, { id: round.id, basis });
      await tx.saveGrades(
        ungraded.map((a) => keywordGrade(keyPoints, basis, a)),
        'refine',
      );
      // applyRevealedRound (src/core/streaks.ts), set-based where the streaks are; a reply graded
      // as no real attempt holds its author's streak.
      const applied = await tx.applyRoundStreaks({
        channelId: channel.id,
        roundId: round.id,
        rules: { roundsPerFreeze: ROUNDS_PER_FREEZE, maxFreezes: MAX_FREEZES },
        listed: MAX_LISTED,
        lapsedFrom: REGULAR_STREAK,
        at: now,
      });
      return applied.lapsed;
    });
    if (!lapsed) return 'taken';
    this.rt.log.info({ ...channelFields(channel), roundId: round.id }, 'round revealed');
    const revealed = await this.rt.store.getRound(round.id);
    if (!revealed) return 'failed';
    // Read once, graded: the cards, the reveal and the notes all use these.
    const graded = await this.rt.store.listCountedAnswers(round.id);
    const counted = question
      ? await this.feedback.afterReveal(channel, revealed, question, graded, lapsed, now)
      : graded;
    // A broken or unsubscribed channel gets its reveal once it is resumed (listUnpostedReveals).
    if (!channel.subscribed || channel.pausedReason === 'broken') return 'revealed';
    return (await this.send(channel, revealed, now, false, counted)) ? 'failed' : 'revealed';
  }

  /**
   * Sends (the rest of) a revealed round's reveal; returns the failure, or null once it is all
   * out. `lookFirst` unless this is the first attempt: an earlier one may have crashed or lost
   * the platform's answer after the next part got out. `counted`: the round's counted answers,
   * when the caller has just read them.
   */
  async send(
    channel: Channel,
    round: Round,
    now: Date,
    lookFirst: boolean,
    counted?: readonly Answer[],
  ): Promise<ChatError | null> {
    const chat = this.rt.chats.get(channel.platform);
    const question = await this.rt.store.getQuestion(round.questionId);
    if (!chat || !question) return asChatError(new Error('platform or question unavailable'));
    const m = messages(channel.locale);
    const text = textFor(question, channel.locale);
    let delivered = round.revealPartsSent;
    try {
      // The reveal lists on-time answers only.
      const answers = counted ?? (await this.rt.store.listCountedAnswers(round.id));
      // Votes close at the deadline: every attempt at this reveal names the same best answer.
      const best = bestAnswers(answers, await this.rt.store.voteCounts(round.id));
      await chat.postReveal(
        channel,
        round,
        revealView(
          m,
          round,
          text,
          answers,
          round.streakChanges,
          keyPointsFor(question, channel.locale),
          best,
        ),
        closedQuestionView(m, round, text),
        {
          delivered: round.revealPartsSent,
          lookFirst,
          partDelivered: async (count) => {
            delivered = count;
            await this.rt.store.markRevealPartsSent(round.id, count);
          },
        },
      );
      await this.rt.store.markRevealPosted(round.id, now);
      await this.health.delivered(channel);
      this.rt.metrics.count('reveals_total', { platform: channel.platform });
      await this.sendNotes(channel, round, answers);
      return null;
    } catch (error) {
      const failure = await this.health.failed(channel, error, 'reveal');
      await this.attemptFailed(channel, round, failure, delivered, now);
      return failure;
    }
  }

  /** The private notes, once the whole reveal is out; never a reason to send the reveal again. */
  private async sendNotes(channel: Channel, round: Round, counted: readonly Answer[]): Promise<void> {
    try {
      await this.feedback.sendNotes(channel, round, counted);
    } catch (error) {
      this.rt.log.error(
        { ...channelFields(channel), roundId: round.id, err: error },
        'feedback notes failed',
      );
    }
  }

  /**
   * After a failed attempt: a channel that needs its admin keeps the reveal for when it is
   * resumed; a rejected payload is never sent again as it was; anything else is retried with
   * backoff until the attempts run out.
   */
  private async attemptFailed(
    channel: Channel,
    round: Round,
    failure: ChatError,
    delivered: number,
    now: Date,
  ): Promise<void> {
    const attempts = round.revealAttempts + 1;
    const log = { ...channelFields(channel), roundId: round.id, attempts, partsSent: delivered };
    if (needsAdmin(failure.kind)) {
      await this.rt.store.deferReveal(round.id, round.revealAttempts, now);
      return;
    }
    if (failure.kind === 'invalid_payload' || attemptsExhausted(this.rt.retry, attempts)) {
      await this.rt.store.giveUpReveal(round.id, attempts, now);
      this.rt.log.error({ ...log, kind: failure.kind, err: failure.message }, 'gave up sending the reveal');
      await this.health.gaveUp(channel, failure, 'reveal');
      return;
    }
    const delay = retryDelayMs(this.rt.retry, attempts, this.rt.random, failure.retryAfterMs);
    await this.rt.store.deferReveal(round.id, attempts, new Date(now.getTime() + delay));
    if (mayHaveBeenDelivered(failure.kind))
      this.rt.log.warn(log, 'the reveal may have reached the platform; the retry looks before sending');
  }
}
