import { and, countDistinct, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { BUNDLED_SOURCE, RETIRED_SOURCE } from '../core/bank/bundled.js';
import type { BankQuestion } from '../core/bank/types.js';
import type { QuestionStore } from '../core/ports.js';
import type { QuestionSummary, QuestionTerms } from '../core/selection.js';
import type { Locale, Question } from '../core/types.js';
import { bankOrder, completeIn, globalTwin, inUse, seenBy, twinOf } from './effective-bank.js';
import { toQuestion } from './mapping.js';
import type { Db } from './open-database.js';
import { bundledBank, questions } from './schema.js';

export function questionStore(db: Db): QuestionStore {
  return {
    async listQuestions(workspaceId: number | null): Promise<Question[]> {
      const rows = await db
        .select()
        .from(questions)
        .where(
          and(
            inUse,
            workspaceId === null ? isNull(questions.workspaceId) : eq(questions.workspaceId, workspaceId),
          ),
        )
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

    async findQuestionByKey(workspaceId: number, key: string): Promise<Question | null> {
      const [row] = await db
        .select()
        .from(questions)
        .where(
          and(
            inUse,
            or(
              and(eq(questions.workspaceId, workspaceId), eq(questions.key, key)),
              and(isNull(questions.workspaceId), eq(questions.key, key)),
            ),
          ),
        )
        .orderBy(sql`${questions.workspaceId} nulls last`)
        .limit(1);
      return row ? toQuestion(row) : null;
    },

    async countQuestions(workspaceId: number): Promise<number> {
      const [row] = await db
        .select({ count: countDistinct(questions.key) })
        .from(questions)
        .where(and(inUse, or(eq(questions.workspaceId, workspaceId), isNull(questions.workspaceId))));
      return row?.count ?? 0;
    },

    async listCompleteQuestions(workspaceId: number, locale: Locale): Promise<QuestionSummary[]> {
      // One JSON value rather than a row per question: drivers spend far more per row than per byte.
      const [row] = await db
        .select({
          list: sql<
            string | null
          >`json_agg(json_build_array(${questions.id}, ${questions.key}, ${questions.terms})
            order by ${sql.join(bankOrder, sql`, `)})::text`,
        })
        .from(questions)
        .leftJoin(globalTwin, twinOf)
        .where(and(seenBy(db, workspaceId), completeIn(locale)));
      const list: [number, string, QuestionTerms][] = row?.list ? JSON.parse(row.list) : [];
      return list.map(([id, key, terms]) => ({ id, key, ...terms }));
    },

    async retireQuestions(keys: readonly string[]): Promise<void> {
      if (keys.length === 0) return;
      await db
        .update(questions)
        .set({ source: RETIRED_SOURCE, updatedAt: sql`now()` })
        .where(and(isNull(questions.workspaceId), inArray(questions.key, [...keys])));
    },

    async loadedBundledBank(options: { lock?: boolean } = {}): Promise<string | null> {
      if (options.lock) await db.execute(sql`select pg_advisory_xact_lock(${BUNDLED_BANK_LOCK})`);
      const [row] = await db
        .select({ fingerprint: bundledBank.fingerprint })
        .from(bundledBank)
        .where(
          and(
            eq(bundledBank.questions, sql`(${bundledCount})`),
            sql`${bundledBank.libraryUpdatedAt} is not distinct from (${libraryUpdatedAt})`,
          ),
        );
      return row?.fingerprint ?? null;
    },

    async saveLoadedBundledBank(fingerprint: string): Promise<void> {
      const now = {
        questions: sql<number>`(${bundledCount})`,
        libraryUpdatedAt: sql<Date>`(${libraryUpdatedAt})`,
      };
      await db
        .insert(bundledBank)
        .values({ id: 1, fingerprint, ...now })
        .onConflictDoUpdate({ target: bundledBank.id, set: { fingerprint, ...now, loadedAt: sql`now()` } });
    },
  };
}

/** Constant for pg_advisory_xact_lock: one process at a time loads the bundled bank. */
const BUNDLED_BANK_LOCK = 0x5a_b4_0b;

/** The latest write to the global library, whatever its source. */
const libraryUpdatedAt = sql`select max(${questions.updatedAt}) from ${questions} where ${questions.workspaceId} is null`;

/** How many bundled questions the global library holds. */
const bundledCount = sql`select count(*)::int from ${questions}
  where ${questions.workspaceId} is null and ${questions.source} = ${BUNDLED_SOURCE}`;
