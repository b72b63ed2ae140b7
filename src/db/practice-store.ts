import { and, count, eq, getTableColumns, lte, notExists, type SQL, sql } from 'drizzle-orm';
import type { PracticeStore } from '../core/ports.js';
import type { PracticeCard, PracticeQueue } from '../core/practice.js';
import type { Locale, Question } from '../core/types.js';
import { bankOrder, completeIn, globalTwin, seenBy, twinOf } from './effective-bank.js';
import { jsonRecords } from './json-row.js';
import { toPracticeCard, toQuestion } from './mapping.js';
import type { Db } from './open-database.js';
import { practiceCards, practiceReviews, questions } from './schema.js';

/** A question the workspace sees, complete in `locale`, that the user has no card for. */
function unseenCandidate(db: Db, workspaceId: number, userId: string, locale: Locale): SQL {
  const card = db
    .select({ one: sql`1` })
    .from(practiceCards)
    .where(
      and(
        eq(practiceCards.workspaceId, workspaceId),
        eq(practiceCards.userId, userId),
        eq(practiceCards.questionKey, questions.key),
      ),
    );
  return and(seenBy(db, workspaceId), completeIn(locale), notExists(card))!;
}

/** A card's scheduling state as its row's columns. */
function cardColumns(card: PracticeCard, at: Date) {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduledDays,
    learningSteps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.lastReview,
    updatedAt: at,
  };
}

export function practiceStore(db: Db): PracticeStore {
  return {
    async listPracticeCards(workspaceId: number, userId: string): Promise<PracticeCard[]> {
      const rows = await db
        .select()
        .from(practiceCards)
        .where(and(eq(practiceCards.workspaceId, workspaceId), eq(practiceCards.userId, userId)))
        .orderBy(practiceCards.due, practiceCards.id);
      return rows.map(toPracticeCard);
    },

    async findPracticeCard(
      workspaceId: number,
      userId: string,
      questionKey: string,
    ): Promise<PracticeCard | null> {
      const [row] = await db
        .select()
        .from(practiceCards)
        .where(
          and(
            eq(practiceCards.workspaceId, workspaceId),
            eq(practiceCards.userId, userId),
            eq(practiceCards.questionKey, questionKey),
          ),
        );
      return row ? toPracticeCard(row) : null;
    },

    async practiceQueue(
      workspaceId: number,
      userId: string,
      locale: Locale,
      now: Date,
    ): Promise<PracticeQueue> {
      // The user's cards whose question is a candidate: joined on key to the row the workspace sees.
      const candidateCards = and(
        eq(practiceCards.workspaceId, workspaceId),
        eq(practiceCards.userId, userId),
        completeIn(locale),
      );
      const seen = and(eq(questions.key, practiceCards.questionKey), seenBy(db, workspaceId));
      const [[first], [due], [unseen]] = await Promise.all([
        db
          .select(getTableColumns(practiceCards))
          .from(practiceCards)
          .innerJoin(questions, seen)
          .where(candidateCards)
          .orderBy(practiceCards.due, practiceCards.id)
          .limit(1),
        db
          .select({ count: count() })
          .from(practiceCards)
          .innerJoin(questions, seen)
          .where(and(candidateCards, lte(practiceCards.due, now))),
        db
          .select({ count: count() })
          .from(questions)
          .where(unseenCandidate(db, workspaceId, userId, locale)),
      ]);
      return {
        first: first ? toPracticeCard(first) : null,
        dueCount: due?.count ?? 0,
        unseen: unseen?.count ?? 0,
      };
    },

    async unseenPracticeQuestion(
      workspaceId: number,
      userId: string,
      locale: Locale,
      index: number,
    ): Promise<Question | null> {
      // Ordered by id alone (a narrow sort), then the one row read whole.
      const chosen = db
        .select({ id: questions.id })
        .from(questions)
        .leftJoin(globalTwin, twinOf)
        .where(unseenCandidate(db, workspaceId, userId, locale))
        .orderBy(...bankOrder)
        .offset(index)
        .limit(1);
      const [row] = await db.select().from(questions).where(eq(questions.id, chosen));
      return row ? toQuestion(row) : null;
    },

    async bringBackCards(
      workspaceId: number,
      cards: readonly { userId: string; card: PracticeCard }[],
      at: Date,
    ): Promise<void> {
      if (cards.length === 0) return;
      // One statement for every card of a reveal, sent as one JSON parameter.
      const rows = cards.map(({ userId, card }) => ({
        user_id: userId,
        question_key: card.questionKey,
        due: card.due.toISOString(),
        stability: card.stability,
        difficulty: card.difficulty,
        scheduled_days: card.scheduledDays,
        learning_steps: card.learningSteps,
        reps: card.reps,
        lapses: card.lapses,
        state: card.state,
        last_review: card.lastReview?.toISOString() ?? null,
      }));
      await db.execute(sql`
        insert into practice_cards (workspace_id, user_id, question_key, due, stability, difficulty,
          scheduled_days, learning_steps, reps, lapses, state, last_review, updated_at)
        select ${workspaceId}, x.user_id, x.question_key, x.due, x.stability, x.difficulty, x.scheduled_days,
          x.learning_steps, x.reps, x.lapses, x.state, x.last_review, ${at.toISOString()}::timestamptz
        from ${jsonRecords(
          rows,
          'user_id text, question_key text, due timestamptz, stability float8, difficulty float8, scheduled_days int, learning_steps int, reps int, lapses int, state smallint, last_review timestamptz',
        )}
        on conflict (workspace_id, user_id, question_key) do update
          set due = least(practice_cards.due, excluded.due), updated_at = excluded.updated_at`);
    },

    async savePracticeCard(
      workspaceId: number,
      userId: string,
      card: PracticeCard,
      grade: string,
      at: Date,
    ): Promise<void> {
      const values = cardColumns(card, at);
      const [row] = await db
        .insert(practiceCards)
        .values({ workspaceId, userId, questionKey: card.questionKey, ...values })
        .onConflictDoUpdate({
          target: [practiceCards.workspaceId, practiceCards.userId, practiceCards.questionKey],
          set: values,
        })
        .returning({ id: practiceCards.id });
      if (row)
        await db.insert(practiceReviews).values({ cardId: row.id, grade, reviewedAt: at, due: card.due });
    },
  };
}
