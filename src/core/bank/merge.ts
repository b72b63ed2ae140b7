import type { Locale, QuestionText } from '../types.js';
import { richness } from './content.js';
import { keyPointsIn } from './key-points.js';
import { mergeProfile, profileKey } from './profile.js';
import { keyFromTitle, normalizeTitle } from './title.js';
import type {
  BankError,
  BankQuestion,
  MergedBank,
  MergeReason,
  MergeRecord,
  ParsedQuestion,
} from './types.js';

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];

/**
 * Two wordings of one question in one language: the richer wins, categories and aliases unite;
 * notes, docs and follow-up come from the other when the richer has none; key points are the
 * later wording's when it has any.
 */
export function mergeTexts(first: QuestionText, second: QuestionText): QuestionText {
  const [rich, other] = richness(second) > richness(first) ? [second, first] : [first, second];
  // The later wording's key points win (an upload that rewrites them is how an admin edits them);
  // only set when either has some, so texts without key points stay as they were.
  const chosen = keyPointsIn(second).length > 0 ? keyPointsIn(second) : keyPointsIn(first);
  const keyPoints = chosen.length > 0 ? { keyPoints: chosen } : {};
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
    ...keyPoints,
    ...mergeProfile(first, second),
  };
}

/** Every normalised name a text answers to: its title and its aliases. */
export function namesOf(text: QuestionText): string[] {
  return nameKinds(text).map((n) => n.name);
}

/** The normalised names of a text, each marked as its title's or an alias's. */
export function nameKinds(text: QuestionText): { name: string; title: boolean }[] {
  return [
    { name: normalizeTitle(text.title), title: true },
    ...text.aliases.map((a) => ({ name: normalizeTitle(a), title: false })),
  ].filter((n) => n.name !== '');
}

/** How a name match is reported: title against title, or an alias on either side. */
export function nameReason(entryTitle: boolean, matchTitle: boolean): MergeReason {
  return entryTitle && matchTitle ? 'same_title' : 'same_alias';
}

/** Same question written twice: equal apart from categories and aliases, which unite. */
export function sameContent(a: QuestionText, b: QuestionText): boolean {
  const core = (t: QuestionText): string =>
    JSON.stringify([
      normalizeTitle(t.title),
      t.definition,
      t.benefits,
      t.risks,
      t.notes,
      t.docs,
      t.followUp,
      keyPointsIn(t).map((p) => [p.text, p.terms]),
      profileKey(t),
    ]);
  return core(a) === core(b);
}

/** The title a question shows in one language, or in whichever language it has. */
export function titleIn(texts: Partial<Record<Locale, QuestionText>>, locale: Locale): string {
  return (texts[locale] ?? Object.values(texts).find((t) => t !== undefined))?.title ?? '';
}

interface Group {
  readonly key: string;
  readonly explicit: boolean;
  /** Index of its first entry: questions keep the order they were written in. */
  readonly order: number;
  readonly texts: Partial<Record<Locale, QuestionText>>;
  readonly sources: { index: number; source: string }[];
  /** `file:line` of the entry that gave each language its text, for `conflicting_id`. */
  readonly origin: Partial<Record<Locale, string>>;
}

/**
 * Folds entries naming the same question into one. An explicit id always wins: entries with ids
 * group by id only (the same id in another language is a translation; in the same language it must
 * be the same question, else `conflicting_id`); entries without an id then join a question by
 * normalised title or alias, or start their own.
 */
export function mergeBank(entries: readonly ParsedQuestion[]): MergedBank {
  const groups: Group[] = [];
  const byId = new Map<string, Group>();
  const byName = new Map<string, { group: Group; title: boolean }>();
  const merges: MergeRecord[] = [];
  const errors: BankError[] = [];
  let duplicatesMerged = 0;
  // Explicit ids are reserved first, so a key derived from a title never takes one.
  const usedKeys = new Set(entries.flatMap((e) => (e.id !== null ? [e.id] : [])));
  const uniqueKey = (base: string): string => {
    let key = base;
    for (let n = 2; usedKeys.has(key); n++) key = `${base}-${n}`;
    usedKeys.add(key);
    return key;
  };
  const register = (group: Group, text: QuestionText): void => {
    for (const n of nameKinds(text)) if (!byName.has(n.name)) byName.set(n.name, { group, title: n.title });
  };
  const start = (entry: ParsedQuestion, index: number, key: string, explicit: boolean): Group => {
    const source = `${entry.file}:${entry.line}`;
    const group: Group = {
      key,
      explicit,
      order: index,
      texts: { [entry.locale]: entry.text },
      sources: [{ index, source }],
      origin: { [entry.locale]: source },
    };
    groups.push(group);
    register(group, entry.text);
    return group;
  };
  const fold = (group: Group, entry: ParsedQuestion, index: number, reason: MergeReason | null): void => {
    const source = `${entry.file}:${entry.line}`;
    const current = group.texts[entry.locale];
    if (reason !== null) {
      merges.push({
        into: group.key,
        intoTitle: titleIn(group.texts, entry.locale),
        from: source,
        fromTitle: entry.text.title,
        reason,
        existing: false,
      });
    }
    if (current) {
      group.texts[entry.locale] = mergeTexts(current, entry.text);
      duplicatesMerged++;
    } else {
      group.texts[entry.locale] = entry.text;
      group.origin[entry.locale] = source;
    }
    group.sources.push({ index, source });
    register(group, entry.text);
  };

  entries.forEach((entry, index) => {
    if (entry.id === null) return;
    const group = byId.get(entry.id);
    if (!group) {
      byId.set(entry.id, start(entry, index, entry.id, true));
      return;
    }
    const current = group.texts[entry.locale];
    if (current && !sameContent(current, entry.text)) {
      const source = `${entry.file}:${entry.line}`;
      errors.push({
        file: entry.file,
        line: entry.line,
        code: 'conflicting_id',
        detail: `${entry.id} (${group.origin[entry.locale]}, ${source})`,
      });
      return;
    }
    // The same id in another language is the question's translation, not a merge.
    fold(group, entry, index, current ? 'same_id' : null);
  });

  entries.forEach((entry, index) => {
    if (entry.id !== null) return;
    let found: { group: Group; reason: MergeReason } | undefined;
    for (const n of nameKinds(entry.text)) {
      const hit = byName.get(n.name);
      if (hit) {
        found = { group: hit.group, reason: nameReason(n.title, hit.title) };
        break;
      }
    }
    if (found) fold(found.group, entry, index, found.reason);
    else start(entry, index, uniqueKey(keyFromTitle(entry.text.title)), false);
  });

  const questions: BankQuestion[] = groups
    .sort((a, b) => a.order - b.order)
    .map((g) => ({
      key: g.key,
      texts: g.texts,
      sources: g.sources.sort((a, b) => a.index - b.index).map((s) => s.source),
      explicitKey: g.explicit,
    }));
  return { questions, duplicatesMerged, merges, errors };
}
