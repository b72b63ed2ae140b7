import type { BankQuestion } from './bank/types.js';
import type { LeaderboardEntry } from './leaderboard.js';
import type { PracticeCard } from './practice.js';
import type {
  Answer,
  AnswerStatus,
  Channel,
  Locale,
  Platform,
  Question,
  Round,
  RoundKind,
  Schedule,
  Streak,
  StreakChange,
  Workspace,
} from './types.js';
import type { View } from './views.js';

/**
 * The ports the core needs from the outside world. Implementations live in src/db (Store) and
 * src/adapters/* (Chat); the core never imports them.
 */

export interface ChannelPatch {
  readonly name?: string;
  readonly subscribed?: boolean;
  readonly paused?: boolean;
  readonly schedule?: Schedule;
  readonly locale?: Locale;
  readonly categoryFilter?: readonly string[];
  readonly subscribedBy?: string | null;
  readonly privateAnswers?: boolean;
}

export interface ChannelStore {
  /** The workspace row for a platform's team/guild, created on first sight. */
  ensureWorkspace(platform: Platform, externalId: string, name: string): Promise<Workspace>;
  /** The channel row, created unsubscribed with the default schedule on first sight. */
  ensureChannel(workspace: Workspace, externalId: string, name: string): Promise<Channel>;
  findChannel(
    platform: Platform,
    workspaceExternalId: string,
    channelExternalId: string,
  ): Promise<Channel | null>;
  getChannel(id: number): Promise<Channel | null>;
  updateChannel(id: number, patch: ChannelPatch): Promise<Channel>;
  /** Subscribed and not paused: the channels the scheduler looks at. */
  listActiveChannels(): Promise<Channel[]>;
}

export interface QuestionStore {
  /** Questions of exactly one scope: null is the global library, a number one workspace. */
  listQuestions(workspaceId: number | null): Promise<Question[]>;
  getQuestion(id: number): Promise<Question | null>;
  /** Inserts or replaces questions by key within the scope. */
  saveQuestions(
    workspaceId: number | null,
    questions: readonly BankQuestion[],
    source: string,
  ): Promise<void>;
}

export interface NewRound {
  readonly channelId: number;
  readonly kind: RoundKind;
  readonly localDate: string;
  readonly questionId: number;
  readonly postAt: Date;
  readonly revealAt: Date;
  readonly status: 'claimed' | 'skipped';
  readonly at: Date;
  /** Until then the claimer alone may post it; afterwards another process may recover it. */
  readonly attemptAfter: Date;
}

export interface RoundStore {
  /**
   * Reserves a round before anything is posted. Returns null when the channel already has a
   * daily round for that local date: the database's unique constraint decides, not memory.
   */
  claimRound(round: NewRound): Promise<Round | null>;
  findDailyRound(channelId: number, localDate: string): Promise<Round | null>;
  getRound(id: number): Promise<Round | null>;
  findRoundByMessage(channelId: number, messageRef: string): Promise<Round | null>;
  /** The channel's newest round that reached the platform (open or revealed). */
  latestPostedRound(channelId: number): Promise<Round | null>;
  /** Open rounds of a channel, newest first. */
  listOpenRounds(channelId: number): Promise<Round[]>;
  /** Open rounds whose deadline is at or before `now`, across channels. */
  listRevealsDue(now: Date): Promise<Round[]>;
  /**
   * Revealed rounds whose reveal message never reached the platform (a crash or a failed post)
   * and whose sender's lease has run out at `now`.
   */
  listUnpostedReveals(now: Date): Promise<Round[]>;
  /** Claimed rounds never recorded as posted whose claimer's lease has run out at `now`. */
  listRetryableClaims(now: Date): Promise<Round[]>;
  /**
   * Takes the lease on a claimed round until `until`, if it is still claimed and free at `now`.
   * Only one process gets it, so only one process recovers a round.
   */
  leaseClaim(roundId: number, now: Date, until: Date): Promise<boolean>;
  /** The same for sending a revealed round's reveal message. */
  leaseReveal(roundId: number, now: Date, until: Date): Promise<boolean>;
  /** A claimed round whose window passed without a post becomes skipped. */
  markSkipped(roundId: number): Promise<void>;
  /** After a failed attempt: the claim stays, and may be retried (by anyone) from `retryAt`. */
  deferClaim(roundId: number, retryAt: Date): Promise<void>;
  /** After a failed reveal message: it may be sent again from `retryAt`. */
  deferReveal(roundId: number, retryAt: Date): Promise<void>;
  markPosted(roundId: number, messageRef: string, at: Date): Promise<void>;
  /** Gives a claim back when the platform certainly did not take the post (the channel is gone). */
  releaseClaim(roundId: number): Promise<void>;
  /**
   * open → revealed with the streak changes it caused; false when another process got there
   * first. The revealer alone sends the reveal message until `sendUntil`.
   */
  markRevealed(
    roundId: number,
    at: Date,
    changes: readonly StreakChange[],
    sendUntil: Date,
  ): Promise<boolean>;
  markRevealPosted(roundId: number, at: Date): Promise<void>;
  /** How often each question key has been used in the channel. */
  questionUsage(channelId: number): Promise<Map<string, number>>;
}

export interface NewAnswer {
  readonly roundId: number;
  readonly userId: string;
  readonly userName: string;
  readonly messageRef: string;
  readonly text: string;
  readonly status: AnswerStatus;
  readonly at: Date;
}

export interface AnswerStore {
  /** Null when the same message was already stored (a retried or duplicated event). */
  insertAnswer(answer: NewAnswer): Promise<Answer | null>;
  findAnswer(roundId: number, messageRef: string): Promise<Answer | null>;
  /** The user's counted answer in the round, if any. */
  countedAnswerOf(roundId: number, userId: string): Promise<Answer | null>;
  listAnswers(roundId: number): Promise<Answer[]>;
  updateAnswer(id: number, patch: { text?: string; status?: AnswerStatus }, at: Date): Promise<void>;
}

export interface StreakStore {
  listStreaks(channelId: number): Promise<Streak[]>;
  saveStreaks(channelId: number, streaks: readonly Streak[], at: Date): Promise<void>;
  /** Streaks joined with counted answers in revealed rounds on or after `sinceLocalDate`. */
  leaderboard(channelId: number, sinceLocalDate: string | null): Promise<LeaderboardEntry[]>;
}

export interface PracticeStore {
  listPracticeCards(workspaceId: number, userId: string): Promise<PracticeCard[]>;
  savePracticeCard(
    workspaceId: number,
    userId: string,
    card: PracticeCard,
    grade: string,
    at: Date,
  ): Promise<void>;
}

export interface PendingUpload {
  readonly id: number;
  readonly workspaceId: number;
  readonly actorId: string;
  readonly fileName: string;
  readonly content: string;
  readonly createdAt: Date;
}

export interface OpsStore {
  saveUpload(upload: Omit<PendingUpload, 'id'>): Promise<PendingUpload>;
  getUpload(id: number): Promise<PendingUpload | null>;
  deleteUpload(id: number): Promise<void>;
  /** True the first time an event id is seen; false for retries and duplicates. */
  markEventProcessed(platform: Platform, eventId: string, at: Date): Promise<boolean>;
  audit(
    workspaceId: number | null,
    actorId: string,
    action: string,
    detail: Readonly<Record<string, unknown>>,
    at: Date,
  ): Promise<void>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
}

export interface Store
  extends ChannelStore,
    QuestionStore,
    RoundStore,
    AnswerStore,
    StreakStore,
    PracticeStore,
    OpsStore {
  /** Runs `work` in one transaction; the store it receives is bound to that transaction. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
}

/** A failed platform call, classified so the core knows whether to retry or pause the channel. */
export class ChatError extends Error {
  constructor(
    readonly kind: 'channel_gone' | 'forbidden' | 'rate_limited' | 'transient',
    message: string,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}

/** What the core asks a chat platform to do. One implementation per platform. */
export interface Chat {
  readonly platform: Platform;
  /**
   * Posts a round's question; returns the message id, which is also the answers' thread. The
   * message carries the round id where the platform allows (Slack metadata, Discord nonce).
   */
  postQuestion(channel: Channel, round: Round, question: View): Promise<string>;
  /**
   * The question message an earlier attempt already posted for this round (it may have crashed
   * before recording it, or lost the platform's answer), or null. Checked before any re-post.
   */
  findQuestion(channel: Channel, round: Round): Promise<string | null>;
  /** Posts the reveal in the round's thread, announces it in the channel and marks the question closed. */
  postReveal(channel: Channel, round: Round, reveal: View, closedQuestion: View): Promise<void>;
  /** Tells an admin privately that something needs their attention (a paused channel). */
  notifyAdmin(channel: Channel, userId: string, message: View): Promise<void>;
}

/** Counters the service exposes (Prometheus names, without the `sa_quiz_` prefix). */
export type CounterName =
  | 'rounds_posted_total'
  | 'rounds_skipped_total'
  | 'reveals_total'
  | 'answers_recorded_total'
  | 'platform_errors_total'
  | 'platform_rate_limited_total';

/** Where the core and the adapters report what happened; rendered for /metrics at the edge. */
export interface Metrics {
  count(name: CounterName, labels?: Readonly<Record<string, string>>): void;
  /** Seconds one scheduler tick took. */
  observeTick(seconds: number): void;
}

export const noMetrics: Metrics = { count: () => {}, observeTick: () => {} };
