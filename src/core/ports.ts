import type { AnswerIntake, AnswerStore, StreakStore } from './answer-ports.js';
import type { BankQuestion } from './bank/types.js';
import type { DigestStore } from './digest.js';
import type { PrivacyStore } from './forget-me.js';
import type { HistoryStore } from './history.js';
import type { Incident, NewIncident, NoticeDelivery } from './incidents.js';
import type { RankedEntry } from './leaderboard.js';
import type { PracticeCard, PracticeQueue } from './practice.js';
import type { ReminderStore } from './reminders.js';
import type { QuestionSummary } from './selection.js';
import type {
  Channel,
  Locale,
  PausedReason,
  Platform,
  Question,
  RevealedChanges,
  Round,
  RoundKind,
  Schedule,
  Workspace,
} from './types.js';
import type { RetentionStore } from './uninstall.js';
import type { VoteStore } from './votes.js';

/**
 * The ports the core needs from the outside world. Implementations live in src/db (Store) and
 * src/adapters/* (Chat); the core never imports them.
 */

export interface ChannelPatch {
  readonly name?: string;
  readonly subscribed?: boolean;
  readonly paused?: boolean;
  readonly pausedReason?: PausedReason | null;
  readonly schedule?: Schedule;
  readonly locale?: Locale;
  readonly localeSet?: boolean;
  readonly categoryFilter?: readonly string[];
  readonly subscribedBy?: string | null;
  readonly privateAnswers?: boolean;
  /** `auto`, `off` or a country code (src/core/holidays.ts). */
  readonly holidays?: string;
  readonly offDays?: readonly string[];
  readonly reminderHours?: number | null;
  readonly digestDay?: number | null;
  readonly voteEmoji?: string;
  readonly notifyRole?: string | null;
}

export interface ChannelStore {
  /** The workspace row for a platform's team/guild, created on first sight. */
  ensureWorkspace(platform: Platform, externalId: string, name: string): Promise<Workspace>;
  /** The workspace row, or null when it was never seen (nothing is created). */
  findWorkspace(platform: Platform, externalId: string): Promise<Workspace | null>;
  /** Whether channel managers may administer their own channel in this workspace. */
  setChannelManagers(workspaceId: number, allowed: boolean): Promise<void>;
  /** The channel row, created unsubscribed with the default schedule (and `locale`, if given) on first sight. */
  ensureChannel(workspace: Workspace, externalId: string, name: string, locale?: Locale): Promise<Channel>;
  findChannel(
    platform: Platform,
    workspaceExternalId: string,
    channelExternalId: string,
  ): Promise<Channel | null>;
  getChannel(id: number): Promise<Channel | null>;
  updateChannel(id: number, patch: ChannelPatch): Promise<Channel>;
  /** Subscribed and not paused: the channels the scheduler looks at. */
  listActiveChannels(): Promise<Channel[]>;
  /** A workspace's subscribed channels, paused ones included, by id. */
  listWorkspaceChannels(workspaceId: number): Promise<Channel[]>;
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
  /**
   * The question a workspace sees under `key` (as in `effectiveBank`): its own, else the global
   * one; null when neither exists. One indexed look-up, never the bank.
   */
  findQuestionByKey(workspaceId: number, key: string): Promise<Question | null>;
  /** How many questions the workspace sees: the global ones and its own, a key counted once. */
  countQuestions(workspaceId: number): Promise<number>;
  /**
   * The workspace's questions (in `effectiveBank` order) complete in `locale` (the wording
   * `textFor` shows: `locale`, else the default language, else any), without their bodies.
   */
  listCompleteQuestions(workspaceId: number, locale: Locale): Promise<QuestionSummary[]>;
  /**
   * Takes global questions out of use (source `RETIRED_SOURCE`): a bundled question a release
   * merged into another or removed. The row stays, so past rounds keep their question; no list,
   * look-up, count or selection above returns it again unless an import writes the key anew.
   */
  retireQuestions(keys: readonly string[]): Promise<void>;
  /**
   * The fingerprint of the bundled bank last loaded, while the global library is as that load left
   * it (as many bundled questions, no write since: none deleted, retired, imported over or
   * rewritten by another release); else null. `lock` (in a transaction): first waits for any
   * other process loading the bank, until the transaction ends.
   */
  loadedBundledBank(options?: { readonly lock?: boolean }): Promise<string | null>;
  /** Records that the bundled bank with `fingerprint` is loaded, as the global library is now. */
  saveLoadedBundledBank(fingerprint: string): Promise<void>;
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
  /** Of these channels, those that have a daily round on the local date given with each: one read per tick. */
  channelsWithDailyRound(slots: readonly { channelId: number; localDate: string }[]): Promise<Set<number>>;
  getRound(id: number): Promise<Round | null>;
  findRoundByMessage(channelId: number, messageRef: string): Promise<Round | null>;
  /** The channel's newest round that reached the platform (open or revealed). */
  latestPostedRound(channelId: number): Promise<Round | null>;
  /** Open rounds of a channel, newest first. */
  listOpenRounds(channelId: number): Promise<Round[]>;
  /** Open rounds whose deadline is at or before `now`, across channels. */
  listRevealsDue(now: Date): Promise<Round[]>;
  /**
   * Revealed rounds whose reveal has not fully reached the platform (a crash or a failed send),
   * not given up, whose sender's lease has run out at `now`, in channels that are subscribed and
   * not broken (a paused-by-admin channel still gets the reveal of a round it started).
   */
  listUnpostedReveals(now: Date): Promise<Round[]>;
  /**
   * Claimed rounds never recorded as posted whose claimer's lease (or retry delay) has run out at
   * `now`, in channels that are subscribed and not paused.
   */
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
  /**
   * After a failed attempt: the claim stays with `attempts` failures recorded, and may be tried
   * again (by anyone) from `retryAt`.
   */
  deferClaim(roundId: number, attempts: number, retryAt: Date): Promise<void>;
  /** A claimed round whose every attempt failed becomes failed: never shown, never retried. */
  failClaim(roundId: number, attempts: number): Promise<void>;
  /** After a failed reveal: `attempts` failures recorded; it may be sent again from `retryAt`. */
  deferReveal(roundId: number, attempts: number, retryAt: Date): Promise<void>;
  /** Stops trying to send a reveal (attempts exhausted, or a payload the platform refuses). */
  giveUpReveal(roundId: number, attempts: number, at: Date): Promise<void>;
  /** Records that the reveal's first `count` parts are on the platform. */
  markRevealPartsSent(roundId: number, count: number): Promise<void>;
  markPosted(roundId: number, messageRef: string, at: Date): Promise<void>;
  /** Gives a claim back when the platform certainly did not take the post (the channel is gone). */
  releaseClaim(roundId: number): Promise<void>;
  /**
   * open → revealed with the streak changes it caused; false when another process got there
   * first. The revealer alone sends the reveal message until `sendUntil`.
   */
  markRevealed(roundId: number, at: Date, changes: RevealedChanges, sendUntil: Date): Promise<boolean>;
  markRevealPosted(roundId: number, at: Date): Promise<void>;
  /** How often each question key has been used in the channel. */
  questionUsage(channelId: number): Promise<Map<string, number>>;
  /** `questionUsage` of many channels in one read (a channel that used none is absent). */
  questionUsageOf(channelIds: readonly number[]): Promise<Map<number, Map<string, number>>>;
}

export interface LeaderboardStore {
  /**
   * Streaks joined with counted answers in revealed rounds on or after `sinceLocalDate`, ranked
   * by the rule of `rankLeaderboard`: the first `limit` and the caller's own entry (exact rank).
   */
  leaderboard(
    channelId: number,
    sinceLocalDate: string | null,
    callerId: string,
    limit: number,
  ): Promise<{ top: RankedEntry[]; caller: RankedEntry | null }>;
}

export interface PracticeStore {
  listPracticeCards(workspaceId: number, userId: string): Promise<PracticeCard[]>;
  findPracticeCard(workspaceId: number, userId: string, questionKey: string): Promise<PracticeCard | null>;
  /**
   * The user's practice queue over the workspace's questions complete in `locale` (the candidates
   * of `listCompleteQuestions`), counted in the database: nothing of the bank is returned.
   */
  practiceQueue(workspaceId: number, userId: string, locale: Locale, now: Date): Promise<PracticeQueue>;
  /** The `index`th (from 0, in `effectiveBank` order) of those candidates the user has no card for. */
  unseenPracticeQuestion(
    workspaceId: number,
    userId: string,
    locale: Locale,
    index: number,
  ): Promise<Question | null>;
  /**
   * Brings questions back in people's practice queues: a new card due at `due`, or an existing
   * card's due date moved earlier to `due` (never later).
   */
  bringBackCards(
    workspaceId: number,
    cards: readonly { userId: string; card: PracticeCard }[],
    at: Date,
  ): Promise<void>;
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
  /** Forgets event ids seen before `before` (platforms stop redelivering long before). */
  pruneProcessedEvents(before: Date): Promise<void>;
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

export interface IncidentStore {
  /**
   * Opens an incident for the channel and returns it, or null when one at least as serious is
   * already open (someone else has told, or is telling, the admin). A pausing incident replaces
   * an open non-pausing one.
   */
  openIncident(channelId: number, incident: NewIncident, at: Date): Promise<Incident | null>;
  /** The channel's open incident, if any. */
  openIncidentOf(channelId: number): Promise<Incident | null>;
  recordNotice(incidentId: number, notice: NoticeDelivery, at: Date): Promise<void>;
  /** Closes the channel's open incident: all of them, or only one that did not pause it. */
  closeIncidents(channelId: number, at: Date, which: 'all' | 'non_pausing'): Promise<void>;
}

export interface Store
  extends ChannelStore,
    IncidentStore,
    QuestionStore,
    RoundStore,
    AnswerStore,
    AnswerIntake,
    StreakStore,
    LeaderboardStore,
    PracticeStore,
    ReminderStore,
    VoteStore,
    HistoryStore,
    DigestStore,
    PrivacyStore,
    RetentionStore,
    OpsStore {
  /** Runs `work` in one transaction; the store it receives is bound to that transaction. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
}

export type {
  AnswerIntake,
  AnswerStore,
  GradeToSave,
  IntakeResult,
  NewAnswer,
  RoundStreaksInput,
  RoundStreaksResult,
  StreakStore,
  UngradedAnswer,
} from './answer-ports.js';
export type { Chat, CounterName, Metrics, RevealProgress } from './chat-port.js';
export { noMetrics } from './chat-port.js';
