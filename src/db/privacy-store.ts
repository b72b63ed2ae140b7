import { and, count, eq, inArray, ne, not, sql } from 'drizzle-orm';
import type { ForgetOutcome, PersonalData, PrivacyStore } from '../core/forget-me.js';
import { FORGET_AUDIT_ACTION } from '../core/forget-me.js';
import { FORGOTTEN_PREFIX } from '../core/forgotten.js';
import type { RevealedChanges, StreakChange } from '../core/types.js';
import type { Db } from './open-database.js';
import {
  answers,
  answerVotes,
  auditLog,
  bankUploads,
  channels,
  nudges,
  practiceCards,
  practiceReviews,
  reminderOptOuts,
  rounds,
  streaks,
} from './schema.js';

/**
 * `/sa-quiz forget-me` on drizzle (the rules are in src/core/forget-me.ts). Every statement is
 * bounded by the workspace: its channels, their rounds, and the tables keyed by workspace, so the
 * same user id in another workspace is never touched. Deletions and updates count what they did
 * with RETURNING, so two confirmations at once (PostgreSQL: the second waits on the first's row
 * locks, then finds nothing) report the truth, and the second reports nothing.
 */

function channelIds(db: Db, workspaceId: number) {
  return db.select({ id: channels.id }).from(channels).where(eq(channels.workspaceId, workspaceId));
}

function roundIds(db: Db, workspaceId: number, revealedOnly = false) {
  const inWorkspace = inArray(rounds.channelId, channelIds(db, workspaceId));
  return db
    .select({ id: rounds.id })
    .from(rounds)
    .where(revealedOnly ? and(inWorkspace, eq(rounds.status, 'revealed')) : inWorkspace);
}

/** The person's answers in the workspace. */
function theirAnswers(db: Db, workspaceId: number, userId: string) {
  return and(eq(answers.userId, userId), inArray(answers.roundId, roundIds(db, workspaceId)));
}

function theirAnswerIds(db: Db, workspaceId: number, userId: string) {
  return db
    .select({ id: answers.id })
    .from(answers)
    .where(theirAnswers(db, workspaceId, userId));
}

function workspaceAnswerIds(db: Db, workspaceId: number) {
  return db
    .select({ id: answers.id })
    .from(answers)
    .where(inArray(answers.roundId, roundIds(db, workspaceId)));
}

function theirCardIds(db: Db, workspaceId: number, userId: string) {
  return db
    .select({ id: practiceCards.id })
    .from(practiceCards)
    .where(and(eq(practiceCards.workspaceId, workspaceId), eq(practiceCards.userId, userId)));
}

/** The audit entries naming them as the actor, their own deletions excepted. */
function theirAuditEntries(workspaceId: number, userId: string) {
  return and(
    eq(auditLog.workspaceId, workspaceId),
    eq(auditLog.actorId, userId),
    ne(auditLog.action, FORGET_AUDIT_ACTION),
  );
}

function theirSubscriptions(workspaceId: number, userId: string) {
  return and(eq(channels.workspaceId, workspaceId), eq(channels.subscribedBy, userId));
}

/** A count query's single number. */
async function counted(query: Promise<{ n: number }[]>): Promise<number> {
  const [row] = await query;
  return Number(row?.n ?? 0);
}

/**
 * Recorded streak changes with the person's entries naming "(deleted user)" instead, in the
 * shape they were stored in; null when none named them.
 */
export function scrubStreakChanges(
  stored: StreakChange[] | RevealedChanges,
  userId: string,
): StreakChange[] | RevealedChanges | null {
  const list = Array.isArray(stored) ? stored : stored.listed;
  if (!list.some((c) => c.userId === userId)) return null;
  const scrubbed = list.map((c) =>
    c.userId === userId ? { ...c, userId: FORGOTTEN_PREFIX, userName: '' } : c,
  );
  return Array.isArray(stored) ? scrubbed : { ...stored, listed: scrubbed };
}

async function forget(db: Db, workspaceId: number, userId: string): Promise<ForgetOutcome> {
  // Votes first: the answers they hang on are changed or deleted next.
  const votesReceived = await db
    .delete(answerVotes)
    .where(inArray(answerVotes.answerId, theirAnswerIds(db, workspaceId, userId)))
    .returning({ answerId: answerVotes.answerId });
  const votesCast = await db
    .delete(answerVotes)
    .where(
      and(
        eq(answerVotes.voterId, userId),
        inArray(answerVotes.answerId, workspaceAnswerIds(db, workspaceId)),
      ),
    )
    .returning({ answerId: answerVotes.answerId });

  // Answers that count in a revealed round stay (the history's counts) under a stand-in each;
  // the rest go. A round not revealed yet loses the answer before its reveal reads it.
  const deleted = await db
    .delete(answers)
    .where(
      and(
        theirAnswers(db, workspaceId, userId),
        not(and(eq(answers.status, 'counted'), inArray(answers.roundId, roundIds(db, workspaceId, true)))!),
      ),
    )
    .returning({ id: answers.id });
  const standIn = sql`concat(${`${FORGOTTEN_PREFIX}a`}::text, ${answers.id})`;
  const anonymised = await db
    .update(answers)
    .set({
      userId: standIn,
      userName: '',
      text: '',
      grade: null,
      messageRef: standIn,
      // No private note is ever sent to a stand-in.
      noteState: sql`coalesce(${answers.noteState}, 'failed')`,
      updatedAt: sql`now()`,
    })
    .where(theirAnswers(db, workspaceId, userId))
    .returning({ id: answers.id });

  // The reveals' recorded streak changes: a cheap text filter, then the exact rewrite.
  const named = await db
    .select({ id: rounds.id, changes: rounds.streakChanges })
    .from(rounds)
    .where(
      and(
        inArray(rounds.channelId, channelIds(db, workspaceId)),
        sql`strpos(${rounds.streakChanges}::text, ${JSON.stringify(userId)}) > 0`,
      ),
    )
    .for('update');
  let roundsScrubbed = 0;
  for (const round of named) {
    const scrubbed = scrubStreakChanges(round.changes, userId);
    if (!scrubbed) continue;
    await db.update(rounds).set({ streakChanges: scrubbed }).where(eq(rounds.id, round.id));
    roundsScrubbed++;
  }

  const streakRows = await db
    .delete(streaks)
    .where(and(inArray(streaks.channelId, channelIds(db, workspaceId)), eq(streaks.userId, userId)))
    .returning({ best: streaks.best, freezes: streaks.freezes });
  const reviews = await db
    .delete(practiceReviews)
    .where(inArray(practiceReviews.cardId, theirCardIds(db, workspaceId, userId)))
    .returning({ id: practiceReviews.id });
  const cards = await db
    .delete(practiceCards)
    .where(and(eq(practiceCards.workspaceId, workspaceId), eq(practiceCards.userId, userId)))
    .returning({ id: practiceCards.id });
  const nudged = await db
    .delete(nudges)
    .where(and(eq(nudges.workspaceId, workspaceId), eq(nudges.userId, userId)))
    .returning({ localDate: nudges.localDate });
  const optOut = await db
    .delete(reminderOptOuts)
    .where(and(eq(reminderOptOuts.workspaceId, workspaceId), eq(reminderOptOuts.userId, userId)))
    .returning({ userId: reminderOptOuts.userId });
  const uploads = await db
    .delete(bankUploads)
    .where(and(eq(bankUploads.workspaceId, workspaceId), eq(bankUploads.actorId, userId)))
    .returning({ id: bankUploads.id });
  const subscriptions = await db
    .update(channels)
    .set({ subscribedBy: null })
    .where(theirSubscriptions(workspaceId, userId))
    .returning({ id: channels.id });
  const audited = await db
    .update(auditLog)
    .set({ actorId: FORGOTTEN_PREFIX })
    .where(theirAuditEntries(workspaceId, userId))
    .returning({ id: auditLog.id });

  return {
    answers: deleted.length + anonymised.length,
    answersAnonymised: anonymised.length,
    answersDeleted: deleted.length,
    votesCast: votesCast.length,
    votesReceived: votesReceived.length,
    cards: cards.length,
    reviews: reviews.length,
    streakChannels: streakRows.length,
    bestStreak: Math.max(0, ...streakRows.map((s) => s.best)),
    freezes: streakRows.reduce((sum, s) => sum + s.freezes, 0),
    nudges: nudged.length,
    optedOut: optOut.length > 0,
    uploads: uploads.length,
    adminRecords: subscriptions.length + audited.length,
    roundsScrubbed,
  };
}

export function privacyStore(db: Db): PrivacyStore {
  return {
    async personalData(workspaceId, userId): Promise<PersonalData> {
      const answerCount = await counted(
        db
          .select({ n: count() })
          .from(answers)
          .where(theirAnswers(db, workspaceId, userId)),
      );
      const votesCast = await counted(
        db
          .select({ n: count() })
          .from(answerVotes)
          .where(
            and(
              eq(answerVotes.voterId, userId),
              inArray(answerVotes.answerId, workspaceAnswerIds(db, workspaceId)),
            ),
          ),
      );
      const votesReceived = await counted(
        db
          .select({ n: count() })
          .from(answerVotes)
          .where(inArray(answerVotes.answerId, theirAnswerIds(db, workspaceId, userId))),
      );
      const cards = await counted(
        db
          .select({ n: count() })
          .from(practiceCards)
          .where(and(eq(practiceCards.workspaceId, workspaceId), eq(practiceCards.userId, userId))),
      );
      const reviews = await counted(
        db
          .select({ n: count() })
          .from(practiceReviews)
          .where(inArray(practiceReviews.cardId, theirCardIds(db, workspaceId, userId))),
      );
      const [streak] = await db
        .select({
          n: count(),
          best: sql<number>`coalesce(max(${streaks.best}), 0)::int`,
          freezes: sql<number>`coalesce(sum(${streaks.freezes}), 0)::int`,
        })
        .from(streaks)
        .where(and(inArray(streaks.channelId, channelIds(db, workspaceId)), eq(streaks.userId, userId)));
      const nudgeCount = await counted(
        db
          .select({ n: count() })
          .from(nudges)
          .where(and(eq(nudges.workspaceId, workspaceId), eq(nudges.userId, userId))),
      );
      const optedOut = await counted(
        db
          .select({ n: count() })
          .from(reminderOptOuts)
          .where(and(eq(reminderOptOuts.workspaceId, workspaceId), eq(reminderOptOuts.userId, userId))),
      );
      const uploads = await counted(
        db
          .select({ n: count() })
          .from(bankUploads)
          .where(and(eq(bankUploads.workspaceId, workspaceId), eq(bankUploads.actorId, userId))),
      );
      const subscribed = await counted(
        db.select({ n: count() }).from(channels).where(theirSubscriptions(workspaceId, userId)),
      );
      const audited = await counted(
        db.select({ n: count() }).from(auditLog).where(theirAuditEntries(workspaceId, userId)),
      );
      return {
        answers: answerCount,
        votesCast,
        votesReceived,
        cards,
        reviews,
        streakChannels: Number(streak?.n ?? 0),
        bestStreak: Number(streak?.best ?? 0),
        freezes: Number(streak?.freezes ?? 0),
        nudges: nudgeCount,
        optedOut: optedOut > 0,
        uploads,
        adminRecords: subscribed + audited,
      };
    },

    forgetPerson(workspaceId, userId) {
      // One transaction (a savepoint inside the caller's, which adds the audit entry).
      return db.transaction((tx) => forget(tx as unknown as Db, workspaceId, userId));
    },
  };
}
