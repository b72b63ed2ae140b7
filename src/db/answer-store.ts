import { and, eq, sql } from 'drizzle-orm';
import type { AnswerStore, NewAnswer } from '../core/ports.js';
import type { Answer, AnswerStatus } from '../core/types.js';
import { toAnswer } from './mapping.js';
import type { Db } from './open-database.js';
import { answers } from './schema.js';

export function answerStore(db: Db): AnswerStore {
  return {
    async insertAnswer(answer: NewAnswer): Promise<Answer | null> {
      const [row] = await db
        .insert(answers)
        .values({
          roundId: answer.roundId,
          userId: answer.userId,
          userName: answer.userName,
          messageRef: answer.messageRef,
          text: answer.text,
          status: answer.status,
          createdAt: answer.at,
          updatedAt: answer.at,
        })
        .onConflictDoNothing()
        .returning();
      return row ? toAnswer(row) : null;
    },

    async findAnswer(roundId: number, messageRef: string): Promise<Answer | null> {
      const [row] = await db
        .select()
        .from(answers)
        .where(and(eq(answers.roundId, roundId), eq(answers.messageRef, messageRef)));
      return row ? toAnswer(row) : null;
    },

    async countedAnswerOf(roundId: number, userId: string): Promise<Answer | null> {
      const [row] = await db
        .select()
        .from(answers)
        .where(and(eq(answers.roundId, roundId), eq(answers.userId, userId), eq(answers.status, 'counted')));
      return row ? toAnswer(row) : null;
    },

    async listAnswers(roundId: number): Promise<Answer[]> {
      const rows = await db
        .select()
        .from(answers)
        .where(eq(answers.roundId, roundId))
        .orderBy(answers.createdAt, answers.id);
      return rows.map(toAnswer);
    },

    async updateAnswer(id: number, patch: { text?: string; status?: AnswerStatus }, at: Date): Promise<void> {
      await db
        .update(answers)
        .set({ ...patch, updatedAt: sql`${at.toISOString()}::timestamptz` })
        .where(eq(answers.id, id));
    },
  };
}
