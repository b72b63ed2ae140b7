import { nameText } from './answers.js';
import { ChannelHealth } from './channel-health.js';
import type { DigestChartRenderer } from './digest.js';
import { DigestSender } from './digest-sender.js';
import { needsAdmin } from './failures.js';
import { Feedback } from './feedback.js';
import { ForgetMe, isForgetQuery } from './forget-me.js';
import { keywordGrader } from './grading/keyword-grader.js';
import type { Grader } from './grading/types.js';
import { gradeAhead } from './grading-ahead.js';
import { History, parseHistoryQuery } from './history.js';
import { type DayOff, dayOff, type HolidayCalendar, noHolidayCalendar } from './holidays.js';
import type { Grade } from './i18n/catalog.js';
import { type ChannelLoss, Lifecycle } from './lifecycle.js';
import { type Logger, silentLogger } from './logger.js';
import { Personal } from './personal.js';
import { type Chat, type Metrics, noMetrics, type Store } from './ports.js';
import { ReminderSender } from './reminder-sender.js';
import { parseRemindQuery } from './reminders.js';
import { Replies, type Reply, type ReplyOutcome } from './replies.js';
import { fail, ok, type Result } from './result.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retries.js';
import { RoundPosting } from './round-posting.js';
import { RoundReveal } from './round-reveal.js';
import type { RoundSlot } from './rounds.js';
import type { Runtime } from './runtime.js';
import { roundWindow, windowLengthMs } from './schedule.js';
import { type SuggestField, type Suggestion, suggest } from './suggest.js';
import { runTick, type TickReport } from './tick.js';
import { type Clock, localDateOf } from './time.js';
import type { Channel, ChannelAddress, Locale, Platform, Question, Round } from './types.js';
import { DEFAULT_UNINSTALL_GRACE_DAYS, Uninstalls } from './uninstall.js';
import type { View } from './views.js';
import { type Vote, type VoteOutcome, Votes } from './votes.js';

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
  /**
   * Public holidays (src/holidays: the composition root passes the library calendar). Without
   * one only a channel's own off days are days off.
   */
  readonly holidays?: HolidayCalendar;
  /** Draws the weekly digest's chart (src/digest/chart.ts); without one the digest is text only. */
  readonly digestChart?: DigestChartRenderer;
  /**
   * Whole days an uninstalled workspace's data is kept before each tick deletes it
   * (SA_QUIZ_UNINSTALL_GRACE_DAYS; 30 by default, 0 = at the next tick).
   */
  readonly uninstallGraceDays?: number;
}

export type { TickReport } from './tick.js';

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
  private readonly personal: Personal;
  private readonly lifecycle: Lifecycle;
  private readonly votes: Votes;
  private readonly history: History;
  private readonly reminders: ReminderSender;
  private readonly digests: DigestSender;
  private readonly forgetMe: ForgetMe;
  private readonly uninstalls: Uninstalls;

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
      holidays: deps.holidays ?? noHolidayCalendar,
    };
    const health = new ChannelHealth(this.rt);
    this.posting = new RoundPosting(this.rt, health);
    this.feedback = new Feedback(this.rt);
    this.personal = new Personal(this.rt, this.feedback, (address) => this.channelAt(address));
    this.revealing = new RoundReveal(this.rt, health, this.feedback);
    this.replies = new Replies(this.rt);
    this.lifecycle = new Lifecycle(this.rt, health, (address) => this.channelAt(address));
    this.votes = new Votes(this.rt);
    this.history = new History(this.rt, (address) => this.channelAt(address));
    this.reminders = new ReminderSender(this.rt, health, (address) => this.channelAt(address));
    this.digests = new DigestSender(this.rt, health, deps.digestChart ?? null);
    this.forgetMe = new ForgetMe(this.rt, (address) => this.channelAt(address));
    this.uninstalls = new Uninstalls(this.rt, deps.uninstallGraceDays ?? DEFAULT_UNINSTALL_GRACE_DAYS);
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

  /** Does whatever is due at `now` (src/core/tick.ts). */
  async tick(now: Date = this.rt.clock.now()): Promise<TickReport> {
    const report = await runTick(this.rt, this.posting, this.revealing, now);
    // Answers of open rounds graded as they come in, so a reveal grades only the last minute's.
    await this.courtesy('grading ahead', () => gradeAhead(this.rt));
    // Deadline reminders after the reveals: a round past its deadline is revealed, never reminded.
    await this.courtesy('deadline reminders', () => this.reminders.sendDue(now));
    // Weekly digests last: the day's reveal is out before its week is summed up.
    await this.courtesy('weekly digests', () => this.digests.sendDue(now));
    // Workspaces uninstalled longer than the grace period lose their data (src/core/uninstall.ts).
    await this.courtesy('uninstalled workspace purge', () => this.uninstalls.purgeDue(now));
    return report;
  }

  /**
   * A tick's courtesy phase: one that fails (a database hiccup) is logged and tried again at the
   * next tick; it never keeps the next phase from running, nor fails the tick's posts and reveals.
   */
  private async courtesy(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.rt.log.error({ err: error instanceof Error ? error.message : String(error) }, `${what} failed`);
    }
  }

  /** Why the channel has no round on `localDate` (a holiday it follows, an off day), or null. */
  dayOff(channel: Channel, localDate: string): Promise<DayOff | null> {
    return dayOff(this.rt.holidays, channel, localDate, this.rt.log);
  }

  /** The holiday calendar, for the admin's `holidays` command and status. */
  get holidays(): HolidayCalendar {
    return this.rt.holidays;
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

  // ---------------------------------------------------------------- the channel's life (src/core/lifecycle.ts)

  /** The bot was added to a channel: one short message saying what it does and how to start. */
  welcome(address: ChannelAddress): Promise<boolean> {
    return this.lifecycle.welcome(address);
  }

  /** The platform said the channel is archived, deleted, or the bot removed: paused at once. */
  channelLost(address: ChannelAddress, loss: ChannelLoss): Promise<boolean> {
    return this.lifecycle.channelLost(address, loss);
  }

  /**
   * The app was uninstalled or its token revoked: the workspace marked uninstalled (its data is
   * deleted after the grace period, src/core/uninstall.ts) and its channels paused at once.
   */
  async workspaceLost(platform: Platform, workspaceId: string): Promise<number> {
    await this.uninstalls.uninstalled(platform, workspaceId);
    return this.lifecycle.workspaceLost(platform, workspaceId);
  }

  /**
   * The app was installed in the workspace (the OAuth install path, not any event from it): an
   * uninstall's grace period ends and nothing is deleted. False when it was not uninstalled.
   */
  workspaceInstalled(platform: Platform, workspaceId: string): Promise<boolean> {
    return this.uninstalls.installed(platform, workspaceId);
  }

  /** Purges the workspaces whose grace period is over at `now` (each tick does it too). */
  purgeUninstalled(now: Date = this.rt.clock.now()): Promise<number> {
    return this.uninstalls.purgeDue(now);
  }

  // ---------------------------------------------------------------- answers

  /** A reply in a round's thread. Bots are ignored; a repeated message is stored once. */
  recordReply(address: ChannelAddress, reply: Reply): Promise<ReplyOutcome> {
    return this.replies.recordReply(address, reply);
  }

  /** The author's name of answers stored without one, once the platform has told it. */
  nameAnswerAuthors(answerIds: readonly number[], userName: string): Promise<void> {
    return this.replies.nameAnswerAuthors(answerIds, userName);
  }

  /** A vote reaction added or removed on an answer (src/core/votes.ts). */
  vote(address: ChannelAddress, vote: Vote): Promise<VoteOutcome> {
    return this.votes.vote(address, vote);
  }

  /** A channel's subscription or vote emoji may have changed here: ask again which emojis vote. */
  forgetVoteEmojis(): void {
    this.votes.forgetEmojis();
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

  /** `/sa-leaderboard [week|month|all]`: the top of the channel and the caller's own rank. */
  leaderboard(address: ChannelAddress, callerId: string, periodText: string | undefined): Promise<View> {
    return this.personal.leaderboard(address, callerId, periodText);
  }

  /** Suggestions while an option is typed (Discord autocomplete); nothing is created. */
  suggest(
    address: ChannelAddress,
    field: SuggestField,
    typed: string,
    locale: Locale,
  ): Promise<Suggestion[]> {
    return suggest(this.rt.store, address, field, typed, locale, this.rt.clock.now());
  }

  /** `/sa-quiz [query]`: the next card for this user (due first, then unseen). */
  practice(address: ChannelAddress, userId: string, query: string): Promise<View> {
    // `remind off|on` (`알림 끄기|켜기`) is the nudge opt-out, not a practice query.
    const remind = parseRemindQuery(query);
    if (remind) return this.reminders.optOut(address, userId, remind === 'off');
    // `history [n]` (`기록`): the channel's past questions, not a practice query.
    const past = parseHistoryQuery(query);
    if (past !== null) return this.history.list(address, past);
    // `forget-me` (`내정보삭제`): the confirmation before the caller's data is deleted.
    if (isForgetQuery(query)) return this.forgetMe.ask(address, userId);
    return this.personal.practice(address, userId, query);
  }

  /** "Delete my data" on the forget-me confirmation (src/core/forget-me.ts); `value` is the button's. */
  forgetMeConfirm(address: ChannelAddress, userId: string, value: string): Promise<View> {
    return this.forgetMe.confirm(address, userId, value);
  }

  /** "Cancel" on the forget-me confirmation: nothing is deleted. */
  forgetMeCancel(address: ChannelAddress, userId: string, value: string): Promise<View> {
    return this.forgetMe.cancel(address, userId, value);
  }

  /** A past round's reference answer, shown again privately (`history.show`). */
  pastAnswer(address: ChannelAddress, roundRef: string): Promise<View> {
    return this.history.show(address, roundRef);
  }

  /** "Show answer" on a practice card: the reference and the self-grade buttons. */
  practiceAnswer(address: ChannelAddress, questionKey: string): Promise<View> {
    return this.personal.practiceAnswer(address, questionKey);
  }

  /** The reveal's "내 피드백" button: the presser's own note on that round. */
  feedbackNote(address: ChannelAddress, userId: string, roundRef: string): Promise<View> {
    return this.personal.feedbackNote(address, userId, roundRef);
  }

  /** A typed practice answer: graded, then the reference with the suggested self-grade. */
  practiceSubmit(address: ChannelAddress, questionKey: string, answer: string): Promise<View> {
    return this.personal.practiceSubmit(address, questionKey, answer);
  }

  /** A self-grade: schedules the card by FSRS. */
  practiceGrade(address: ChannelAddress, userId: string, questionKey: string, grade: Grade): Promise<View> {
    return this.personal.practiceGrade(address, userId, questionKey, grade);
  }
}
