import type { Locale, QuestionText } from '../types.js';
import { CSV_COLUMNS, FORMULA_START } from './csv-bank.js';
import { keyPointsIn } from './key-points.js';
import { PROFILE_KEYS, profileJson } from './profile.js';
import type { BankQuestion } from './types.js';

/** Writes banks back out in the formats the importer reads, so an export imports as the same questions. */

export { exportMarkdown } from './markdown-export.js';

/** A text's key points as the JSON and CSV formats write them: `[{text, terms}]`. */
const keyPointsJson = (t: QuestionText): { text: string; terms: readonly string[] }[] =>
  keyPointsIn(t).map((p) => ({ text: p.text, terms: p.terms }));

/** The JSON bank of one language (docs/bank-format.md, section 3). */
export function exportJson(questions: readonly BankQuestion[], locale: Locale): string {
  const list = questions.flatMap((q) => {
    const t = q.texts[locale];
    if (!t) return [];
    return [
      {
        id: q.key,
        title: t.title,
        categories: t.categories,
        definition: t.definition,
        benefits: t.benefits,
        risks: t.risks,
        // Written only when there are some: a bank without key points exports as it always did.
        ...(keyPointsIn(t).length > 0 ? { keyPoints: keyPointsJson(t) } : {}),
        notes: t.notes,
        aliases: t.aliases,
        docs: t.docs,
        followUp: t.followUp,
        ...profileJson(t),
      },
    ];
  });
  return `${JSON.stringify({ questions: list }, null, 2)}\n`;
}

/**
 * A cell as RFC 4180 writes it. One a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab or CR first) gets a leading `'`, which the CSV reader takes off again.
 */
function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A `|` list cell; a bar or backslash inside an item is escaped with a backslash. */
const listCell = (items: readonly string[]): string =>
  items.map((item) => item.replace(/\\/g, '\\\\').replace(/\|/g, '\\|')).join('|');

/**
 * The CSV bank of one language (docs/bank-format.md, section 4), with a BOM so spreadsheet
 * programs read it as UTF-8. The `keyPoints` column is written only when a question has some.
 */
export function exportCsv(questions: readonly BankQuestion[], locale: Locale): string {
  const withKeyPoints = questions.some((q) => {
    const t = q.texts[locale];
    return t !== undefined && keyPointsIn(t).length > 0;
  });
  // Optional columns are written only when some question has the field.
  const profiles = questions.map((q) => (q.texts[locale] ? profileJson(q.texts[locale]) : {}));
  const optional = new Set<string>(PROFILE_KEYS.filter((c) => !profiles.some((p) => c in p)));
  if (!withKeyPoints) optional.add('keyPoints');
  const columns = CSV_COLUMNS.filter((c) => !optional.has(c));
  const rows = questions.flatMap((q) => {
    const t = q.texts[locale];
    if (!t) return [];
    const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
      id: q.key,
      title: t.title,
      categories: listCell(t.categories),
      definition: t.definition,
      benefits: listCell(t.benefits),
      risks: listCell(t.risks),
      docs: t.docs ?? '',
      followUp: t.followUp ?? '',
      aliases: listCell(t.aliases),
      notes: t.notes.length > 0 ? JSON.stringify(t.notes) : '',
      keyPoints: keyPointsIn(t).length > 0 ? JSON.stringify(keyPointsJson(t)) : '',
      brief: t.brief ?? '',
      whenNotToUse: listCell(t.whenNotToUse ?? []),
      pillars: listCell(t.pillars ?? []),
      domains: listCell(t.domains ?? []),
      level: t.level ?? '',
      lastVerified: t.lastVerified ?? '',
    };
    return [columns.map((c) => csvCell(cells[c])).join(',')];
  });
  return `\uFEFF${[columns.join(','), ...rows].join('\n')}\n`;
}
