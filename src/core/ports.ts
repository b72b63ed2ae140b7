import type { BankQuestion } from './bank/types.js';
import type { DigestStore } from './digest.js';
import type { PrivacyStore } from './forget-me.js';
import type { AnswerGrade } from './grading/types.js';
import type { HistoryStore } from './history.js';
import type { Incident, NewIncident, NoticeDelivery } from './incidents.js';
import type { RankedEntry } from './leaderboard.js';
import type { PracticeCard, PracticeQueue } from './practice.js';
import type { ReminderStore } from './reminders.js';
import type { QuestionSummary } from './selection.js';
import type {
  Answer,
  AnswerStatus,
  Channel,
  ChannelAddress,
  Locale,
  PausedReason,
  Platform,
  Question,
  RevealedChanges,
  Round,
  RoundKind,
  Schedule,
  Streak,
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

export interface NewAnswer {
  readonly roundId: number;
  readonly userId: string;
  readonly userName: string;
  readonly messageRef: string;
  readonly text: string;
  readonly status: AnswerStatus;
  readonly at: Date;
}

/** What `recordAnswer` found and did. */
export interface IntakeResult {
  readonly channel: Channel;
  readonly round: Round;
  /** The status the new answer was given (the rule of `statusOfNewReply`). */
  readonly decided: AnswerStatus;
  /**
   * The stored answer, or null when nothing was inserted: the message was stored before, or
   * (only when `decided` is counted) another reply of the user was counted at the same moment.
   */
  readonly answerId: number | null;
}

/** The answer path's own statements. */
export interface AnswerIntake {
  /**
   * In one round trip: the round whose message is `threadRef` in the addressed channel, and the
   * reply stored in it with the status the rules give; null when no round has that message.
   */
  recordAnswer(
    address: ChannelAddress,
    threadRef: string,
    answer: Omit<NewAnswer, 'roundId' | 'status'>,
  ): Promise<IntakeResult | null>;
  /** Fills in the author's name of answers stored without one (looked up after the ack). */
  nameAnswerAuthors(answerIds: readonly number[], userName: string): Promise<void>;
}

/** A grade to store; with `text`, only if the answer still reads so (an edit clears its grade). */
export interface GradeToSave {
  readonly answerId: number;
  readonly grade: AnswerGrade;
  readonly text?: string;
}

export interface UngradedAnswer {
  readonly id: number;
  readonly text: string;
  readonly questionId: number;
  readonly locale: Locale;
}

export interface AnswerStore {
  /** Null when the same message was already stored (a retried or duplicated event). */
  insertAnswer(answer: NewAnswer): Promise<Answer | null>;
  findAnswer(roundId: number, messageRef: string): Promise<Answer | null>;
  /** The user's counted answer in the round, if any. */
  countedAnswerOf(roundId: number, userId: string): Promise<Answer | null>;
  listAnswers(roundId: number): Promise<Answer[]>;
  /** `listAnswers` of status `counted` only: what a reveal, its grades and its notes read. */
  listCountedAnswers(roundId: number): Promise<Answer[]>;
  /**
   * A new text clears the answer's grade: it is graded again from what it says now. A text edit
   * goes through `editOpenAnswer`, so that no edit lands on a round being revealed.
   */
  updateAnswer(id: number, patch: { text?: string; status?: AnswerStatus }, at: Date): Promise<void>;
  /**
   * Records grades of counted answers. `first`: only where none is stored (the keyword grader's,
   * while the round is open); `refine`: also replaces a deterministic grade (the reveal's, for a
   * grade made against key points since changed; an LLM's, made before anything of the reveal
   * was shown). A grade is never changed otherwise; one made from a text the answer no longer
   * has is not stored.
   */
  /**
   * Replaces an answer's text (clearing its grade) only while its round is open, holding the
   * round's row against the reveal meanwhile: an edit lands before the reveal's claim (which
   * then grades it) or not at all. False when the round is no longer open.
   */
  editOpenAnswer(answerId: number, roundId: number, text: string, at: Date): Promise<boolean>;
  saveGrades(grades: readonly GradeToSave[], mode: 'first' | 'refine'): Promise<void>;
  /**
   * Counted answers of open rounds that have no grade yet, oldest first, with what grading them
   * needs (ids above `afterId`): graded while the round is open, so the reveal has only the last
   * minute's left to do. With `round`: that round's, whatever its state (the reveal's leftovers),
   * and also those with a keyword grade made against other key points than `round.basis`.
   */
  listUngradedAnswers(
    limit: number,
    afterId: number,
    round?: { readonly id: number; readonly basis: string },
  ): Promise<UngradedAnswer[]>;
  /**
   * Takes the round's counted answers whose private note was never attempted and marks them
   * `claimed`: whoever gets an answer's id here is the only one who sends its note, at most once.
   */
  claimNotes(roundId: number): Promise<number[]>;
  /** Records which claimed notes failed (bookkeeping only: no claimed note is sent again). */
  markNotesFailed(answerIds: readonly number[]): Promise<void>;
}

export interface StreakStore {
  listStreaks(channelId: number): Promise<Streak[]>;
  /** One person's streak in the channel (with the freezes they hold), or null before their first answer. */
  streakOf(channelId: number, userId: string): Promise<Streak | null>;
  saveStreaks(channelId: number, streaks: readonly Streak[], at: Date): Promise<void>;
  /**
   * `applyRevealedRound` (src/core/streaks.ts) for a round being revealed, done where the
   * streaks are, in one statement: the round's counted answerers gain one unless their answer is
   * graded as no real attempt (held: neither gains nor loses), the others
   * on a streak use a freeze or drop; the first `listed` changes and the count of the rest are
   * stored on the round. Returns those, and the people on a streak of at least `lapsedFrom` whom
   * the round broke or froze.
   */
  applyRoundStreaks(input: RoundStreaksInput): Promise<RoundStreaksResult>;
}

export interface RoundStreaksInput {
  readonly channelId: number;
  readonly roundId: number;
  readonly rules: { readonly roundsPerFreeze: number; readonly maxFreezes: number };
  readonly listed: number;
  readonly lapsedFrom: number;
  readonly at: Date;
}

export interface RoundStreaksResult extends RevealedChanges {
  readonly lapsed: readonly string[];
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

export type { Chat, CounterName, Metrics, RevealProgress } from './chat-port.js';
export { noMetrics } from './chat-port.js';
