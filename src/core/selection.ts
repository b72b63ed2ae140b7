import { isComplete } from './bank/content.js';
import { normalizeTitle } from './bank/title.js';
import { DEFAULT_LOCALE, LOCALES, type Locale, type Question, type QuestionText } from './types.js';

/** The wording to show in `locale`, falling back to whichever language the question has. */
export function textFor(question: Question, locale: Locale): QuestionText {
  const text =
    question.texts[locale] ??
    question.texts[DEFAULT_LOCALE] ??
    LOCALES.map((l) => question.texts[l]).find(Boolean);
  if (!text) throw new Error(`question ${question.key} has no text`);
  return text;
}

/** A workspace's own questions replace global ones with the same key; the rest of the global bank stays. */
export function effectiveBank(global: readonly Question[], workspace: readonly Question[]): Question[] {
  const own = new Map(workspace.map((q) => [q.key, q]));
  return [
    ...global.map((q) => own.get(q.key) ?? q),
    ...workspace.filter((q) => !global.some((g) => g.key === q.key)),
  ];
}

function folded(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/** Category filter: a question matches when one of its categories (in any language) contains a filter word. */
export function matchesCategories(question: Question, filter: readonly string[]): boolean {
  if (filter.length === 0) return true;
  const categories = Object.values(question.texts)
    .flatMap((t) => t?.categories ?? [])
    .map(folded);
  return filter.some((f) => categories.some((c) => c.includes(folded(f))));
}

/** Practice search: a category, a title or any words of the question. */
export function matchesQuery(question: Question, query: string): boolean {
  const q = folded(query);
  if (q === '') return true;
  return Object.values(question.texts).some(
    (t) =>
      t !== undefined &&
      (t.categories.some((c) => folded(c).includes(q)) ||
        normalizeTitle(t.title).includes(q) ||
        folded(t.title).includes(q) ||
        t.aliases.some((a) => folded(a).includes(q))),
  );
}

/** Questions a channel may post: complete in the channel's language and inside its category filter. */
export function dailyCandidates(
  bank: readonly Question[],
  locale: Locale,
  filter: readonly string[],
): Question[] {
  return bank.filter((q) => isComplete(textFor(q, locale)) && matchesCategories(q, filter));
}

/**
 * Picks among the least-used candidates, so no question repeats in a channel until every
 * candidate has been used once (then the cycle starts over).
 */
export function chooseQuestion(
  candidates: readonly Question[],
  timesUsed: ReadonlyMap<string, number>,
  random: () => number,
): Question | null {
  if (candidates.length === 0) return null;
  const least = Math.min(...candidates.map((q) => timesUsed.get(q.key) ?? 0));
  const pool = candidates.filter((q) => (timesUsed.get(q.key) ?? 0) === least);
  return pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))] ?? null;
}
