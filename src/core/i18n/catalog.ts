import type { BankErrorCode, MergeRecord } from '../bank/types.js';
import type { ErrorCode, Params } from '../result.js';
import type { Locale } from '../types.js';
import type { Inline, RichText } from '../views.js';
import type { BreaksCatalog } from './breaks.js';
import type { DigestCatalog } from './digest.js';
import { en } from './en.js';
import type { FailureCatalog } from './failures.js';
import type { FeedbackCatalog } from './feedback.js';
import type { HistoryCatalog } from './history.js';
import type { HomeCatalog } from './home.js';
import { ko } from './ko.js';
import type { LifecycleCatalog } from './lifecycle.js';
import type { ManagersCatalog } from './managers.js';
import type { NotifyCatalog } from './notify.js';
import type { PrivacyCatalog } from './privacy.js';
import type { RemindersCatalog } from './reminders.js';
import type { SettingsCatalog } from './settings.js';
import type { VotesCatalog } from './votes.js';

export type Period = 'week' | 'month' | 'all';
export type Grade = 'again' | 'hard' | 'good' | 'easy';

/** Every sentence the bot says, per language. Adding a message means adding it to both. */
export interface Catalog {
  readonly locale: Locale;
  readonly weekdays: readonly string[];
  dailyQuestionTitle(date: string): string;
  extraQuestionTitle: string;
  categories: string;
  /** Labels of the bank v2 fields (src/core/taxonomy.ts holds the names of their values). */
  pillar: string;
  domain: string;
  level: string;
  brief: string;
  whenNotToUse: string;
  lastVerified(date: string): string;
  deadline: string;
  howToAnswer: string;
  howToAnswerPrivately: string;
  answerPrivatelyButton: string;
  closedFooter: string;
  revealTitle(title: string): string;
  definition: string;
  benefits: string;
  risks: string;
  docs: string;
  followUp: string;
  answeredOnTime(count: number): string;
  nobodyAnswered: string;
  streakChanges: string;
  streakUp(who: Inline, from: number, to: number): RichText;
  streakReset(who: Inline, from: number): RichText;
  revealAnnouncement(title: string): string;
  answerRecorded: string;
  answerUpdated: string;
  answerWithdrawn: string;
  answerLate: string;
  answerExtra: string;
  leaderboardTitle(period: Period): string;
  leaderboardRow(
    rank: number,
    who: Inline,
    current: number,
    best: number,
    answers: number,
    score: number,
  ): RichText;
  leaderboardEmpty: string;
  yourRank(rank: number, current: number, best: number, answers: number, score: number): string;
  youAreUnranked: string;
  practiceTitle: string;
  practiceHint(category: string): string;
  showAnswer: string;
  nextCard: string;
  grades: Readonly<Record<Grade, string>>;
  practiceScheduled(grade: string): string;
  /** The label of the next review's time (shown in each reader's zone where the platform can). */
  nextReview: string;
  practiceDue(count: number): string;
  subscribed(schedule: string): string;
  unsubscribed: string;
  paused: string;
  resumed: string;
  languageSet: string;
  privateAnswersOn: string;
  privateAnswersOff: string;
  internalError: string;
  /** Platform failures: notices to admins, status lines, setup checks. */
  failures: FailureCatalog;
  /** Grading: coverage in the reveal, private notes, practice feedback, the score. */
  feedback: FeedbackCatalog;
  /** Days without a round (holidays, off days) and streak freezes. */
  breaks: BreaksCatalog;
  /** Arriving in a channel (the welcome). */
  lifecycle: LifecycleCatalog;
  /** The personal home (Slack App Home). */
  home: HomeCatalog;
  /** Deadline reminders: the thread message, private nudges, the settings. */
  reminders: RemindersCatalog;
  /** The best answer by vote. */
  votes: VotesCatalog;
  /** Past questions (`/sa-quiz history`). */
  history: HistoryCatalog;
  /** The channel settings form. */
  settings: SettingsCatalog;
  /** Discord's role to notify. */
  notify: NotifyCatalog;
  /** Whether channel managers may administer their own channel. */
  managers: ManagersCatalog;
  /** The weekly digest: its text, its chart's labels, the setting. */
  digest: DigestCatalog;
  /** `/sa-quiz forget-me` and the stand-in for people who deleted their data. */
  privacy: PrivacyCatalog;
  /** Form and file-transfer chrome (upload modal, private answer modal, export delivery). */
  ui: {
    readonly uploadTitle: string;
    readonly uploadFileLabel: string;
    readonly preview: string;
    readonly cancel: string;
    readonly submit: string;
    readonly uploadNoFile: string;
    readonly downloadFailed: string;
    readonly exportSentToDm: string;
    readonly exportFailed: string;
    readonly privateAnswerTitle: string;
    readonly privateAnswerLabel: string;
  };
  statusTitle: string;
  statusLines(s: {
    subscribed: boolean;
    paused: boolean;
    schedule: string;
    locale: string;
    questions: number;
    filter: string;
  }): string[];
  /** The next scheduled question; `when` is a time inline (`timeRef`). */
  nextPost(when: Inline): RichText;
  postedNow: string;
  revealedNow: string;
  scheduleText(post: string, days: string, timezone: string, reveal: string): string;
  uploadPreviewTitle(file: string): string;
  uploadCounts(c: {
    /** Distinct questions in the file, after merging its duplicates. */
    read: number;
    fresh: number;
    unchanged: number;
    updated: number;
    merged: number;
    incomplete: number;
    errors: number;
  }): string;
  uploadNew: string;
  uploadUpdated: string;
  uploadIncomplete: string;
  uploadErrors: string;
  uploadConfirm: string;
  uploadCancel: string;
  uploadDone(count: number): string;
  uploadCancelled: string;
  uploadHowTo: string;
  exportReady(count: number): string;
  /** `export data`: the workspace's whole data exported (rounds and answers in it). */
  exportDataReady(rounds: number, answers: number): string;
  helpTitle: string;
  helpLines: readonly string[];
  userHelpLines: readonly string[];
  error(code: ErrorCode, params: Params): string;
  bankError(code: BankErrorCode, detail: string): string;
  andMore(count: number): string;
  /** Upload preview: the heading over the entries that will be folded into another question. */
  uploadMerged: string;
  /** One such entry: where it is, what it joins and why. */
  uploadMergeLine(merge: MergeRecord): string;
}

const catalogs: Readonly<Record<Locale, Catalog>> = { ko, en };

export function messages(locale: Locale): Catalog {
  return catalogs[locale];
}
