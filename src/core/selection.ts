import { isComplete } from './bank/content.js';
import { normalizeTitle } from './bank/title.js';
import { domainOf, filterTarget, pillarOf } from './taxonomy.js';
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
  const globalKeys = new Set(global.map((g) => g.key));
  return [...global.map((q) => own.get(q.key) ?? q), ...workspace.filter((q) => !globalKeys.has(q.key))];
}

/**
 * What the category filter and the practice search read of a question: every language's titles,
 * categories and aliases. The store can give these without a question's body.
 */
export interface QuestionTerms {
  readonly titles: readonly string[];
  readonly categories: readonly string[];
  readonly aliases: readonly string[];
  /** Pillar and domain ids and levels of every language (absent in rows stored before bank v2). */
  readonly pillars?: readonly string[];
  readonly domains?: readonly string[];
  readonly levels?: readonly string[];
}

/** A question as selection sees it: its row id, its key and its terms, without its body. */
export interface QuestionSummary extends QuestionTerms {
  readonly id: number;
  readonly key: string;
}

export function termsOf(question: Question): QuestionTerms {
  const texts = Object.values(question.texts).filter((t): t is QuestionText => t != null);
  return {
    titles: texts.map((t) => t.title),
    categories: texts.flatMap((t) => t.categories),
    aliases: texts.flatMap((t) => t.aliases),
    pillars: texts.flatMap((t) => t.pillars ?? []),
    domains: texts.flatMap((t) => t.domains ?? []),
    levels: texts.flatMap((t) => (t.level ? [t.level] : [])),
  };
}

function folded(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/**
 * Category filter: a question matches when it matches one filter word. A word that names a
 * pillar, an exam domain or a level (`보안`, `보안 아키텍처 설계`, `professional`, `pillar:보안`;
 * src/core/taxonomy.ts) matches that field exactly — so `보안` is the pillar, not every topic with
 * 보안 in it; a question stored before bank v2 matches it through a category of that name. Any
 * other word matches a topic category that contains it.
 */
export function matchesCategories(question: Question, filter: readonly string[]): boolean {
  return termsMatchCategories(termsOf(question), filter);
}

function matchesWord(terms: QuestionTerms, categories: readonly string[], word: string): boolean {
  const target = filterTarget(word);
  if (target === null) return categories.some((c) => c.includes(folded(word)));
  const named = (of: (name: string) => string | null): boolean =>
    terms.categories.some((c) => of(c) === target.id);
  if (target.kind === 'pillar') return (terms.pillars ?? []).includes(target.id) || named(pillarOf);
  if (target.kind === 'domain') return (terms.domains ?? []).includes(target.id) || named(domainOf);
  return (terms.levels ?? []).includes(target.id);
}

export function termsMatchCategories(terms: QuestionTerms, filter: readonly string[]): boolean {
  if (filter.length === 0) return true;
  const categories = terms.categories.map(folded);
  return filter.some((f) => matchesWord(terms, categories, f));
}

/** A practice query that narrows nothing (empty, or only spaces). */
export function isOpenQuery(query: string): boolean {
  return folded(query) === '';
}

/** Practice search: a category, a title or any words of the question. */
export function matchesQuery(question: Question, query: string): boolean {
  return termsMatchQuery(termsOf(question), query);
}

export function termsMatchQuery(terms: QuestionTerms, query: string): boolean {
  const q = folded(query);
  if (q === '') return true;
  if (filterTarget(query) !== null) return termsMatchCategories(terms, [query]);
  return (
    terms.categories.some((c) => folded(c).includes(q)) ||
    terms.titles.some((t) => normalizeTitle(t).includes(q) || folded(t).includes(q)) ||
    terms.aliases.some((a) => folded(a).includes(q))
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
export function chooseQuestion<T extends { readonly key: string }>(
  candidates: readonly T[],
  timesUsed: ReadonlyMap<string, number>,
  random: () => number,
): T | null {
  if (candidates.length === 0) return null;
  const least = Math.min(...candidates.map((q) => timesUsed.get(q.key) ?? 0));
  const pool = candidates.filter((q) => (timesUsed.get(q.key) ?? 0) === least);
  return pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))] ?? null;
}
