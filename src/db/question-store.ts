import { eq, isNull, sql } from 'drizzle-orm';
import type { BankQuestion } from '../core/bank/types.js';
import type { QuestionStore } from '../core/ports.js';
import type { Question } from '../core/types.js';
import { toQuestion } from './mapping.js';
import type { Db } from './open-database.js';
import { questions } from './schema.js';

export function questionStore(db: Db): QuestionStore {
  return {
    async listQuestions(workspaceId: number | null): Promise<Question[]> {
      const rows = await db
        .select()
        .from(questions)
        .where(workspaceId === null ? isNull(questions.workspaceId) : eq(questions.workspaceId, workspaceId))
        .orderBy(questions.id);
      return rows.map(toQuestion);
    },

    async getQuestion(id: number): Promise<Question | null> {
      const [row] = await db.select().from(questions).where(eq(questions.id, id));
      return row ? toQuestion(row) : null;
    },

    async saveQuestions(
      workspaceId: number | null,
      list: readonly BankQuestion[],
      source: string,
    ): Promise<void> {
      for (const q of list) {
        await db
          .insert(questions)
          .values({ workspaceId, key: q.key, texts: q.texts, source })
          .onConflictDoUpdate({
            target: [questions.workspaceId, questions.key],
            set: { texts: q.texts, source, updatedAt: sql`now()` },
          });
      }
    },
  };
}
