import { answerText, nameText } from './answers.js';
import { ChannelHealth } from './channel-health.js';
import { needsAdmin } from './failures.js';
import { Feedback } from './feedback.js';
import { practiceFeedbackView } from './feedback-views.js';
import { keyPointsFor } from './grading/key-points.js';
import { keywordGrader } from './grading/keyword-grader.js';
import type { Grader } from './grading/types.js';
import type { Grade, Period } from './i18n/catalog.js';
import { messages } from './i18n/catalog.js';
import { parsePeriod, periodStart, rankLeaderboard } from './leaderboard.js';
import { type Logger, silentLogger } from './logger.js';
import { type Chat, type Metrics, noMetrics, type Store } from './ports.js';
import { nextPractice, reviewCard } from './practice.js';
import {
  answerBlocks,
  leaderboardView,
  messageView,
  practiceAnswerView,
  practiceGradedView,
  practiceQuestionView,
} from './render.js';
import { Replies, type Reply, type ReplyOutcome } from './replies.js';
import { fail, ok, type Result } from './result.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retries.js';
import { RoundPosting } from './round-posting.js';
import { RoundReveal } from './round-reveal.js';
import { dailySlot, type RoundSlot } from './rounds.js';
import { leaseEnd, type Runtime } from './runtime.js';
import { roundWindow, windowLengthMs } from './schedule.js';
import { textFor } from './selection.js';
import { type Clock, localDateOf } from './time.js';
import {
  type Channel,
  type ChannelAddress,
  type Platform,
  type Question,
  type Round,
  replyLocale,
} from './types.js';
import type { View } from './views.js';

export { type Logger, silentLogger } from './logger.js';
export type { Reply, ReplyOutcome } from './replies.js';

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
  /** How failed posts and reveals are retried: backoff and the number of attempts. */
  readonly retry?: RetryPolicy;
  readonly metrics?: Metrics;
  /** Grades answers; the deterministic keyword grader by default. */
  readonly grader?: Grader;
}

const DAY_MS = 24 * 60 * 60_000;

export interface TickReport {
  readonly posted: number;
  readonly revealed: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * The core's use cases behind one object the adapters and the scheduler call: the daily loop
 * (tick), answers, the admin's post-now and reveal-now, the leaderboard and practice.
 */
export class Quiz {
  private readonly rt: Runtime;
  private readonly posting: RoundPosting;
  private readonly revealing: RoundReveal;
  private readonly replies: Replies;
  private readonly feedback: Feedback;

  constructor(deps: QuizDeps) {
    this.rt = {
      store: deps.store,
      clock: deps.clock,
      chats: deps.chats,
      random: deps.random ?? Math.random,
      log: deps.logger ?? silentLogger,
      metrics: deps.metrics ?? noMetrics,
      leaseMs: deps.staleClaimMs ?? 5 * 60_000,
      retry: deps.retry ?? DEFAULT_RETRY_POLICY,
      grader: deps.grader ?? keywordGrader,
    };
    const health = new ChannelHealth(this.rt);
    this.posting = new RoundPosting(this.rt, health);
    this.feedback = new Feedback(this.rt);
    this.revealing = new RoundReveal(this.rt, health, this.feedback);
    this.replies = new Replies(this.rt);
  }

  now(): Date {
    return this.rt.clock.now();
  }

  /** The channel row for a platform address, created (unsubscribed) on first sight. */
  async channelAt(address: ChannelAddress): Promise<Channel> {
    const { store } = this.rt;
    const found = await store.findChannel(address.platform, address.workspaceId, address.channelId);
    if (found) return found;
    const workspace = await store.ensureWorkspace(
      address.platform,
      address.workspaceId,
      nameText(address.workspaceName ?? '') || address.workspaceId,
    );
    return store.ensureChannel(
      workspace,
      address.channelId,
      nameText(address.channelName ?? '') || address.channelId,
      address.locale,
    );
  }

  /** The questions a workspace sees: the global library with its own questions on top. */
  bankFor(workspaceId: number): Promise<Question[]> {
    return this.posting.bankFor(workspaceId);
  }

  // ---------------------------------------------------------------- the scheduler's work

  /**
   * Does whatever is due at `now`: reveals past deadlines, resends reveals that failed, recovers
   * claimed rounds nobody posted, posts today's questions, and records rounds whose whole window
   * was missed. Safe to run from several processes at once and after any downtime: the database
   * decides who does what.
   */
  async tick(now: Date = this.rt.clock.now()): Promise<TickReport> {
    const { store, chats } = this.rt;
    let posted = 0;
    let revealed = 0;
    let skipped = 0;
    let failed = 0;
    const served = async (channelId: number): Promise<Channel | null> => {
      const channel = await store.getChannel(channelId);
      return channel && chats.has(channel.platform) ? channel : null;
    };
    for (const round of await store.listRevealsDue(now)) {
      const channel = await served(round.channelId);
      if (!channel) continue;
      const result = await this.revealing.reveal(channel, round, now);
      if (result === 'revealed') revealed++;
      else if (result === 'failed') failed++;
    }
    for (const round of await store.listUnpostedReveals(now)) {
      const channel = await served(round.channelId);
      if (!channel) continue;
      if (!(await store.leaseReveal(round.id, now, leaseEnd(this.rt, now)))) continue;
      if (await this.revealing.send(channel, round, now, true)) failed++;
    }
    for (const round of await store.listRetryableClaims(now)) {
      const channel = await served(round.channelId);
      if (!channel) continue;
      if (!(await store.leaseClaim(round.id, now, leaseEnd(this.rt, now)))) continue;
      const outcome = await this.posting.recover(channel, round, now);
      if (outcome === 'posted') posted++;
      else if (outcome === 'skipped') skipped++;
      else failed++;
    }
    for (const channel of await store.listActiveChannels()) {
      if (!chats.has(channel.platform)) continue;
      const due = dailySlot(channel, now);
      if (!due) continue;
      if (await store.findDailyRound(channel.id, due.slot.localDate)) continue;
      if (due.state === 'missed') {
        if (await this.posting.recordSkipped(channel, due.slot, now)) skipped++;
        continue;
      }
      const { outcome } = await this.posting.start(channel, 'daily', due.slot, now);
      if (outcome === 'posted') posted++;
      else if (outcome === 'failed') failed++;
    }
    // Once an hour, event ids older than a week are forgotten (Slack and Discord redeliver for minutes).
    if (now.getUTCMinutes() === 0) await store.pruneProcessedEvents(new Date(now.getTime() - 7 * DAY_MS));
    return { posted, revealed, skipped, failed };
  }

  /** `post-now`: today's daily round if its slot is free, otherwise an extra round with the same window length. */
  async postNow(channel: Channel): Promise<Result<Round>> {
    const now = this.rt.clock.now();
    const { store } = this.rt;
    if (!this.rt.chats.has(channel.platform)) return fail('platform_unavailable');
    if ((await store.listOpenRounds(channel.id)).length > 0) return fail('round_already_open');
    const localDate = localDateOf(now, channel.schedule.timezone);
    const window = roundWindow(channel.schedule, localDate);
    const todayFree =
      window !== null &&
      now.getTime() < window.revealAt.getTime() &&
      !(await store.findDailyRound(channel.id, localDate));
    const slot: RoundSlot =
      todayFree && window
        ? { localDate, ...window }
        : { localDate, postAt: now, revealAt: new Date(now.getTime() + windowLengthMs(channel.schedule)) };
    const started = await this.posting.start(channel, todayFree ? 'daily' : 'extra', slot, now);
    if (started.outcome === 'no_questions') return fail('no_questions');
    if (started.outcome === 'failed' && started.error) {
      const { kind, problem, detail } = started.error;
      // Refused outright: say what is wrong. Otherwise it is being retried in the background.
      return fail(needsAdmin(kind) || kind === 'invalid_payload' ? 'post_refused' : 'post_retrying', {
        problem,
        detail,
        platform: channel.platform,
      });
    }
    if (started.outcome !== 'posted') return fail('round_already_open');
    const [round] = await store.listOpenRounds(channel.id);
    return round ? ok(round) : fail('no_open_round');
  }

  /** `reveal-now`: reveals the channel's newest open round. */
  async revealNow(channel: Channel): Promise<Result<Round>> {
    const [round] = await this.rt.store.listOpenRounds(channel.id);
    if (!round) return fail('no_open_round');
    const outcome = await this.revealing.reveal(channel, round, this.rt.clock.now());
    return outcome === 'failed' ? fail('reveal_retrying') : ok(round);
  }

  /**
   * True the first time a platform event id is seen. Adapters call it before acting on an event,
   * so a retried or duplicated delivery is processed once.
   */
  firstDelivery(platform: Platform, eventId: string): Promise<boolean> {
    return this.rt.store.markEventProcessed(platform, eventId, this.rt.clock.now());
  }

  latestPostedRound(channel: Channel): Promise<Round | null> {
    return this.rt.store.latestPostedRound(channel.id);
  }

  /**
   * The round taking answers in a subscribed channel right now, and whether `userId` has a
   * counted answer in it; null otherwise. Creates nothing: safe to call for any message anywhere.
   */
  async openRoundAt(
    address: ChannelAddress,
    userId?: string,
  ): Promise<{ channel: Channel; round: Round; answered: boolean } | null> {
    const { store } = this.rt;
    const channel = await store.findChannel(address.platform, address.workspaceId, address.channelId);
    if (!channel?.subscribed) return null;
    const now = this.rt.clock.now().getTime();
    const round = (await store.listOpenRounds(channel.id)).find((r) => now < r.revealAt.getTime());
    if (!round) return null;
    const answered = userId ? (await store.countedAnswerOf(round.id, userId)) !== null : false;
    return { channel, round, answered };
  }

  // ---------------------------------------------------------------- answers

  /** A reply in a round's thread. Bots are ignored; a repeated message is stored once. */
  recordReply(address: ChannelAddress, reply: Reply): Promise<ReplyOutcome> {
    return this.replies.recordReply(address, reply);
  }

  /** An edited reply replaces the stored text while the round accepts answers. */
  editReply(
    address: ChannelAddress,
    threadRef: string,
    messageRef: string,
    text: string,
  ): Promise<ReplyOutcome> {
    return this.replies.editReply(address, threadRef, messageRef, text);
  }

  /** A deleted reply withdraws the answer before the deadline. */
  deleteReply(address: ChannelAddress, threadRef: string, messageRef: string): Promise<ReplyOutcome> {
    return this.replies.deleteReply(address, threadRef, messageRef);
  }

  // ---------------------------------------------------------------- leaderboard and practice

  async leaderboard(
    address: ChannelAddress,
    callerId: string,
    periodText: string | undefined,
  ): Promise<View> {
    const channel = await this.channelAt(address);
    const locale = replyLocale(channel, address);
    const m = messages(locale);
    const period: Period | null = parsePeriod(periodText);
    if (!period) return messageView('error', m.error('invalid_period', { value: periodText ?? '' }));
    const today = localDateOf(this.rt.clock.now(), channel.schedule.timezone);
    const entries = await this.rt.store.leaderboard(channel.id, periodStart(period, today));
    const { top, caller } = rankLeaderboard(entries, callerId);
    return leaderboardView(m, period, top, caller);
  }

  /** `/sa-quiz [query]`: the next card for this user (due first, then unseen). */
  async practice(address: ChannelAddress, userId: string, query: string): Promise<View> {
    const channel = await this.channelAt(address);
    const locale = replyLocale(channel, address);
    const m = messages(locale);
    const { clock, random, store } = this.rt;
    const pick = await nextPractice(store, channel.workspaceId, userId, locale, query, clock.now(), random);
    if (!pick) return messageView('error', m.error('no_questions', {}));
    const gradable = keyPointsFor(pick.question, locale).length > 0;
    return practiceQuestionView(
      m,
      pick.question.key,
      textFor(pick.question, locale),
      pick.dueCount,
      gradable,
    );
  }

  async practiceAnswer(address: ChannelAddress, questionKey: string): Promise<View> {
    const channel = await this.channelAt(address);
    const locale = replyLocale(channel, address);
    const m = messages(locale);
    const question = await this.rt.store.findQuestionByKey(channel.workspaceId, questionKey);
    if (!question) return messageView('error', m.error('unknown_question', {}));
    return practiceAnswerView(m, question.key, textFor(question, locale));
  }

  /**
   * The reveal's "내 피드백" button: the presser's own note on that round, in their language. A
   * round of another channel (a forged id) is an unknown round.
   */
  async feedbackNote(address: ChannelAddress, userId: string, roundRef: string): Promise<View> {
    const channel = await this.rt.store.findChannel(address.platform, address.workspaceId, address.channelId);
    const locale = channel ? replyLocale(channel, address) : (address.viewerLocale ?? address.locale ?? 'ko');
    const m = messages(locale);
    if (!channel) return messageView('error', m.error('unknown_round', {}));
    const note = await this.feedback.noteFor(channel, locale, userId, roundRef);
    if (note === 'unknown_round') return messageView('error', m.error('unknown_round', {}));
    if (note === 'not_revealed') return messageView('info', m.feedback.notRevealed);
    if (note === 'no_answer') return messageView('info', m.feedback.noAnswer);
    return note;
  }

  /**
   * A typed practice answer: graded like a daily answer (with the configured grader), then the
   * reference answer with the self-grade the coverage suggests highlighted. Nothing is stored
   * until the user picks a grade.
   */
  async practiceSubmit(address: ChannelAddress, questionKey: string, answer: string): Promise<View> {
    const channel = await this.channelAt(address);
    const locale = replyLocale(channel, address);
    const m = messages(locale);
    const question = await this.rt.store.findQuestionByKey(channel.workspaceId, questionKey);
    if (!question) return messageView('error', m.error('unknown_question', {}));
    const text = textFor(question, locale);
    const keyPoints = keyPointsFor(question, locale);
    const grade = await this.rt.grader.grade({
      locale,
      question: text,
      keyPoints,
      answer: answerText(answer),
    });
    return practiceFeedbackView(m, question.key, text, keyPoints, grade, answerBlocks(m, text));
  }

  async practiceGrade(
    address: ChannelAddress,
    userId: string,
    questionKey: string,
    grade: Grade,
  ): Promise<View> {
    const channel = await this.channelAt(address);
    const locale = replyLocale(channel, address);
    const m = messages(locale);
    const question = await this.rt.store.findQuestionByKey(channel.workspaceId, questionKey);
    if (!question) return messageView('error', m.error('unknown_question', {}));
    const now = this.rt.clock.now();
    const previous = await this.rt.store.findPracticeCard(channel.workspaceId, userId, questionKey);
    const card = reviewCard(previous, questionKey, grade, now);
    await this.rt.store.savePracticeCard(channel.workspaceId, userId, card, grade, now);
    return practiceGradedView(m, grade, card.due, channel.schedule.timezone);
  }
}
