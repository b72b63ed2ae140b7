import type { ChannelHealth } from './channel-health.js';
import { asChatError, type ChatError, needsAdmin } from './failures.js';
import { messages } from './i18n/catalog.js';
import { channelFields } from './logger.js';
import { questionView } from './render.js';
import { attemptsExhausted, retryDelayMs } from './retries.js';
import type { RoundSlot } from './rounds.js';
import { leaseEnd, type Runtime } from './runtime.js';
import {
  chooseQuestion,
  effectiveBank,
  type QuestionSummary,
  termsMatchCategories,
  textFor,
} from './selection.js';
import type { TickReads } from './tick-reads.js';
import type { Channel, Question, Round } from './types.js';

export type PostOutcome = 'posted' | 'taken' | 'no_questions' | 'failed';

/** Why a post did not happen, for `post-now` to say it. */
export interface PostFailure {
  readonly outcome: Exclude<PostOutcome, 'posted'>;
  readonly error?: ChatError;
}

/**
 * Getting a round's question onto the platform exactly once: claimed in the database first,
 * looked for before any re-post after an ambiguous failure, retried with backoff a bounded number
 * of times, and given up (the round failed, the admin told once) when the attempts run out or the
 * deadline passes.
 */
export class RoundPosting {
  constructor(
    private readonly rt: Runtime,
    private readonly health: ChannelHealth,
  ) {}

  async bankFor(workspaceId: number): Promise<Question[]> {
    const [global, own] = await Promise.all([
      this.rt.store.listQuestions(null),
      this.rt.store.listQuestions(workspaceId),
    ]);
    return effectiveBank(global, own);
  }

  /**
   * `chooseQuestion` over `dailyCandidates`, reading only the candidates' keys and terms (`reads`:
   * the tick's reads shared by its channels, src/core/tick-reads.ts).
   */
  private async pickQuestion(channel: Channel, reads?: TickReads): Promise<QuestionSummary | null> {
    const all = await (reads
      ? reads.complete(channel.workspaceId, channel.locale)
      : this.rt.store.listCompleteQuestions(channel.workspaceId, channel.locale));
    const candidates = all.filter((q) => termsMatchCategories(q, channel.categoryFilter));
    const usage = await (reads ? reads.usage(channel.id) : this.rt.store.questionUsage(channel.id));
    return chooseQuestion(candidates, usage, this.rt.random);
  }

  /** A window missed entirely is recorded as skipped (it breaks no streak). */
  async recordSkipped(channel: Channel, slot: RoundSlot, now: Date, reads?: TickReads): Promise<boolean> {
    const question = await this.pickQuestion(channel, reads);
    if (!question) return false;
    const round = await this.rt.store.claimRound({
      channelId: channel.id,
      kind: 'daily',
      ...slot,
      questionId: question.id,
      status: 'skipped',
      at: now,
      attemptAfter: now,
    });
    if (!round) return false;
    this.rt.metrics.count('rounds_skipped_total', { platform: channel.platform });
    this.rt.log.info(
      { ...channelFields(channel), roundId: round.id, localDate: slot.localDate },
      'round window missed; recorded as skipped',
    );
    return true;
  }

  /** Claims the round in the database, then posts it. */
  async start(
    channel: Channel,
    kind: 'daily' | 'extra',
    slot: RoundSlot,
    now: Date,
    reads?: TickReads,
  ): Promise<{ outcome: PostOutcome; round?: Round; error?: ChatError }> {
    const question = await this.pickQuestion(channel, reads);
    if (!question) {
      this.rt.log.warn(channelFields(channel), 'no complete question to post');
      return { outcome: 'no_questions' };
    }
    const round = await this.rt.store.claimRound({
      channelId: channel.id,
      kind,
      ...slot,
      questionId: question.id,
      status: 'claimed',
      at: now,
      attemptAfter: leaseEnd(this.rt, now),
    });
    if (!round) return { outcome: 'taken' };
    const error = await this.send(channel, round, now, reads);
    return error ? { outcome: 'failed', round, error } : { outcome: 'posted', round };
  }

  /**
   * A round claimed but never recorded as posted: its claimer died, or its post failed in a way
   * that may still have reached the platform. Look before posting again; past the deadline it
   * can only be skipped.
   */
  async recover(channel: Channel, round: Round, now: Date): Promise<'posted' | 'skipped' | 'failed'> {
    const chat = this.rt.chats.get(channel.platform);
    if (!chat) return 'failed';
    const log = { ...channelFields(channel), roundId: round.id };
    let existing: string | null;
    try {
      existing = await chat.findQuestion(channel, round);
    } catch (error) {
      // An earlier attempt may have posted it: the claim is kept even if the channel now refuses.
      await this.attemptFailed(channel, round, await this.health.failed(channel, error, 'post'), now, true);
      return 'failed';
    }
    if (existing) {
      await this.rt.store.markPosted(round.id, existing, now);
      await this.health.delivered(channel);
      this.rt.metrics.count('rounds_posted_total', { platform: channel.platform });
      this.rt.log.info(log, 'found the question an earlier attempt posted; not posting again');
      return 'posted';
    }
    if (now.getTime() >= round.revealAt.getTime()) {
      await this.rt.store.markSkipped(round.id);
      this.rt.metrics.count('rounds_skipped_total', { platform: channel.platform });
      this.rt.log.warn(log, 'a claimed round was never posted before its deadline; recorded as skipped');
      return 'skipped';
    }
    this.rt.log.info({ ...log, attempt: round.postAttempts + 1 }, 'posting a round claimed earlier');
    return (await this.send(channel, round, now)) ? 'failed' : 'posted';
  }

  /** Posts the round's question; returns the failure, or null when it is on the platform. */
  private async send(
    channel: Channel,
    round: Round,
    now: Date,
    reads?: TickReads,
  ): Promise<ChatError | null> {
    const chat = this.rt.chats.get(channel.platform);
    const question = await (reads
      ? reads.question(round.questionId)
      : this.rt.store.getQuestion(round.questionId));
    if (!chat || !question) return asChatError(new Error('platform or question unavailable'));
    const m = messages(channel.locale);
    try {
      const ref = await chat.postQuestion(
        channel,
        round,
        questionView(m, channel, round, textFor(question, channel.locale), channel.privateAnswers),
      );
      await this.rt.store.markPosted(round.id, ref, now);
      await this.health.delivered(channel);
      this.rt.metrics.count('rounds_posted_total', { platform: channel.platform });
      this.rt.log.info(
        { ...channelFields(channel), roundId: round.id, questionKey: question.key },
        'question posted',
      );
      return null;
    } catch (error) {
      const failure = await this.health.failed(channel, error, 'post');
      await this.attemptFailed(channel, round, failure, now);
      return failure;
    }
  }

  /**
   * After a failed attempt: a refusal that needs an admin gives the slot back when nothing can
   * have been posted (the channel is paused); a rejected payload fails the round at once (sending it again
   * would fail again); anything else is retried later, unless the attempts are spent or the next
   * one would come after the deadline.
   */
  private async attemptFailed(
    channel: Channel,
    round: Round,
    failure: ChatError,
    now: Date,
    mayExist = false,
  ): Promise<void> {
    const attempts = round.postAttempts + 1;
    if (needsAdmin(failure.kind)) {
      // Certainly not posted: the slot is free again for when the channel is resumed. Perhaps
      // posted before: the claim waits (paused channels are not retried) to be looked for then.
      if (mayExist) await this.rt.store.deferClaim(round.id, round.postAttempts, now);
      else await this.rt.store.releaseClaim(round.id);
      return;
    }
    const retryAt = new Date(
      now.getTime() + retryDelayMs(this.rt.retry, attempts, this.rt.random, failure.retryAfterMs),
    );
    const giveUp =
      failure.kind === 'invalid_payload' ||
      attemptsExhausted(this.rt.retry, attempts) ||
      retryAt.getTime() >= round.revealAt.getTime();
    if (!giveUp) {
      // It may have been posted (a timeout after delivery): the claim stays, and the retry looks first.
      await this.rt.store.deferClaim(round.id, attempts, retryAt);
      return;
    }
    if (failure.kind === 'transient') {
      // The last attempt may have reached the platform after all: a later look can still find it.
      const found = await this.rt.chats
        .get(channel.platform)
        ?.findQuestion(channel, round)
        .catch(() => null);
      if (found) {
        await this.rt.store.markPosted(round.id, found, now);
        await this.health.delivered(channel);
        return;
      }
    }
    await this.rt.store.failClaim(round.id, attempts);
    this.rt.log.error(
      { ...channelFields(channel), roundId: round.id, attempts, kind: failure.kind },
      'gave up posting the question',
    );
    await this.health.gaveUp(channel, failure, 'post');
  }
}
