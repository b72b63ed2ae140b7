import { answerText } from './answers.js';
import type { Feedback } from './feedback.js';
import { practiceFeedbackView } from './feedback-views.js';
import { keyPointsFor } from './grading/key-points.js';
import type { Grade, Period } from './i18n/catalog.js';
import { messages } from './i18n/catalog.js';
import { LEADERBOARD_SIZE, parsePeriod, periodStart } from './leaderboard.js';
import { nextPractice, reviewCard } from './practice.js';
import {
  answerBlocks,
  leaderboardView,
  messageView,
  practiceAnswerView,
  practiceGradedView,
  practiceQuestionView,
} from './render.js';
import type { Runtime } from './runtime.js';
import { textFor } from './selection.js';
import { MAX_FREEZES, ROUNDS_PER_FREEZE } from './streaks.js';
import { localDateOf } from './time.js';
import { type Channel, type ChannelAddress, replyLocale } from './types.js';
import type { View } from './views.js';

/**
 * What one person sees privately: the leaderboard with their own rank, practice cards (typed
 * answers graded like daily ones), and their feedback note on a revealed round.
 */
export class Personal {
  constructor(
    private readonly rt: Runtime,
    private readonly feedback: Feedback,
    private readonly channelAt: (address: ChannelAddress) => Promise<Channel>,
  ) {}

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
    const { top, caller } = await this.rt.store.leaderboard(
      channel.id,
      periodStart(period, today),
      callerId,
      LEADERBOARD_SIZE,
    );
    const board = leaderboardView(m, period, top, caller);
    // The caller's streak freezes, once they have answered a round here.
    const mine = await this.rt.store.streakOf(channel.id, callerId);
    if (!mine) return board;
    const held = mine.freezes ?? 0;
    const line = m.breaks.freezesHeld(held, MAX_FREEZES, ROUNDS_PER_FREEZE - (mine.freezeProgress ?? 0));
    return { ...board, blocks: [...board.blocks, { kind: 'text', text: line }] };
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
