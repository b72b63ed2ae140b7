import { type SQL, sql } from 'drizzle-orm';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../core/types.js';

/**
 * What selection reads of a question, derived by the database from `questions.texts` whenever a
 * row is written (generated columns), so choosing a question never opens every question's body.
 * Each expression mirrors a rule of src/core/selection.ts exactly;
 * tests/integration/bank-queries.test.ts checks them against those rules on tricky rows.
 */

/** Every character `String.prototype.trim` removes, as a SQL literal for `btrim` to remove the same. */
const JS_WHITESPACE = `U&'${Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c))
  .filter((c) => c.trim() === '')
  .map((c) => `\\${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  .join('')}'`;

/** `textFor`'s wording: `locale`, else the default language, else the first language present. */
function wording(locale: Locale): string {
  const order = [...new Set<Locale>([locale, DEFAULT_LOCALE, ...LOCALES])];
  return `coalesce(${order.map((l) => `nullif("texts" -> '${l}', 'null'::jsonb)`).join(', ')})`;
}

function nonEmptyArray(value: string): string {
  return `(case when jsonb_typeof(${value}) = 'array' then jsonb_array_length(${value}) else 0 end > 0)`;
}

/** `isComplete(textFor(question, locale))`: a definition, at least one benefit and one risk. */
function complete(locale: Locale): string {
  const text = wording(locale);
  return `(btrim(${text} ->> 'definition', ${JS_WHITESPACE}) <> '' and ${nonEmptyArray(`(${text} -> 'benefits')`)} and ${nonEmptyArray(`(${text} -> 'risks')`)})`;
}

/** The languages a question can be posted and practised in (complete in the wording shown there). */
export const completeInExpression: SQL = sql.raw(
  `array_remove(array[${LOCALES.map((l) => `case when ${complete(l)} then '${l}'::text end`).join(', ')}], null)`,
);

const TERM_PATHS = {
  titles: '$.*.title',
  categories: '$.*.categories[*]',
  aliases: '$.*.aliases[*]',
  pillars: '$.*.pillars[*]',
  domains: '$.*.domains[*]',
  levels: '$.*.level',
};

/**
 * `termsOf`: every language's titles, categories, aliases, pillars, domains and levels (built with
 * `jsonb_set`, which is immutable).
 */
export const termsExpression: SQL = sql.raw(
  Object.entries(TERM_PATHS).reduce(
    (object, [field, path]) =>
      `jsonb_set(${object}, '{${field}}', jsonb_path_query_array("texts", '${path}'))`,
    `'{}'::jsonb`,
  ),
);
