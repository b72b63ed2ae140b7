import { and, asc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Platform } from '../core/types.js';
import type { ExpiredWorkspace, PurgeCounts, RetentionStore, WorkspaceExport } from '../core/uninstall.js';
import type { Db } from './open-database.js';
import {
  answers,
  answerVotes,
  auditLog,
  bankUploads,
  channelIncidents,
  channels,
  digests,
  nudges,
  practiceCards,
  practiceReviews,
  questions,
  reminderOptOuts,
  roundReminders,
  rounds,
  slackInstallations,
  streaks,
  workspaces,
} from './schema.js';

/**
 * Uninstalled workspaces on drizzle (the rules are in src/core/uninstall.ts).
 *
 * A purge deletes, in one transaction, every table's rows of the workspace: those keyed by it
 * (channels, questions, practice cards, uploads, nudges, reminder opt-outs, audit log), by its
 * channels (rounds, streaks, incidents, digests), by their rounds (answers, round reminders), by
 * their answers (votes) and by its cards (reviews); its Slack installation (`team:<id>`, not an
 * Enterprise Grid org install, which covers other workspaces too); then the workspace row. Each
 * delete is explicit (the counts, and no reliance on each foreign key's cascade). Only
 * `processed_events` is left: it holds platform event ids with no workspace, forgotten after a week.
 *
 * Two replicas: the workspace row is locked FOR UPDATE SKIP LOCKED and re-checked (still
 * uninstalled before the cutoff) first, so a second purge at once skips it and a later one finds
 * no row; a reinstall at once waits for the purge's commit. Its channel rows are locked next, so
 * an insert referencing the workspace or one of its channels (a late event, a round) waits for
 * the commit, then fails on the foreign key: nothing is left behind.
 */

function channelIds(db: Db, workspaceId: number) {
  return db.select({ id: channels.id }).from(channels).where(eq(channels.workspaceId, workspaceId));
}

function roundIds(db: Db, workspaceId: number) {
  return db
    .select({ id: rounds.id })
    .from(rounds)
    .where(inArray(rounds.channelId, channelIds(db, workspaceId)));
}

function answerIds(db: Db, workspaceId: number) {
  return db
    .select({ id: answers.id })
    .from(answers)
    .where(inArray(answers.roundId, roundIds(db, workspaceId)));
}

function cardIds(db: Db, workspaceId: number) {
  return db
    .select({ id: practiceCards.id })
    .from(practiceCards)
    .where(eq(practiceCards.workspaceId, workspaceId));
}

async function purge(db: Db, workspaceId: number, cutoff: Date): Promise<PurgeCounts | null> {
  const [workspace] = await db
    .select({
      id: workspaces.id,
      platform: workspaces.platform,
      externalId: workspaces.externalId,
    })
    .from(workspaces)
    .where(and(eq(workspaces.id, workspaceId), lte(workspaces.uninstalledAt, cutoff)))
    .for('update', { skipLocked: true });
  if (!workspace) return null;
  const id = workspace.id;
  // Its own installation rows as they are now, locked: a reinstall storing over one of them
  // waits for this purge and then stores anew; one stored meanwhile under no row held here (the
  // uninstall deleted the old one) is a new installation and is not deleted below.
  const heldInstallations =
    workspace.platform === 'slack'
      ? (
          await db
            .select({ key: slackInstallations.installKey })
            .from(slackInstallations)
            .where(
              and(
                eq(slackInstallations.teamId, workspace.externalId),
                eq(slackInstallations.isEnterpriseInstall, false),
              ),
            )
            .for('update')
        ).map((row) => row.key)
      : [];
  // Its channels too: a round, streak or digest being written for one waits, then fails.
  await db.select({ id: channels.id }).from(channels).where(eq(channels.workspaceId, id)).for('update');

  // Leaves first, so no delete leans on a cascade.
  const votes = await db
    .delete(answerVotes)
    .where(inArray(answerVotes.answerId, answerIds(db, id)))
    .returning({ id: answerVotes.answerId });
  const reminders = await db
    .delete(roundReminders)
    .where(inArray(roundReminders.roundId, roundIds(db, id)))
    .returning({ id: roundReminders.roundId });
  const nudged = await db
    .delete(nudges)
    .where(eq(nudges.workspaceId, id))
    .returning({ id: nudges.workspaceId });
  const answerRows = await db
    .delete(answers)
    .where(inArray(answers.roundId, roundIds(db, id)))
    .returning({ id: answers.id });
  const roundRows = await db
    .delete(rounds)
    .where(inArray(rounds.channelId, channelIds(db, id)))
    .returning({ id: rounds.id });
  const streakRows = await db
    .delete(streaks)
    .where(inArray(streaks.channelId, channelIds(db, id)))
    .returning({ id: streaks.channelId });
  const incidents = await db
    .delete(channelIncidents)
    .where(inArray(channelIncidents.channelId, channelIds(db, id)))
    .returning({ id: channelIncidents.id });
  const digestRows = await db
    .delete(digests)
    .where(inArray(digests.channelId, channelIds(db, id)))
    .returning({ id: digests.channelId });
  const reviews = await db
    .delete(practiceReviews)
    .where(inArray(practiceReviews.cardId, cardIds(db, id)))
    .returning({ id: practiceReviews.id });
  const cards = await db
    .delete(practiceCards)
    .where(eq(practiceCards.workspaceId, id))
    .returning({ id: practiceCards.id });
  const uploads = await db
    .delete(bankUploads)
    .where(eq(bankUploads.workspaceId, id))
    .returning({ id: bankUploads.id });
  const optOuts = await db
    .delete(reminderOptOuts)
    .where(eq(reminderOptOuts.workspaceId, id))
    .returning({ id: reminderOptOuts.workspaceId });
  // After the rounds: a round references its question without a cascade.
  const questionRows = await db
    .delete(questions)
    .where(eq(questions.workspaceId, id))
    .returning({ id: questions.id });
  const audit = await db.delete(auditLog).where(eq(auditLog.workspaceId, id)).returning({ id: auditLog.id });
  const channelRows = await db
    .delete(channels)
    .where(eq(channels.workspaceId, id))
    .returning({ id: channels.id });
  const installations =
    heldInstallations.length > 0
      ? await db
          .delete(slackInstallations)
          .where(inArray(slackInstallations.installKey, heldInstallations))
          .returning({ id: slackInstallations.installKey })
      : [];
  await db.delete(workspaces).where(eq(workspaces.id, id));

  return {
    channels: channelRows.length,
    rounds: roundRows.length,
    answers: answerRows.length,
    votes: votes.length,
    streaks: streakRows.length,
    questions: questionRows.length,
    practiceCards: cards.length,
    practiceReviews: reviews.length,
    uploads: uploads.length,
    nudges: nudged.length,
    reminderOptOuts: optOuts.length,
    roundReminders: reminders.length,
    digests: digestRows.length,
    incidents: incidents.length,
    auditLog: audit.length,
    slackInstallations: installations.length,
  };
}

async function exportOf(
  db: Db,
  platform: Platform,
  externalId: string,
  exportedAt: Date,
): Promise<WorkspaceExport | null> {
  const [workspace] = await db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.platform, platform), eq(workspaces.externalId, externalId)));
  if (!workspace) return null;
  const id = workspace.id;

  const channelRows = await db
    .select()
    .from(channels)
    .where(eq(channels.workspaceId, id))
    .orderBy(asc(channels.id));
  const streakRows = await db
    .select()
    .from(streaks)
    .where(inArray(streaks.channelId, channelIds(db, id)))
    .orderBy(asc(streaks.channelId), asc(streaks.userId));
  const incidentRows = await db
    .select()
    .from(channelIncidents)
    .where(inArray(channelIncidents.channelId, channelIds(db, id)))
    .orderBy(asc(channelIncidents.id));
  const digestRows = await db
    .select()
    .from(digests)
    .where(inArray(digests.channelId, channelIds(db, id)))
    .orderBy(asc(digests.channelId), asc(digests.weekStart));

  const questionRows = await db
    .select({
      id: questions.id,
      key: questions.key,
      texts: questions.texts,
      source: questions.source,
      createdAt: questions.createdAt,
      updatedAt: questions.updatedAt,
    })
    .from(questions)
    .where(eq(questions.workspaceId, id))
    .orderBy(asc(questions.id));

  const roundRows = await db
    .select({ round: rounds, channelExternalId: channels.externalId, questionKey: questions.key })
    .from(rounds)
    .innerJoin(channels, eq(channels.id, rounds.channelId))
    .innerJoin(questions, eq(questions.id, rounds.questionId))
    .where(eq(channels.workspaceId, id))
    .orderBy(asc(rounds.id));
  const answerRows = await db
    .select()
    .from(answers)
    .where(inArray(answers.roundId, roundIds(db, id)))
    .orderBy(asc(answers.id));
  const voteRows = await db
    .select()
    .from(answerVotes)
    .where(inArray(answerVotes.answerId, answerIds(db, id)))
    .orderBy(asc(answerVotes.answerId), asc(answerVotes.voterId));
  const reminderRows = await db
    .select()
    .from(roundReminders)
    .where(inArray(roundReminders.roundId, roundIds(db, id)));

  const cardRows = await db
    .select()
    .from(practiceCards)
    .where(eq(practiceCards.workspaceId, id))
    .orderBy(asc(practiceCards.id));
  const reviewRows = await db
    .select()
    .from(practiceReviews)
    .where(inArray(practiceReviews.cardId, cardIds(db, id)))
    .orderBy(asc(practiceReviews.id));

  const uploadRows = await db
    .select()
    .from(bankUploads)
    .where(eq(bankUploads.workspaceId, id))
    .orderBy(asc(bankUploads.id));
  const nudgeRows = await db
    .select()
    .from(nudges)
    .where(eq(nudges.workspaceId, id))
    .orderBy(asc(nudges.localDate), asc(nudges.userId));
  const optOutRows = await db
    .select()
    .from(reminderOptOuts)
    .where(eq(reminderOptOuts.workspaceId, id))
    .orderBy(asc(reminderOptOuts.userId));
  const auditRows = await db
    .select()
    .from(auditLog)
    .where(eq(auditLog.workspaceId, id))
    .orderBy(asc(auditLog.id));

  const grouped = <R, K>(list: readonly R[], key: (r: R) => K): Map<K, R[]> => {
    const map = new Map<K, R[]>();
    for (const r of list) {
      const group = map.get(key(r));
      if (group) group.push(r);
      else map.set(key(r), [r]);
    }
    return map;
  };
  const streaksOf = grouped(streakRows, (s) => s.channelId);
  const incidentsOf = grouped(incidentRows, (i) => i.channelId);
  const digestsOf = grouped(digestRows, (d) => d.channelId);
  const votesOf = grouped(voteRows, (v) => v.answerId);
  const answersOf = grouped(answerRows, (a) => a.roundId);
  const reminderOf = new Map(reminderRows.map((r) => [r.roundId, r]));
  const reviewsOf = grouped(reviewRows, (r) => r.cardId);

  return {
    format: 'sa-quiz.workspace-export',
    version: 1,
    exportedAt: exportedAt.toISOString(),
    workspace,
    channels: channelRows.map((c) => ({
      ...c,
      streaks: streaksOf.get(c.id) ?? [],
      incidents: incidentsOf.get(c.id) ?? [],
      digests: digestsOf.get(c.id) ?? [],
    })),
    questions: questionRows,
    rounds: roundRows.map(({ round, channelExternalId, questionKey }) => ({
      ...round,
      channelExternalId,
      questionKey,
      reminder: reminderOf.get(round.id) ?? null,
      // A round not revealed yet: who answered, not what (an admin exporting must not read the
      // answers before the reveal).
      answers: (answersOf.get(round.id) ?? []).map((a) => ({
        ...a,
        ...(round.status === 'revealed' ? {} : { text: '', grade: null }),
        votes: (votesOf.get(a.id) ?? []).map((v) => ({ voterId: v.voterId, createdAt: v.createdAt })),
      })),
    })),
    practiceCards: cardRows.map((c) => ({ ...c, reviews: reviewsOf.get(c.id) ?? [] })),
    uploads: uploadRows,
    nudges: nudgeRows,
    reminderOptOuts: optOutRows,
    auditLog: auditRows,
  };
}

export function retentionStore(db: Db): RetentionStore {
  return {
    async markWorkspaceUninstalled(platform: Platform, externalId: string, at: Date): Promise<boolean> {
      const changed = await db
        .update(workspaces)
        .set({ uninstalledAt: at })
        .where(
          and(
            eq(workspaces.platform, platform),
            eq(workspaces.externalId, externalId),
            isNull(workspaces.uninstalledAt),
          ),
        )
        .returning({ id: workspaces.id });
      return changed.length > 0;
    },

    async markWorkspaceInstalled(platform: Platform, externalId: string): Promise<boolean> {
      const changed = await db
        .update(workspaces)
        .set({ uninstalledAt: null })
        .where(
          and(
            eq(workspaces.platform, platform),
            eq(workspaces.externalId, externalId),
            isNotNull(workspaces.uninstalledAt),
          ),
        )
        .returning({ id: workspaces.id });
      return changed.length > 0;
    },

    async listExpiredWorkspaces(cutoff: Date): Promise<ExpiredWorkspace[]> {
      const rows = await db
        .select({ id: workspaces.id, platform: workspaces.platform })
        .from(workspaces)
        .where(lte(workspaces.uninstalledAt, cutoff))
        .orderBy(asc(workspaces.id));
      return rows.map((r) => ({ id: r.id, platform: r.platform as Platform }));
    },

    purgeWorkspace(workspaceId: number, cutoff: Date): Promise<PurgeCounts | null> {
      return db.transaction((tx) => purge(tx as unknown as Db, workspaceId, cutoff));
    },

    exportWorkspace(
      platform: Platform,
      externalId: string,
      exportedAt: Date,
    ): Promise<WorkspaceExport | null> {
      // One snapshot, so the rounds, answers and votes agree with each other while the bot runs.
      return db.transaction((tx) => exportOf(tx as unknown as Db, platform, externalId, exportedAt), {
        isolationLevel: 'repeatable read',
        accessMode: 'read only',
      });
    },
  };
}
