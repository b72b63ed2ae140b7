import { and, eq, isNull, ne, notExists, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { RETIRED_SOURCE } from '../core/bank/bundled.js';
import type { Locale } from '../core/types.js';
import type { Db } from './open-database.js';
import { questions } from './schema.js';

/**
 * `effectiveBank` and `dailyCandidates` as SQL over `questions`, so the database picks and counts
 * and the service reads only what it shows. tests/integration/bank-queries.test.ts checks them
 * against the core's functions on the same rows.
 */

const own = alias(questions, 'own_question');

/** `effectiveBank`: the workspace's own rows, and the global rows whose key it does not have. */
export function seenBy(db: Db, workspaceId: number): SQL {
  const overridden = db
    .select({ one: sql`1` })
    .from(own)
    .where(and(eq(own.workspaceId, workspaceId), eq(own.key, questions.key)));
  return or(
    eq(questions.workspaceId, workspaceId),
    and(isNull(questions.workspaceId), notExists(overridden)),
  )!;
}

/** Not retired (src/core/bank/bundled.ts): every read of the bank leaves retired rows out. */
export const inUse: SQL = ne(questions.source, RETIRED_SOURCE);

/**
 * `isComplete(textFor(question, locale))`, read from the derived column; a retired question is
 * complete nowhere, so no selection or practice query offers it.
 */
export function completeIn(locale: Locale): SQL {
  return and(sql`${locale}::text = any(${questions.completeIn})`, inUse)!;
}

/** The global question with the same key as a row (the row itself for a global one): join it left. */
export const globalTwin = alias(questions, 'global_twin');
export const twinOf = and(isNull(globalTwin.workspaceId), eq(globalTwin.key, questions.key))!;

/**
 * `effectiveBank`'s order, given `globalTwin` joined: the global library in id order (an override
 * takes the place of the global question it replaces), then the workspace's other questions.
 */
export const bankOrder: SQL[] = [
  sql`${globalTwin.id} is null`,
  sql`coalesce(${globalTwin.id}, ${questions.id})`,
];
