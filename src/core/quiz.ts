import {
  clampText,
  isAcceptingAnswers,
  MAX_ANSWER_LENGTH,
  MAX_NAME_LENGTH,
  statusAfterDeletion,
  statusOfNewReply,
} from './answers.js';
import type { Grade, Period } from './i18n/catalog.js';
import { messages } from './i18n/catalog.js';
import { parsePeriod, periodStart, rankLeaderboard } from './leaderboard.js';
import { type Chat, ChatError, type Metrics, noMetrics, type Store } from './ports.js';
import { pickPractice, reviewCard } from './practice.js';
import {
  closedQuestionView,
  leaderboardView,
  messageView,
  practiceAnswerView,
  practiceGradedView,
  practiceQuestionView,
  questionView,
  revealView,
} from './render.js';
import { fail, ok, type Result } from './result.js';
import { dailySlot, type RoundSlot } from './rounds.js';
import { roundWindow, windowLengthMs } from './schedule.js';
import { chooseQuestion, dailyCandidates, effectiveBank, textFor } from './selection.js';
import { applyRevealedRound } from './streaks.js';
import { type Clock, localDateOf } from './time.js';
import type { Answer, AnswerStatus, Channel, ChannelAddress, Platform, Question, Round } from './types.js';
import type { View } from './views.js';

/** Structured log lines; implemented with pino at the composition root. */
export interface Logger {
  info(fields: Readonly<Record<string, unknown>>, message: string): void;
  warn(fields: Readonly<Record<string, unknown>>, message: string): void;
  error(fields: Readonly<Record<string, unknown>>, message: string): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export interface QuizDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** The platforms this process is connected to. A channel of another platform is left for its process. */
  readonly chats: ReadonlyMap<Platform, Chat>;
  readonly random?: () => number;
  readonly logger?: Logger;
  /**
   * How long a process has a claimed round (or an unsent reveal) to itself before another may
   * recover it: longer than any post can take.
   */
  readonly staleClaimMs?: number;
  /** How long after a failed post or reveal it is tried again. */
  readonly retryMs?: number;
  readonly metrics?: Metrics;
}

/** A thread reply as the platform reported it. */
export interface Reply {
  /** The message the reply is threaded under (the round's question message). */
  readonly threadRef: string;
  readonly messageRef: string;
  readonly userId: string;
  readonly userName: string;
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

export interface TickReport {
  readonly posted: number;
  readonly revealed: number;
  readonly skipped: number;
  readonly failed: number;
}

export class Quiz {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly chats: ReadonlyMap<Platform, Chat>;
  private readonly random: () => number;
  private readonly log: Logger;
  private readonly staleClaimMs: number;
  private readonly retryMs: number;
  private readonly metrics: Metrics;

  constructor(deps: QuizDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.chats = deps.chats;
    this.random = deps.random ?? Math.random;
    this.log = deps.logger ?? silentLogger;
    this.staleClaimMs = deps.staleClaimMs ?? 5 * 60_000;
    this.retryMs = deps.retryMs ?? 60_000;
    this.metrics = deps.metrics ?? noMetrics;
  }

  now(): Date {
    return this.clock.now();
  }

  /** The channel row for a platform address, created (unsubscribed) on first sight. */
  async channelAt(address: ChannelAddress): Promise<Channel> {
    const found = await this.store.findChannel(address.platform, address.workspaceId, address.channelId);
    if (found) return found;
    const workspace = await this.store.ensureWorkspace(
      address.platform,
      address.workspaceId,
      address.workspaceName ?? address.workspaceId,
    );
    return this.store.ensureChannel(workspace, address.channelId, address.channelName ?? address.channelId);
  }

  /** The questions a workspace sees: the global library with its own questions on top. */
  async bankFor(workspaceId: number): Promise<Question[]> {
    const [global, own] = await Promise.all([
      this.store.listQuestions(null),
      this.store.listQuestions(workspaceId),
    ]);
    return effectiveBank(global, own);
  }

  // ---------------------------------------------------------------- the scheduler's work

  /**
   * Does whatever is due at `now`: posts today's questions, reveals past deadlines, records
   * rounds whose whole window was missed, and retries reveal messages that failed. Safe to run
   * from several processes at once and after any downtime: the database decides who does what.
   */
  async tick(now: Date = this.clock.now()): Promise<TickReport> {
    let posted = 0;
    let revealed = 0;
    let skipped = 0;
    let failed = 0;
    for (const round of await this.store.listRevealsDue(now)) {
      const channel = await this.store.getChannel(round.channelId);
      if (!channel || !this.chats.has(channel.platform)) continue;
      const result = await this.reveal(channel, round, now);
      if (result === 'revealed') revealed++;
      else if (result === 'failed') failed++;
    }
    for (const round of await this.store.listUnpostedReveals(now)) {
      const channel = await this.store.getChannel(round.channelId);
      if (!channel || !this.chats.has(channel.platform)) continue;
      if (!(await this.store.leaseReveal(round.id, now, this.leaseEnd(now)))) continue;
      if (!(await this.sendReveal(channel, round, now))) failed++;
    }
    for (const round of await this.store.listRetryableClaims(now)) {
      const channel = await this.store.getChannel(round.channelId);
      if (!channel || !this.chats.has(channel.platform)) continue;
      if (!(await this.store.leaseClaim(round.id, now, this.leaseEnd(now)))) continue;
      const outcome = await this.recoverClaim(channel, round, now);
      if (outcome === 'posted') posted++;
      else if (outcome === 'skipped') skipped++;
      else if (outcome === 'failed') failed++;
    }
    for (const channel of await this.store.listActiveChannels()) {
      if (!this.chats.has(channel.platform)) continue;
      const due = dailySlot(channel, now);
      if (!due) continue;
      if (await this.store.findDailyRound(channel.id, due.slot.localDate)) continue;
      if (due.state === 'missed') {
        if (await this.recordSkipped(channel, due.slot, now)) skipped++;
        continue;
      }
      const outcome = await this.startRound(channel, 'daily', due.slot, now);
      if (outcome === 'posted') posted++;
      else if (outcome === 'failed') failed++;
    }
    return { posted, revealed, skipped, failed };
  }

  private async pickQuestion(channel: Channel): Promise<Question | null> {
    const bank = await this.bankFor(channel.workspaceId);
    const candidates = dailyCandidates(bank, channel.locale, channel.categoryFilter);
    return chooseQuestion(candidates, await this.store.questionUsage(channel.id), this.random);
  }

  private async recordSkipped(channel: Channel, slot: RoundSlot, now: Date): Promise<boolean> {
    const question = await this.pickQuestion(channel);
    if (!question) return false;
    const round = await this.store.claimRound({
      channelId: channel.id,
      kind: 'daily',
      ...slot,
      questionId: question.id,
      status: 'skipped',
      at: now,
      attemptAfter: now,
    });
    if (round) this.metrics.count('rounds_skipped_total', { platform: channel.platform });
    if (round)
      this.log.info(
        {
          workspaceId: channel.workspaceId,
          channelId: channel.id,
          roundId: round.id,
          localDate: slot.localDate,
        },
        'round window missed; recorded as skipped',
      );
    return round !== null;
  }

  /** Claims the round in the database, then posts it. */
  private async startRound(
    channel: Channel,
    kind: 'daily' | 'extra',
    slot: RoundSlot,
    now: Date,
  ): Promise<'posted' | 'taken' | 'no_questions' | 'failed'> {
    const question = await this.pickQuestion(channel);
    if (!question) {
      this.log.warn(
        { workspaceId: channel.workspaceId, channelId: channel.id },
        'no complete question to post',
      );
      return 'no_questions';
    }
    const round = await this.store.claimRound({
      channelId: channel.id,
      kind,
      ...slot,
      questionId: question.id,
      status: 'claimed',
      at: now,
      attemptAfter: this.leaseEnd(now),
    });
    if (!round) return 'taken';
    return (await this.sendQuestion(channel, round, now)) ? 'posted' : 'failed';
  }

  /** Until then the process holding a claim (or a reveal to send) has it to itself. */
  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.staleClaimMs);
  }

  /**
   * A round claimed but never recorded as posted: its claimer died, or its post failed in a way
   * that may still have reached the platform. Look before posting again; past the deadline it
   * can only be skipped.
   */
  private async recoverClaim(
    channel: Channel,
    round: Round,
    now: Date,
  ): Promise<'posted' | 'skipped' | 'failed'> {
    const chat = this.chats.get(channel.platform);
    if (!chat) return 'failed';
    const log = { workspaceId: channel.workspaceId, channelId: channel.id, roundId: round.id };
    let existing: string | null;
    try {
      existing = await chat.findQuestion(channel, round);
    } catch (error) {
      await this.store.deferClaim(round.id, new Date(now.getTime() + this.retryMs));
      this.log.warn(
        { ...log, err: error instanceof Error ? error.message : String(error) },
        'could not check for an earlier post',
      );
      return 'failed';
    }
    if (existing) {
      await this.store.markPosted(round.id, existing, now);
      this.metrics.count('rounds_posted_total', { platform: channel.platform });
      this.log.info(log, 'found the question an earlier attempt posted; not posting again');
      return 'posted';
    }
    if (now.getTime() >= round.revealAt.getTime()) {
      await this.store.markSkipped(round.id);
      this.metrics.count('rounds_skipped_total', { platform: channel.platform });
      this.log.warn(log, 'a claimed round was never posted before its deadline; recorded as skipped');
      return 'skipped';
    }
    this.log.warn(log, 'posting a round claimed earlier but never posted');
    return (await this.sendQuestion(channel, round, now)) ? 'posted' : 'failed';
  }

  private async sendQuestion(channel: Channel, round: Round, now: Date): Promise<boolean> {
    const chat = this.chats.get(channel.platform);
    const question = await this.store.getQuestion(round.questionId);
    if (!chat || !question) return false;
    const m = messages(channel.locale);
    try {
      const ref = await chat.postQuestion(
        channel,
        round,
        questionView(m, channel, round, textFor(question, channel.locale), channel.privateAnswers),
      );
      await this.store.markPosted(round.id, ref, now);
      this.metrics.count('rounds_posted_total', { platform: channel.platform });
      this.log.info(
        {
          workspaceId: channel.workspaceId,
          channelId: channel.id,
          roundId: round.id,
          questionKey: question.key,
        },
        'question posted',
      );
      return true;
    } catch (error) {
      const kind = error instanceof ChatError ? error.kind : 'transient';
      if (kind === 'channel_gone' || kind === 'forbidden') {
        // The platform refused outright: nothing was posted, and the channel is paused below.
        await this.store.releaseClaim(round.id);
      } else {
        // It may have been posted (a timeout after delivery): keep the claim; the retry looks first.
        await this.store.deferClaim(round.id, new Date(now.getTime() + this.retryMs));
      }
      await this.handleChatFailure(channel, error, 'post');
      return false;
    }
  }

  /** Reveals a round: closes it, applies streaks in one transaction, then posts the reveal. */
  async reveal(channel: Channel, round: Round, now: Date): Promise<'revealed' | 'taken' | 'failed'> {
    const done = await this.store.transaction(async (tx) => {
      const answers = await tx.listAnswers(round.id);
      const counted = answers.filter((a) => a.status === 'counted');
      const { streaks, changes } = applyRevealedRound(await tx.listStreaks(channel.id), counted);
      if (!(await tx.markRevealed(round.id, now, changes, this.leaseEnd(now)))) return false;
      await tx.saveStreaks(channel.id, streaks, now);
      return true;
    });
    if (!done) return 'taken';
    const revealedRound = await this.store.getRound(round.id);
    if (!revealedRound) return 'failed';
    this.log.info(
      { workspaceId: channel.workspaceId, channelId: channel.id, roundId: round.id },
      'round revealed',
    );
    return (await this.sendReveal(channel, revealedRound, now)) ? 'revealed' : 'failed';
  }

  private async sendReveal(channel: Channel, round: Round, now: Date): Promise<boolean> {
    const chat = this.chats.get(channel.platform);
    const question = await this.store.getQuestion(round.questionId);
    if (!chat || !question) return false;
    const m = messages(channel.locale);
    const text = textFor(question, channel.locale);
    try {
      const answers = await this.store.listAnswers(round.id);
      await chat.postReveal(
        channel,
        round,
        revealView(m, round, text, answers, round.streakChanges),
        closedQuestionView(m, round, text),
      );
      await this.store.markRevealPosted(round.id, now);
      this.metrics.count('reveals_total', { platform: channel.platform });
      return true;
    } catch (error) {
      await this.store.deferReveal(round.id, new Date(now.getTime() + this.retryMs));
      await this.handleChatFailure(channel, error, 'reveal');
      return false;
    }
  }

  /** A channel the bot can no longer post to is paused and its admin told; other errors are retried. */
  private async handleChatFailure(channel: Channel, error: unknown, what: 'post' | 'reveal'): Promise<void> {
    const kind = error instanceof ChatError ? error.kind : 'transient';
    this.metrics.count('platform_errors_total', { platform: channel.platform, kind });
    this.log.error(
      {
        workspaceId: channel.workspaceId,
        channelId: channel.id,
        kind,
        err: error instanceof Error ? error.message : String(error),
      },
      `${what} failed`,
    );
    if (kind !== 'channel_gone' && kind !== 'forbidden') return;
    await this.store.updateChannel(channel.id, { paused: true });
    const chat = this.chats.get(channel.platform);
    if (chat && channel.subscribedBy) {
      const m = messages(channel.locale);
      await chat
        .notifyAdmin(
          channel,
          channel.subscribedBy,
          messageView('error', `${channel.name}: ${m.paused} (${kind})`, m.statusTitle),
        )
        .catch((e: unknown) =>
          this.log.warn(
            { workspaceId: channel.workspaceId, channelId: channel.id, err: String(e) },
            'could not notify the admin',
          ),
        );
    }
  }

  /** `post-now`: today's daily round if its slot is free, otherwise an extra round with the same window length. */
  async postNow(channel: Channel): Promise<Result<Round>> {
    const now = this.clock.now();
    if (!this.chats.has(channel.platform)) return fail('platform_unavailable');
    if ((await this.store.listOpenRounds(channel.id)).length > 0) return fail('round_already_open');
    const localDate = localDateOf(now, channel.schedule.timezone);
    const window = roundWindow(channel.schedule, localDate);
    const todayFree =
      window !== null &&
      now.getTime() < window.revealAt.getTime() &&
      !(await this.store.findDailyRound(channel.id, localDate));
    const slot: RoundSlot =
      todayFree && window
        ? { localDate, ...window }
        : { localDate, postAt: now, revealAt: new Date(now.getTime() + windowLengthMs(channel.schedule)) };
    const outcome = await this.startRound(channel, todayFree ? 'daily' : 'extra', slot, now);
    if (outcome === 'no_questions') return fail('no_questions');
    if (outcome !== 'posted') return fail('platform_unavailable');
    const [round] = await this.store.listOpenRounds(channel.id);
    return round ? ok(round) : fail('no_open_round');
  }

  /**
   * True the first time a platform event id is seen. Adapters call it before acting on an event,
   * so a retried or duplicated delivery is processed once.
   */
  firstDelivery(platform: Platform, eventId: string): Promise<boolean> {
    return this.store.markEventProcessed(platform, eventId, this.clock.now());
  }

  latestPostedRound(channel: Channel): Promise<Round | null> {
    return this.store.latestPostedRound(channel.id);
  }

  /** `reveal-now`: reveals the channel's newest open round. */
  async revealNow(channel: Channel): Promise<Result<Round>> {
    const [round] = await this.store.listOpenRounds(channel.id);
    if (!round) return fail('no_open_round');
    const outcome = await this.reveal(channel, round, this.clock.now());
    return outcome === 'failed' ? fail('platform_unavailable') : ok(round);
  }

  // ---------------------------------------------------------------- answers

  private async roundOf(
    address: ChannelAddress,
    threadRef: string,
  ): Promise<{ channel: Channel; round: Round } | null> {
    const channel = await this.store.findChannel(address.platform, address.workspaceId, address.channelId);
    if (!channel) return null;
    const round = await this.store.findRoundByMessage(channel.id, threadRef);
    return round ? { channel, round } : null;
  }

  /** A reply in a round's thread. Bots are ignored; a repeated message is stored once. */
  async recordReply(address: ChannelAddress, reply: Reply): Promise<ReplyOutcome> {
    if (reply.isBot) return { kind: 'ignored', reason: 'bot' };
    const found = await this.roundOf(address, reply.threadRef);
    if (!found) return { kind: 'ignored', reason: 'not_a_round' };
    const { channel, round } = found;
    const now = this.clock.now();
    const outcome = await this.storeReply(round, channel, reply, now);
    if (outcome.kind === 'recorded') {
      this.metrics.count('answers_recorded_total', { platform: channel.platform, status: outcome.status });
      this.log.info(
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
    if (await this.store.findAnswer(round.id, reply.messageRef)) return duplicate;
    const counted = (await this.store.countedAnswerOf(round.id, reply.userId)) !== null;
    const first = statusOfNewReply(round, now, counted);
    const answer = {
      roundId: round.id,
      userId: reply.userId,
      userName: clampText(reply.userName, MAX_NAME_LENGTH),
      messageRef: reply.messageRef,
      text: clampText(reply.text, MAX_ANSWER_LENGTH),
      at: now,
    };
    if (await this.store.insertAnswer({ ...answer, status: first }))
      return { kind: 'recorded', status: first, round, channel };
    if (first !== 'counted') return duplicate;
    if (await this.store.insertAnswer({ ...answer, status: 'extra' }))
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
    const answer = await this.store.findAnswer(found.round.id, messageRef);
    if (!answer) return { kind: 'ignored', reason: 'unknown_message' };
    if (!isAcceptingAnswers(found.round, this.clock.now()) || answer.status === 'late')
      return { kind: 'ignored', reason: 'closed' };
    await this.store.updateAnswer(answer.id, { text: clampText(text, MAX_ANSWER_LENGTH) }, this.clock.now());
    return { kind: 'edited', ...found };
  }

  /**
   * A deleted reply withdraws the answer before the deadline; the user's next reply, if they
   * wrote one, becomes their answer. After the deadline nothing changes.
   */
  async deleteReply(address: ChannelAddress, threadRef: string, messageRef: string): Promise<ReplyOutcome> {
    const found = await this.roundOf(address, threadRef);
    if (!found) return { kind: 'ignored', reason: 'not_a_round' };
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
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

  // ---------------------------------------------------------------- leaderboard and practice

  async leaderboard(
    address: ChannelAddress,
    callerId: string,
    periodText: string | undefined,
  ): Promise<View> {
    const channel = await this.channelAt(address);
    const m = messages(channel.locale);
    const period: Period | null = parsePeriod(periodText);
    if (!period) return messageView('error', m.error('invalid_period', { value: periodText ?? '' }));
    const today = localDateOf(this.clock.now(), channel.schedule.timezone);
    const entries = await this.store.leaderboard(channel.id, periodStart(period, today));
    const { top, caller } = rankLeaderboard(entries, callerId);
    return leaderboardView(m, period, top, caller);
  }

  /** `/sa-quiz [query]`: the next card for this user (due first, then unseen). */
  async practice(address: ChannelAddress, userId: string, query: string): Promise<View> {
    const channel = await this.channelAt(address);
    const m = messages(channel.locale);
    const bank = await this.bankFor(channel.workspaceId);
    const cards = await this.store.listPracticeCards(channel.workspaceId, userId);
    const pick = pickPractice(bank, cards, channel.locale, query, this.clock.now(), this.random);
    if (!pick) return messageView('error', m.error('no_questions', {}));
    return practiceQuestionView(m, pick.question.key, textFor(pick.question, channel.locale), pick.dueCount);
  }

  async practiceAnswer(address: ChannelAddress, questionKey: string): Promise<View> {
    const channel = await this.channelAt(address);
    const m = messages(channel.locale);
    const question = (await this.bankFor(channel.workspaceId)).find((q) => q.key === questionKey);
    if (!question) return messageView('error', m.error('unknown_question', {}));
    return practiceAnswerView(m, question.key, textFor(question, channel.locale));
  }

  async practiceGrade(
    address: ChannelAddress,
    userId: string,
    questionKey: string,
    grade: Grade,
  ): Promise<View> {
    const channel = await this.channelAt(address);
    const m = messages(channel.locale);
    const question = (await this.bankFor(channel.workspaceId)).find((q) => q.key === questionKey);
    if (!question) return messageView('error', m.error('unknown_question', {}));
    const now = this.clock.now();
    const previous =
      (await this.store.listPracticeCards(channel.workspaceId, userId)).find(
        (c) => c.questionKey === questionKey,
      ) ?? null;
    const card = reviewCard(previous, questionKey, grade, now);
    await this.store.savePracticeCard(channel.workspaceId, userId, card, grade, now);
    return practiceGradedView(m, grade, card.due, channel.schedule.timezone);
  }
}
