import type { FailureKind, Problem } from '../core/failures.js';
import type { Incident, NoticeDelivery } from '../core/incidents.js';
import type { PracticeCard } from '../core/practice.js';
import {
  type Answer,
  type AnswerStatus,
  type Channel,
  isLocale,
  type Platform,
  type Question,
  type Round,
  type RoundKind,
  type RoundStatus,
  type StreakChange,
  type Workspace,
} from '../core/types.js';
import type * as schema from './schema.js';

/** Row ↔ domain mapping, in one place. */

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export function toWorkspace(row: Row<typeof schema.workspaces>): Workspace {
  return {
    id: row.id,
    platform: row.platform as Platform,
    externalId: row.externalId,
    name: row.name,
    channelManagers: row.channelManagers,
  };
}

export function toChannel(
  row: Row<typeof schema.channels>,
  workspace: Row<typeof schema.workspaces>,
): Channel {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    platform: workspace.platform as Platform,
    workspaceExternalId: workspace.externalId,
    workspaceName: workspace.name,
    externalId: row.externalId,
    name: row.name,
    subscribed: row.subscribed,
    paused: row.paused,
    pausedReason: row.paused ? (row.pausedReason === 'broken' ? 'broken' : 'admin') : null,
    schedule: { postTime: row.postTime, revealTime: row.revealTime, days: row.days, timezone: row.timezone },
    locale: isLocale(row.locale) ? row.locale : 'ko',
    localeSet: row.localeSet,
    categoryFilter: row.categoryFilter,
    subscribedBy: row.subscribedBy,
    privateAnswers: row.privateAnswers,
    holidays: row.holidays,
    offDays: row.offDays,
    reminderHours: row.reminderHours,
    digestDay: row.digestDay,
    voteEmoji: row.voteEmoji,
    notifyRole: row.notifyRole,
  };
}

export function toQuestion(row: Row<typeof schema.questions>): Question {
  return { id: row.id, workspaceId: row.workspaceId, key: row.key, texts: row.texts, source: row.source };
}

function revealedChanges(stored: Row<typeof schema.rounds>['streakChanges']): {
  streakChanges: readonly StreakChange[];
  unlistedStreakChanges: number;
} {
  if (Array.isArray(stored)) return { streakChanges: stored, unlistedStreakChanges: 0 };
  return { streakChanges: stored.listed, unlistedStreakChanges: stored.more };
}

export function toRound(row: Row<typeof schema.rounds>): Round {
  return {
    id: row.id,
    channelId: row.channelId,
    kind: row.kind as RoundKind,
    localDate: row.localDate,
    questionId: row.questionId,
    status: row.status as RoundStatus,
    postAt: row.postAt,
    revealAt: row.revealAt,
    claimedAt: row.claimedAt,
    postedAt: row.postedAt,
    revealedAt: row.revealedAt,
    messageRef: row.messageRef,
    revealPostedAt: row.revealPostedAt,
    ...revealedChanges(row.streakChanges),
    postAttempts: row.postAttempts,
    revealAttempts: row.revealAttempts,
    revealPartsSent: row.revealPartsSent,
    revealGaveUpAt: row.revealGaveUpAt,
  };
}

export function toIncident(row: Row<typeof schema.channelIncidents>): Incident {
  return {
    id: row.id,
    channelId: row.channelId,
    kind: row.kind as FailureKind,
    problem: row.problem as Problem,
    detail: row.detail,
    pauses: row.pauses,
    openedAt: row.openedAt,
    notice: row.notice as NoticeDelivery,
    noticeAt: row.noticeAt,
  };
}

export function toAnswer(row: Row<typeof schema.answers>): Answer {
  return {
    id: row.id,
    roundId: row.roundId,
    userId: row.userId,
    userName: row.userName,
    messageRef: row.messageRef,
    text: row.text,
    status: row.status as AnswerStatus,
    grade: row.grade ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toPracticeCard(row: Row<typeof schema.practiceCards>): PracticeCard {
  return {
    questionKey: row.questionKey,
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    lastReview: row.lastReview,
  };
}
