import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { AnswerGrade } from '../core/grading/types.js';
import type { AnswerStore, NewAnswer } from '../core/ports.js';
import type { Answer, AnswerStatus } from '../core/types.js';
import { jsonRecords } from './json-row.js';
import { toAnswer } from './mapping.js';
import type { Db } from './open-database.js';
import { answers } from './schema.js';
import { WRITE_CHUNK } from './streak-store.js';

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

    async listCountedAnswers(roundId: number): Promise<Answer[]> {
      const rows = await db
        .select()
        .from(answers)
        .where(and(eq(answers.roundId, roundId), eq(answers.status, 'counted')))
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
      const replaceable =
        mode === 'first'
          ? isNull(answers.grade)
          : or(isNull(answers.grade), sql`${answers.grade}->>'grader' = 'keywords'`);
      if (grades.length === 0) return;
      // One UPDATE for every grade of a reveal, the grades sent as one JSON parameter.
      const rows = grades.map(({ answerId, grade }) => ({ id: answerId, grade }));
      await db
        .update(answers)
        .set({ grade: sql`x.grade` })
        .from(jsonRecords(rows, 'id int, grade jsonb'))
        .where(and(sql`${answers.id} = x.id`, replaceable));
    },

    async claimNotes(roundId: number): Promise<Answer[]> {
      const rows = await db
        .update(answers)
        .set({ noteState: 'sending' })
        .where(and(eq(answers.roundId, roundId), eq(answers.status, 'counted'), isNull(answers.noteState)))
        .returning();
      return rows.map(toAnswer).sort((a, b) => a.id - b.id);
    },

    async markNotes(answerIds: readonly number[], state: 'sent' | 'failed'): Promise<void> {
      for (let start = 0; start < answerIds.length; start += WRITE_CHUNK) {
        const ids = answerIds.slice(start, start + WRITE_CHUNK);
        await db.update(answers).set({ noteState: state }).where(inArray(answers.id, ids));
      }
    },
  };
}
