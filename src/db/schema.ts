import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { AnswerGrade } from '../core/grading/types.js';
import type { QuestionTerms } from '../core/selection.js';
import type { QuestionTexts, RevealedChanges, StreakChange } from '../core/types.js';
import { completeInExpression, termsExpression } from './derived-columns.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** A Slack team, a Discord guild or the console: the tenant boundary for question banks. */
export const workspaces = pgTable(
  'workspaces',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    /**
     * When the app was uninstalled from it (Slack `app_uninstalled`, an installation removed);
     * null while installed. Its data is deleted once SA_QUIZ_UNINSTALL_GRACE_DAYS have passed,
     * unless it is installed again first.
     */
    uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }),
    /**
     * Whether a channel's own managers (Slack Channel Managers, Discord Manage Channels in that
     * channel) may administer sa-quiz in that channel; set by a workspace admin, off by default.
     */
    channelManagers: boolean('channel_managers').notNull().default(false),
  },
  (t) => [unique('workspaces_platform_external_id').on(t.platform, t.externalId)],
);

/**
 * Slack distribution mode (SLACK_CLIENT_ID...): one row per installation, as Bolt's
 * InstallationStore keeps them. `install_key` is `team:<team id>` for a workspace install and
 * `enterprise:<enterprise id>` for an Enterprise Grid org-wide install. `sealed` is the whole
 * Bolt Installation (bot token, refresh token, scopes) as JSON sealed with AES-256-GCM under
 * SA_QUIZ_ENCRYPTION_KEY (src/secrets/token-cipher.ts), bound to `install_key`: no token is
 * stored in the clear.
 */
export const slackInstallations = pgTable('slack_installations', {
  installKey: text('install_key').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  isEnterpriseInstall: boolean('is_enterprise_install').notNull().default(false),
  sealed: text('sealed').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const channels = pgTable(
  'channels',
  {
    id: serial('id').primaryKey(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    subscribed: boolean('subscribed').notNull().default(false),
    paused: boolean('paused').notNull().default(false),
    /** 'admin' (paused with `pause`) or 'broken' (the platform refused it); null when not paused. */
    pausedReason: text('paused_reason'),
    postTime: text('post_time').notNull().default('09:00'),
    revealTime: text('reveal_time').notNull().default('18:00'),
    /** ISO weekdays, 1 = Monday. */
    days: smallint('days').array().notNull().default(sql`'{1,2,3,4,5}'`),
    timezone: text('timezone').notNull().default('Asia/Seoul'),
    locale: text('locale').notNull().default('ko'),
    /** An admin chose the language (`lang`); until then private replies follow each caller's. */
    localeSet: boolean('locale_set').notNull().default(false),
    categoryFilter: text('category_filter').array().notNull().default(sql`'{}'`),
    subscribedBy: text('subscribed_by'),
    /** Offer an "answer privately" button (sealed answers, hidden until the reveal). */
    privateAnswers: boolean('private_answers').notNull().default(false),
    /** The public holidays without a round: 'auto' (by time zone), 'off', or a country code. */
    holidays: text('holidays').notNull().default('auto'),
    /** The channel's own days without a round, `YYYY-MM-DD`. */
    offDays: text('off_days').array().notNull().default(sql`'{}'`),
    /** Deadline reminder: hours before the reveal it is posted in the thread; null = off (the default). */
    reminderHours: smallint('reminder_hours'),
    /** Weekly digest: the ISO weekday it is posted on, after that day's reveal; null = off. */
    digestDay: smallint('digest_day'),
    /** Slack: the reaction that votes for an answer (its name, without colons); Discord always ⭐. */
    voteEmoji: text('vote_emoji').notNull().default('star'),
    /** Discord: the role mentioned when the question is posted (its id), the only ping; null = none. */
    notifyRole: text('notify_role'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('channels_workspace_external_id').on(t.workspaceId, t.externalId)],
);

/** Questions by stable key; workspace_id null is the global library (bundled bank, CLI imports). */
export const questions = pgTable(
  'questions',
  {
    id: serial('id').primaryKey(),
    workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    texts: jsonb('texts').$type<QuestionTexts>().notNull(),
    source: text('source').notNull(),
    /** Derived from `texts` (src/db/derived-columns.ts): the languages it is complete in. */
    completeIn: text('complete_in').array().notNull().generatedAlwaysAs(completeInExpression),
    /** Derived from `texts`: every language's titles, categories and aliases, for filters and search. */
    terms: jsonb('terms').$type<QuestionTerms>().notNull().generatedAlwaysAs(termsExpression),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('questions_scope_key').on(t.workspaceId, t.key).nullsNotDistinct()],
);

export const rounds = pgTable(
  'rounds',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    status: text('status').notNull(),
    postAt: timestamp('post_at', { withTimezone: true }).notNull(),
    revealAt: timestamp('reveal_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    /**
     * A claimed round may be (re)attempted by any process from this instant: the claimer's lease
     * runs until then, and a failed attempt pushes it out to the next retry.
     */
    attemptAfter: timestamp('attempt_after', { withTimezone: true }).notNull().defaultNow(),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    revealedAt: timestamp('revealed_at', { withTimezone: true }),
    messageRef: text('message_ref'),
    revealPostedAt: timestamp('reveal_posted_at', { withTimezone: true }),
    /** Same lease for sending the reveal message once the round is revealed. */
    revealAttemptAfter: timestamp('reveal_attempt_after', { withTimezone: true }),
    /** RevealedChanges; rounds revealed before it was bounded hold the whole list as an array. */
    streakChanges: jsonb('streak_changes')
      .$type<StreakChange[] | RevealedChanges>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Failed attempts to post the question; bounded by the retry policy. */
    postAttempts: integer('post_attempts').notNull().default(0),
    /** Failed attempts to send the reveal. */
    revealAttempts: integer('reveal_attempts').notNull().default(0),
    /** Parts of the reveal already on the platform (messages, then the announcement). */
    revealPartsSent: integer('reveal_parts_sent').notNull().default(0),
    revealGaveUpAt: timestamp('reveal_gave_up_at', { withTimezone: true }),
  },
  (t) => [
    // One daily round per channel per local date, whatever any process believes.
    uniqueIndex('rounds_one_daily_per_date').on(t.channelId, t.localDate).where(sql`${t.kind} = 'daily'`),
    index('rounds_channel_message').on(t.channelId, t.messageRef),
    index('rounds_status_reveal_at').on(t.status, t.revealAt),
    // The leaderboard's period: a channel's revealed rounds by date.
    index('rounds_revealed_by_date').on(t.channelId, t.localDate).where(sql`${t.status} = 'revealed'`),
  ],
);

export const answers = pgTable(
  'answers',
  {
    id: serial('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    userName: text('user_name').notNull(),
    messageRef: text('message_ref').notNull(),
    text: text('text').notNull(),
    status: text('status').notNull(),
    /**
     * Counted answers': which grader, which version, what it found. Made while the round is open
     * (an edit clears it), the rest at the reveal; shown only after the reveal.
     */
    grade: jsonb('grade').$type<AnswerGrade>(),
    /** The grade's coverage in [0, 1], kept by the database for the leaderboard's index. */
    score: doublePrecision('score').generatedAlwaysAs(sql`(grade ->> 'score')::double precision`),
    /**
     * The private feedback note: null not yet, then claimed (attempted once, never sent twice) or
     * failed; rows written by older versions say sending or sent.
     */
    noteState: text('note_state'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('answers_round_message').on(t.roundId, t.messageRef),
    index('answers_round_user').on(t.roundId, t.userId),
    // The leaderboard reads counted answers by round from this index alone (an index-only scan).
    index('answers_counted_by_round').on(t.roundId, t.userId, t.score).where(sql`${t.status} = 'counted'`),
    // A person's counted answers (their home's recent answers), without reading everyone's.
    index('answers_counted_by_user').on(t.userId).where(sql`${t.status} = 'counted'`),
    // The first answer per user counts, and two replies arriving at once cannot both count.
    uniqueIndex('answers_one_counted_per_user').on(t.roundId, t.userId).where(sql`${t.status} = 'counted'`),
  ],
);

export const streaks = pgTable(
  'streaks',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    userName: text('user_name').notNull(),
    current: integer('current').notNull().default(0),
    best: integer('best').notNull().default(0),
    /** Streak freezes held: a missed round uses one instead of resetting `current`. */
    freezes: smallint('freezes').notNull().default(0),
    /** Rounds answered since the last freeze was earned (or counted towards one). */
    freezeProgress: smallint('freeze_progress').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] })],
);

export const practiceCards = pgTable(
  'practice_cards',
  {
    id: serial('id').primaryKey(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    questionKey: text('question_key').notNull(),
    due: timestamp('due', { withTimezone: true }).notNull(),
    stability: doublePrecision('stability').notNull(),
    difficulty: doublePrecision('difficulty').notNull(),
    scheduledDays: integer('scheduled_days').notNull(),
    learningSteps: integer('learning_steps').notNull(),
    reps: integer('reps').notNull(),
    lapses: integer('lapses').notNull(),
    state: smallint('state').notNull(),
    lastReview: timestamp('last_review', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [unique('practice_cards_user_question').on(t.workspaceId, t.userId, t.questionKey)],
);

export const practiceReviews = pgTable('practice_reviews', {
  id: serial('id').primaryKey(),
  cardId: integer('card_id')
    .notNull()
    .references(() => practiceCards.id, { onDelete: 'cascade' }),
  grade: text('grade').notNull(),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
  due: timestamp('due', { withTimezone: true }).notNull(),
});

/** Uploaded banks waiting for the admin's confirmation after the preview. */
export const bankUploads = pgTable('bank_uploads', {
  id: serial('id').primaryKey(),
  workspaceId: integer('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  actorId: text('actor_id').notNull(),
  fileName: text('file_name').notNull(),
  content: text('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const auditLog = pgTable('audit_log', {
  id: serial('id').primaryKey(),
  workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'set null' }),
  actorId: text('actor_id').notNull(),
  action: text('action').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

/**
 * A channel the platform keeps refusing, from the first failure until it works again or is
 * resumed: at most one open per channel, so its admin is told once.
 */
export const channelIncidents = pgTable(
  'channel_incidents',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    problem: text('problem').notNull(),
    detail: text('detail').notNull().default(''),
    pauses: boolean('pauses').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** pending, dm, channel or unreachable. */
    notice: text('notice').notNull().default('pending'),
    noticeAt: timestamp('notice_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('channel_incidents_one_open').on(t.channelId).where(sql`${t.closedAt} is null`)],
);

/**
 * A round's deadline reminder: claimed once (the row's insert) by whichever process sends it, so
 * two replicas never post it twice; `sent_at` set once it is on the platform.
 */
export const roundReminders = pgTable('round_reminders', {
  roundId: integer('round_id')
    .primaryKey()
    .references(() => rounds.id, { onDelete: 'cascade' }),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
});

/** Private nudges before a deadline: at most one per person per local day in a workspace. */
export const nudges = pgTable(
  'nudges',
  {
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    roundId: integer('round_id').references(() => rounds.id, { onDelete: 'set null' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.localDate] })],
);

/** People who turned reminders off for themselves (`/sa-quiz remind off`), per workspace. */
export const reminderOptOuts = pgTable(
  'reminder_opt_outs',
  {
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** Weekly digests: one per channel and week (its Monday), claimed once, posted once. */
export const digests = pgTable(
  'digests',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.weekStart] })],
);

/** Votes for the best answer of a round: one per voter and answer (reactions, added and removed). */
export const answerVotes = pgTable(
  'answer_votes',
  {
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    voterId: text('voter_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.answerId, t.voterId] })],
);

// The service's own bookkeeping (no workspace data in it): event ids, the bundled bank's load.
export * from './schema-bookkeeping.js';
