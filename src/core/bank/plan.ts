import type { Locale, Question, QuestionText } from '../types.js';
import { isComplete } from './content.js';
import { mergeBank, mergeTexts, namesOf } from './merge.js';
import type { BankError, BankQuestion, ParsedBank } from './types.js';

/** What an import would do, computed before anything is written (the upload preview). */
export interface ImportPlan {
  readonly fresh: readonly BankQuestion[];
  readonly updated: readonly BankQuestion[];
  readonly unchanged: number;
  readonly duplicatesMerged: number;
  readonly incomplete: readonly BankQuestion[];
  readonly errors: readonly BankError[];
  readonly parsed: number;
}

function sameTexts(
  a: Partial<Record<Locale, QuestionText>>,
  b: Partial<Record<Locale, QuestionText>>,
): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function firstText(q: BankQuestion): QuestionText | undefined {
  return Object.values(q.texts).find((t) => t !== undefined);
}

/**
 * Matches incoming questions against what the scope already has (by key, normalised title or
 * alias, in any language) and merges each into its match. A bank with errors plans nothing.
 */
export function planImport(files: readonly ParsedBank[], existing: readonly Question[]): ImportPlan {
  const errors = files.flatMap((f) => f.errors);
  const merged = mergeBank(files.flatMap((f) => f.questions));
  const byKey = new Map(existing.map((q) => [q.key, q]));
  const byName = new Map<string, Question>();
  for (const q of existing) {
    for (const text of Object.values(q.texts))
      if (text) for (const n of namesOf(text)) if (!byName.has(n)) byName.set(n, q);
  }
  const usedKeys = new Set(existing.map((q) => q.key));
  const fresh: BankQuestion[] = [];
  const updated: BankQuestion[] = [];
  let unchanged = 0;

  for (const incoming of merged.questions) {
    const names = Object.values(incoming.texts).flatMap((t) => (t ? namesOf(t) : []));
    const match = byKey.get(incoming.key) ?? names.map((n) => byName.get(n)).find((q) => q !== undefined);
    if (!match) {
      let key = incoming.key;
      for (let n = 2; usedKeys.has(key); n++) key = `${incoming.key}-${n}`;
      usedKeys.add(key);
      fresh.push({ ...incoming, key });
      continue;
    }
    const texts: Partial<Record<Locale, QuestionText>> = { ...match.texts };
    for (const [locale, text] of Object.entries(incoming.texts) as [Locale, QuestionText][]) {
      const current = texts[locale];
      texts[locale] = current ? mergeTexts(current, text) : text;
    }
    if (sameTexts(texts, match.texts)) unchanged++;
    else updated.push({ key: match.key, texts, sources: incoming.sources });
  }
  const incomplete = [...fresh, ...updated].filter((q) => {
    const text = firstText(q);
    return text !== undefined && !isComplete(text);
  });
  return {
    fresh: errors.length > 0 ? [] : fresh,
    updated: errors.length > 0 ? [] : updated,
    unchanged,
    duplicatesMerged: merged.duplicatesMerged,
    incomplete,
    errors,
    parsed: merged.questions.length,
  };
}
