/** Domain types shared by the core, the store and the adapters. */

import type { AnswerGrade } from './grading/types.js';
import type { DomainId, Level, PillarId } from './taxonomy.js';

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ko';

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export type Platform = 'slack' | 'discord' | 'console';

/** A titled list kept from a bank file that is neither benefits nor risks (for example `비용`). */
export interface NoteSection {
  readonly title: string;
  readonly items: readonly string[];
}

/**
 * A claim a strong interview answer makes (`상태 저장: 응답 트래픽은 자동으로 허용된다`), with the
 * words that show an answer made it. Key points are aligned by position across a question's
 * languages: point 2 in Korean is point 2 in English, so an answer is matched against the terms
 * of every language (English terms inside Korean answers).
 */
export interface KeyPoint {
  /** The claim as the reference says it: shown to someone who missed it. */
  readonly text: string;
  /**
   * Alternatives, any one of which shows the point was made. An alternative is one or more
   * phrases joined by ` + `, all of which must appear in one sentence of the answer. Compared
   * after normalisation (src/core/grading/normalize.ts): case, width, punctuation, spacing and
   * Korean particles and endings do not matter.
   */
  readonly terms: readonly string[];
}

/**
 * One language's wording of a question. List items are strings; a nested sub-list stays inside
 * its parent item as indented `- ` lines, so nothing written in a bank is dropped.
 */
export interface QuestionText {
  readonly title: string;
  readonly categories: readonly string[];
  readonly definition: string;
  readonly benefits: readonly string[];
  readonly risks: readonly string[];
  readonly notes: readonly NoteSection[];
  readonly docs: string | null;
  readonly followUp: string | null;
  readonly aliases: readonly string[];
  /** 3–6 claims an answer is graded against; absent or empty: the question is not graded. */
  readonly keyPoints?: readonly KeyPoint[];
  /**
   * The bank v2 fields (docs/bank-format.md, "Question profile"), each absent when not written:
   * the two sentences a candidate says first, when not to use it, the Well-Architected pillars
   * and SAA-C03 domains (most relevant first), the level, and the day its facts were last
   * checked against AWS documentation (`YYYY-MM-DD`).
   */
  readonly brief?: string;
  readonly whenNotToUse?: readonly string[];
  readonly pillars?: readonly PillarId[];
  readonly domains?: readonly DomainId[];
  readonly level?: Level;
  readonly lastVerified?: string;
}

export type QuestionTexts = Partial<Record<Locale, QuestionText>>;

/** A question as stored: one stable key, its wording per language. */
export interface Question {
  readonly id: number;
  /** null: the global library (bundled bank and CLI imports); otherwise one workspace's own. */
  readonly workspaceId: number | null;
  readonly key: string;
  readonly texts: QuestionTexts;
  readonly source: string;
}

export interface Schedule {
  /** Local wall-clock time `HH:MM` in `timezone`. */
  readonly postTime: string;
  readonly revealTime: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  readonly days: readonly number[];
  readonly timezone: string;
}

export const DEFAULT_SCHEDULE: Schedule = {
  postTime: '09:00',
  revealTime: '18:00',
  days: [1, 2, 3, 4, 5],
  timezone: 'Asia/Seoul',
};

export interface Workspace {
  readonly id: number;
  readonly platform: Platform;
  readonly externalId: string;
  readonly name: string;
  /** Channel managers may administer their own channel (`/sa-admin channel-managers on`). */
  readonly channelManagers: boolean;
}

export interface Channel {
  readonly id: number;
  readonly workspaceId: number;
  readonly platform: Platform;
  readonly workspaceExternalId: string;
  readonly workspaceName: string;
  readonly externalId: string;
  readonly name: string;
  readonly subscribed: boolean;
  readonly paused: boolean;
  /**
   * Why it is paused: an admin's `pause` (an open round is still revealed), or `broken`: the
   * platform refused it (gone, forbidden, unsupported) and nothing is sent until `resume`.
   */
  readonly pausedReason: PausedReason | null;
  readonly schedule: Schedule;
  readonly locale: Locale;
  /** Whether an admin chose `locale` (`lang`), rather than it being the default or a first guess. */
  readonly localeSet: boolean;
  readonly categoryFilter: readonly string[];
  readonly subscribedBy: string | null;
  /** Whether the question offers an "answer privately" button. */
  readonly privateAnswers: boolean;
  /**
   * The public holidays it skips (src/core/holidays.ts): `auto` (Korean ones in Asia/Seoul, else
   * none), `off`, or a country code an admin set.
   */
  readonly holidays: string;
  /** Its own days without a round (`YYYY-MM-DD`, sorted, none before today). */
  readonly offDays: readonly string[];
  /** Deadline reminder: posted in the thread this many hours before the reveal; null = off. */
  readonly reminderHours: number | null;
  /** Weekly digest: the ISO weekday it is posted on, after that day's reveal; null = off. */
  readonly digestDay: number | null;
  /** Slack: the reaction name that votes for an answer (Discord: always ⭐). */
  readonly voteEmoji: string;
  /** Discord: the role pinged when the question is posted; null = nobody is pinged. */
  readonly notifyRole: string | null;
}

export type PausedReason = 'admin' | 'broken';

export type RoundKind = 'daily' | 'extra';
/**
 * claimed: reserved in the database, not yet on the platform; open: posted, taking answers;
 * skipped: its window passed unposted; failed: every attempt to post it failed. Neither skipped
 * nor failed rounds were shown, so neither counts for streaks or question usage.
 */
export type RoundStatus = 'claimed' | 'open' | 'revealed' | 'skipped' | 'failed';

export interface StreakChange {
  readonly userId: string;
  readonly userName: string;
  readonly from: number;
  readonly to: number;
  /** A missed round did not reset the streak: a freeze was used, `freezesLeft` remain. */
  readonly frozen?: true;
  readonly freezesLeft?: number;
  /** Answering this round earned a freeze. */
  readonly freezeEarned?: true;
}

/**
 * The streak changes a reveal stores: the first ones in full (as many as the reveal lists), the
 * rest only counted. A reveal in a channel of 2,000 people keeps 25 changes, not 2,000.
 */
export interface RevealedChanges {
  readonly listed: readonly StreakChange[];
  /** Changes not listed. */
  readonly more: number;
}

export interface Round {
  readonly id: number;
  readonly channelId: number;
  readonly kind: RoundKind;
  /** The channel-local date `YYYY-MM-DD` the round belongs to. */
  readonly localDate: string;
  readonly questionId: number;
  readonly status: RoundStatus;
  readonly postAt: Date;
  readonly revealAt: Date;
  readonly claimedAt: Date;
  readonly postedAt: Date | null;
  readonly revealedAt: Date | null;
  /** The platform id of the question message, which is also the answer thread. */
  readonly messageRef: string | null;
  readonly revealPostedAt: Date | null;
  /** Recorded at the reveal, so a reveal message re-sent after a failure says the same thing. */
  /** The streak changes the reveal lists (the first of them; `unlistedStreakChanges` more). */
  readonly streakChanges: readonly StreakChange[];
  readonly unlistedStreakChanges: number;
  /** Failed attempts to post the question so far. */
  readonly postAttempts: number;
  /** Failed attempts to send the reveal so far. */
  readonly revealAttempts: number;
  /** How many parts of the reveal (its messages, then the announcement) reached the platform. */
  readonly revealPartsSent: number;
  /** When sending the reveal was given up (attempts exhausted, or a payload the platform refuses). */
  readonly revealGaveUpAt: Date | null;
}

/** counted: the user's answer; extra: a second reply by the same user; late: after the deadline. */
export type AnswerStatus = 'counted' | 'extra' | 'withdrawn' | 'late';

export interface Answer {
  readonly id: number;
  readonly roundId: number;
  readonly userId: string;
  readonly userName: string;
  readonly messageRef: string;
  readonly text: string;
  readonly status: AnswerStatus;
  /**
   * Its grade: made while the round is open (an edit clears it) or at the reveal, shown only after
   * it; null until then, and for answers that did not count.
   */
  readonly grade: AnswerGrade | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface Streak {
  readonly userId: string;
  readonly userName: string;
  readonly current: number;
  readonly best: number;
  /** Streak freezes held (src/core/streaks.ts); absent means none. */
  readonly freezes?: number;
  /** Rounds answered towards the next freeze; absent means none. */
  readonly freezeProgress?: number;
}

/** Who is acting: the adapter says whether the platform considers them an admin. */
export interface Actor {
  readonly userId: string;
  readonly name: string;
  readonly isPlatformAdmin: boolean;
  /**
   * Asks the platform whether the actor manages the channel the command came from (Slack: its
   * Channel Manager; Discord: Manage Channels there). Called only when the workspace lets channel
   * managers administer and the actor is not an admin; absent: not a manager.
   */
  readonly managesChannel?: () => Promise<boolean>;
}

/** Where a command or event happened, in platform terms. */
export interface ChannelAddress {
  readonly platform: Platform;
  readonly workspaceId: string;
  readonly workspaceName?: string;
  readonly channelId: string;
  readonly channelName?: string;
  /** The language a channel seen for the first time starts with (e.g. a Discord guild's locale). */
  readonly locale?: Locale;
  /**
   * The language of the person a reply is for (a Discord client's locale): replies only they see
   * use it while no admin has set the channel's language (`lang`).
   */
  readonly viewerLocale?: Locale;
}

/** The language of a reply only its caller sees: the channel's when an admin set it, else theirs. */
export function replyLocale(channel: Channel, address: ChannelAddress): Locale {
  return channel.localeSet ? channel.locale : (address.viewerLocale ?? channel.locale);
}
