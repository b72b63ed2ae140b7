import { and, eq } from 'drizzle-orm';
import type { PracticeStore } from '../core/ports.js';
import type { PracticeCard } from '../core/practice.js';
import { toPracticeCard } from './mapping.js';
import type { Db } from './open-database.js';
import { practiceCards, practiceReviews } from './schema.js';

export function practiceStore(db: Db): PracticeStore {
  return {
    async listPracticeCards(workspaceId: number, userId: string): Promise<PracticeCard[]> {
      const rows = await db
        .select()
        .from(practiceCards)
        .where(and(eq(practiceCards.workspaceId, workspaceId), eq(practiceCards.userId, userId)))
        .orderBy(practiceCards.due);
      return rows.map(toPracticeCard);
    },

    async savePracticeCard(
      workspaceId: number,
      userId: string,
      card: PracticeCard,
      grade: string,
      at: Date,
    ): Promise<void> {
      const values = {
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
