import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { AnswerGrade } from '../core/grading/types.js';
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

    async saveGrades(
      grades: readonly { answerId: number; grade: AnswerGrade }[],
      mode: 'first' | 'refine',
    ): Promise<void> {
      for (const { answerId, grade } of grades) {
        const replaceable =
          mode === 'first'
            ? isNull(answers.grade)
            : or(isNull(answers.grade), sql`${answers.grade}->>'grader' = 'keywords'`);
        await db
          .update(answers)
          .set({ grade })
          .where(and(eq(answers.id, answerId), replaceable));
      }
    },

    async claimNotes(roundId: number): Promise<Answer[]> {
      const rows = await db
        .update(answers)
        .set({ noteState: 'sending' })
        .where(and(eq(answers.roundId, roundId), eq(answers.status, 'counted'), isNull(answers.noteState)))
        .returning();
      return rows.map(toAnswer).sort((a, b) => a.id - b.id);
    },

    async markNote(answerId: number, state: 'sent' | 'failed'): Promise<void> {
      await db.update(answers).set({ noteState: state }).where(eq(answers.id, answerId));
    },
  };
}
