import type { Locale, Question, QuestionText } from '../types.js';
import { isComplete } from './content.js';
import { MAX_QUESTIONS_PER_UPLOAD } from './limits.js';
import { mergeBank, mergeTexts, nameKinds, nameReason, titleIn } from './merge.js';
import type { BankError, BankQuestion, MergeReason, MergeRecord, ParsedBank } from './types.js';

/** What an import would do, computed before anything is written (the upload preview). */
export interface ImportPlan {
  readonly fresh: readonly BankQuestion[];
  readonly updated: readonly BankQuestion[];
  readonly unchanged: number;
  readonly duplicatesMerged: number;
  /**
   * Every entry that does not become a question of its own, and why: folded into another entry
   * of the upload (`existing: false`), or into a question already in the bank (`existing: true`;
   * `same_id` there is a plain update of that key).
   */
  readonly merges: readonly MergeRecord[];
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

function firstLocale(q: BankQuestion): Locale {
  return (Object.keys(q.texts)[0] as Locale | undefined) ?? 'ko';
}

interface Target {
  readonly match: Question;
  texts: Partial<Record<Locale, QuestionText>>;
  readonly sources: string[];
}

/**
 * Matches incoming questions against what the scope already has and merges each into its match.
 * A question whose key is an id written in the file matches only the question with that key; one
 * without an id matches by its derived key, normalised title or alias, in any language. A bank
 * with errors plans nothing.
 */
export function planImport(files: readonly ParsedBank[], existing: readonly Question[]): ImportPlan {
  const errors: BankError[] = files.flatMap((f) => f.errors);
  const entries = files.flatMap((f) => f.questions);
  const merged = mergeBank(entries);
  errors.push(...merged.errors);
  if (
    merged.questions.length > MAX_QUESTIONS_PER_UPLOAD &&
    !errors.some((e) => e.code === 'too_many_questions')
  ) {
    errors.push({
      file: entries[entries.length - 1]?.file ?? '',
      line: 1,
      code: 'too_many_questions',
      detail: String(merged.questions.length),
    });
  }
  const byKey = new Map(existing.map((q) => [q.key, q]));
  const byName = new Map<string, { question: Question; title: boolean }>();
  for (const q of existing) {
    for (const text of Object.values(q.texts))
      if (text)
        for (const n of nameKinds(text))
          if (!byName.has(n.name)) byName.set(n.name, { question: q, title: n.title });
  }
  const usedKeys = new Set([
    ...existing.map((q) => q.key),
    ...merged.questions.filter((q) => q.explicitKey).map((q) => q.key),
  ]);
  const fresh: BankQuestion[] = [];
  const targets = new Map<string, Target>();
  const merges: MergeRecord[] = [...merged.merges];

  for (const incoming of merged.questions) {
    let found: { question: Question; reason: MergeReason } | undefined;
    const sameKey = byKey.get(incoming.key);
    if (sameKey) found = { question: sameKey, reason: incoming.explicitKey ? 'same_id' : 'same_title' };
    else if (!incoming.explicitKey) {
      for (const n of Object.values(incoming.texts).flatMap((t) => (t ? nameKinds(t) : []))) {
        const hit = byName.get(n.name);
        if (hit) {
          found = { question: hit.question, reason: nameReason(n.title, hit.title) };
          break;
        }
      }
    }
    if (!found) {
      let key = incoming.key;
      if (!incoming.explicitKey) {
        for (let n = 2; usedKeys.has(key); n++) key = `${incoming.key}-${n}`;
        usedKeys.add(key);
      }
      fresh.push({ ...incoming, key });
      continue;
    }
    const { question: match, reason } = found;
    const locale = firstLocale(incoming);
    merges.push({
      into: match.key,
      intoTitle: titleIn(match.texts, locale),
      from: incoming.sources[0] ?? '',
      fromTitle: titleIn(incoming.texts, locale),
      reason,
      existing: true,
    });
    // Two incoming questions may meet one existing question: the second merges into the first's result.
    const target = targets.get(match.key) ?? { match, texts: { ...match.texts }, sources: [] };
    targets.set(match.key, target);
    for (const [loc, text] of Object.entries(incoming.texts) as [Locale, QuestionText][]) {
      const current = target.texts[loc];
      target.texts[loc] = current ? mergeTexts(current, text) : text;
    }
    target.sources.push(...incoming.sources);
  }
  const updated: BankQuestion[] = [];
  let unchanged = 0;
  for (const { match, texts, sources } of targets.values()) {
    if (sameTexts(texts, match.texts)) unchanged++;
    else updated.push({ key: match.key, texts, sources });
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
    merges,
    incomplete,
    errors,
    parsed: merged.questions.length,
  };
}
