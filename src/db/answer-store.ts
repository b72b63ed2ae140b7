import { createHash } from 'node:crypto';
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { AnswerStore, GradeToSave, NewAnswer, UngradedAnswer } from '../core/ports.js';
import type { Answer, AnswerStatus, Locale } from '../core/types.js';
import { jsonRecords } from './json-row.js';
import { toAnswer } from './mapping.js';
import type { Db } from './open-database.js';
import { answers, channels, rounds } from './schema.js';

/** What PostgreSQL's md5(text) gives for the same text: the grade's guard against an edit. */
function md5Of(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** `ids` as one parameter (`= any(…)`), however many: drizzle would bind each id on its own. */
function anyId(ids: readonly number[]) {
  return sql`${answers.id} = any(string_to_array(${ids.join(',')}, ',')::int[])`;
}

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
        .set({
          ...patch,
          ...(patch.text === undefined ? {} : { grade: null }),
          updatedAt: sql`${at.toISOString()}::timestamptz`,
        })
        .where(eq(answers.id, id));
    },

    async editOpenAnswer(answerId: number, roundId: number, text: string, at: Date): Promise<boolean> {
      return db.transaction(async (tx) => {
        const open = await tx
          .select({ id: rounds.id })
          .from(rounds)
          .where(and(eq(rounds.id, roundId), eq(rounds.status, 'open')))
          .for('share');
        if (open.length === 0) return false;
        await tx
          .update(answers)
          .set({ text, grade: null, updatedAt: sql`${at.toISOString()}::timestamptz` })
          .where(and(eq(answers.id, answerId), eq(answers.roundId, roundId)));
        return true;
      });
    },

    async saveGrades(grades: readonly GradeToSave[], mode: 'first' | 'refine'): Promise<void> {
      const replaceable =
        mode === 'first'
          ? isNull(answers.grade)
          : or(isNull(answers.grade), sql`${answers.grade}->>'grader' = 'keywords'`);
      if (grades.length === 0) return;
      // One UPDATE for every grade of a reveal, the grades sent as one JSON parameter; a grade
      // made from a text the answer no longer has (edited meanwhile) is not stored.
      const rows = grades.map(({ answerId, grade, text }) => ({
        id: answerId,
        grade,
        md5: text === undefined ? null : md5Of(text),
      }));
      await db
        .update(answers)
        .set({ grade: sql`x.grade` })
        .from(jsonRecords(rows, 'id int, grade jsonb, md5 text'))
        .where(
          and(sql`${answers.id} = x.id`, sql`(x.md5 is null or md5(${answers.text}) = x.md5)`, replaceable),
        );
    },

    async listUngradedAnswers(
      limit: number,
      afterId: number,
      round?: { readonly id: number; readonly basis: string },
    ): Promise<UngradedAnswer[]> {
      const rows = await db
        .select({
          id: answers.id,
          text: answers.text,
          questionId: rounds.questionId,
          locale: channels.locale,
        })
        .from(rounds)
        .innerJoin(answers, eq(answers.roundId, rounds.id))
        .innerJoin(channels, eq(channels.id, rounds.channelId))
        .where(
          and(
            round === undefined ? eq(rounds.status, 'open') : eq(rounds.id, round.id),
            eq(answers.status, 'counted'),
            round === undefined
              ? isNull(answers.grade)
              : or(
                  isNull(answers.grade),
                  sql`(${answers.grade}->>'grader' = 'keywords' and ${answers.grade}->>'basis' <> ${round.basis})`,
                ),
            gt(answers.id, afterId),
          ),
        )
        .orderBy(asc(answers.id))
        .limit(limit);
      return rows.map((r) => ({ ...r, locale: r.locale as Locale }));
    },

    async claimNotes(roundId: number): Promise<number[]> {
      const rows = await db
        .update(answers)
        .set({ noteState: 'claimed' })
        .where(and(eq(answers.roundId, roundId), eq(answers.status, 'counted'), isNull(answers.noteState)))
        .returning({ id: answers.id });
      return rows.map((r) => r.id).sort((a, b) => a - b);
    },

    async markNotesFailed(answerIds: readonly number[]): Promise<void> {
      if (answerIds.length === 0) return;
      await db.update(answers).set({ noteState: 'failed' }).where(anyId(answerIds));
    },
  };
}
