import type { Locale, QuestionText } from '../types.js';
import { richness } from './content.js';
import { keyFromTitle, normalizeTitle } from './title.js';
import type { BankQuestion, MergedBank, ParsedQuestion } from './types.js';

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];

/** Two wordings of one question in one language: the richer wins, categories and aliases unite. */
export function mergeTexts(first: QuestionText, second: QuestionText): QuestionText {
  const [rich, other] = richness(second) > richness(first) ? [second, first] : [first, second];
  return {
    ...rich,
    title: first.title,
    categories: union(first.categories, second.categories),
    aliases: union(first.aliases, second.aliases).filter(
      (a) => normalizeTitle(a) !== normalizeTitle(first.title),
    ),
    notes: rich.notes.length > 0 ? rich.notes : other.notes,
    docs: rich.docs ?? other.docs,
    followUp: rich.followUp ?? other.followUp,
  };
}

/** Every normalised name a text answers to: its title and its aliases. */
export function namesOf(text: QuestionText): string[] {
  return [text.title, ...text.aliases].map(normalizeTitle).filter((n) => n !== '');
}

interface Group {
  key: string;
  texts: Partial<Record<Locale, QuestionText>>;
  sources: string[];
}

/**
 * Folds entries naming the same question (same id, or same normalised title or alias) into one.
 * Entries in another language with the same id become that question's translation.
 */
export function mergeBank(entries: readonly ParsedQuestion[]): MergedBank {
  const groups: Group[] = [];
  const byId = new Map<string, Group>();
  const byName = new Map<string, Group>();
  let duplicatesMerged = 0;
  const usedKeys = new Set<string>();
  const uniqueKey = (base: string): string => {
    let key = base;
    for (let n = 2; usedKeys.has(key); n++) key = `${base}-${n}`;
    usedKeys.add(key);
    return key;
  };

  for (const entry of entries) {
    const names = namesOf(entry.text);
    const found =
      (entry.id !== null ? byId.get(entry.id) : undefined) ??
      names.map((n) => byName.get(n)).find((g) => g !== undefined);
    const source = `${entry.file}:${entry.line}`;
    if (!found) {
      const group: Group = {
        key: uniqueKey(entry.id ?? keyFromTitle(entry.text.title)),
        texts: { [entry.locale]: entry.text },
        sources: [source],
      };
      groups.push(group);
      if (entry.id !== null) byId.set(entry.id, group);
      for (const n of names) if (!byName.has(n)) byName.set(n, group);
      continue;
    }
    const existing = found.texts[entry.locale];
    if (existing) {
      found.texts[entry.locale] = mergeTexts(existing, entry.text);
      duplicatesMerged++;
    } else {
      found.texts[entry.locale] = entry.text;
    }
    found.sources.push(source);
    if (entry.id !== null && !byId.has(entry.id)) byId.set(entry.id, found);
    for (const n of names) if (!byName.has(n)) byName.set(n, found);
  }
  const questions: BankQuestion[] = groups.map((g) => ({ key: g.key, texts: g.texts, sources: g.sources }));
  return { questions, duplicatesMerged };
}
