import {
  type DomainId,
  domainName,
  domainOf,
  type Level,
  levelOf,
  type PillarId,
  pillarName,
  pillarOf,
} from '../taxonomy.js';
import { isBlank } from '../text.js';
import type { Locale, QuestionText } from '../types.js';
import { isPlaceholder } from './content.js';

/**
 * The bank v2 fields of a question (docs/bank-format.md, "Question profile"): a 30-second answer,
 * when not to use it, pillars, exam domains, level and the last-verified date. Every format
 * reads them as written (`RawProfile`); `resolveProfile` turns the names into ids, so an unknown
 * pillar is an error the uploader sees rather than a filter that silently matches nothing.
 */

/** The profile's fields, as JSON keys and CSV columns name them. */
export const PROFILE_KEYS = ['brief', 'whenNotToUse', 'pillars', 'domains', 'level', 'lastVerified'] as const;

/** The profile as a file wrote it, before names are resolved. */
export interface RawProfile {
  readonly brief: string;
  readonly whenNotToUse: readonly string[];
  readonly pillars: readonly string[];
  readonly domains: readonly string[];
  readonly level: string;
  readonly lastVerified: string;
}

export const EMPTY_PROFILE: RawProfile = {
  brief: '',
  whenNotToUse: [],
  pillars: [],
  domains: [],
  level: '',
  lastVerified: '',
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

type ProfileFields = Pick<
  QuestionText,
  'brief' | 'whenNotToUse' | 'pillars' | 'domains' | 'level' | 'lastVerified'
>;

/**
 * The profile fields of a cleaned text (`clean` makes each string storable), or the field and
 * value that is wrong. Only the explicit fields count: a v1 bank that wrote `보안` as a category
 * keeps it as a category (the category filter still finds it by that name, src/core/selection.ts),
 * so every v1 bank reads and exports back exactly as before. A question that names its pillars or
 * domains keeps only topics as categories: a `# 2. 보안` heading above it adds nothing.
 */
export function resolveProfile(
  raw: RawProfile,
  categories: readonly string[],
  clean: (s: string) => string,
): { fields: ProfileFields; categories: readonly string[] } | { bad: string } {
  const names = (list: readonly string[]): string[] =>
    list.map((s) => clean(s).replace(/\s+/g, ' ').trim()).filter((s) => !isBlank(s) && !isPlaceholder(s));
  const pillars: PillarId[] = [];
  for (const name of names(raw.pillars)) {
    const id = pillarOf(name);
    if (!id) return { bad: `pillar: ${name}` };
    if (!pillars.includes(id)) pillars.push(id);
  }
  const domains: DomainId[] = [];
  for (const name of names(raw.domains)) {
    const id = domainOf(name);
    if (!id) return { bad: `domain: ${name}` };
    if (!domains.includes(id)) domains.push(id);
  }
  const levelText = clean(raw.level).trim();
  const level: Level | null = levelText === '' ? null : levelOf(levelText);
  if (levelText !== '' && !level) return { bad: `level: ${levelText}` };
  const lastVerified = clean(raw.lastVerified).trim();
  if (lastVerified !== '' && !validDate(lastVerified)) return { bad: `lastVerified: ${lastVerified}` };
  const brief = clean(raw.brief).replace(/\r\n?/g, '\n').trim();
  const whenNotToUse = raw.whenNotToUse
    .map((s) => clean(s).replace(/\r\n?/g, '\n').trim())
    .filter((s) => !isBlank(s) && !isPlaceholder(s));
  const explicit = pillars.length > 0 || domains.length > 0;
  return {
    categories: explicit ? categories.filter((c) => !pillarOf(c) && !domainOf(c)) : categories,
    fields: {
      ...(!isBlank(brief) && !isPlaceholder(brief) ? { brief } : {}),
      ...(whenNotToUse.length > 0 ? { whenNotToUse } : {}),
      ...(pillars.length > 0 ? { pillars } : {}),
      ...(domains.length > 0 ? { domains } : {}),
      ...(level ? { level } : {}),
      ...(lastVerified !== '' ? { lastVerified } : {}),
    },
  };
}

/** The profile of a stored text, as the JSON and CSV formats write it (ids, not names). */
export function profileJson(t: QuestionText): Record<string, unknown> {
  return {
    ...(t.brief ? { brief: t.brief } : {}),
    ...(t.whenNotToUse?.length ? { whenNotToUse: t.whenNotToUse } : {}),
    ...(t.pillars?.length ? { pillars: t.pillars } : {}),
    ...(t.domains?.length ? { domains: t.domains } : {}),
    ...(t.level ? { level: t.level } : {}),
    ...(t.lastVerified ? { lastVerified: t.lastVerified } : {}),
  };
}

/** `- Pillar:`, `- Domain:`, `- Level:`, `- Last verified:` lines, names in the file's language. */
export function profileLines(t: QuestionText, locale: Locale, entry: (s: string) => string): string[] {
  const lines: string[] = [];
  if (t.pillars?.length)
    lines.push(`- Pillar: ${t.pillars.map((p) => entry(pillarName(p, locale))).join(', ')}`);
  if (t.domains?.length)
    lines.push(`- Domain: ${t.domains.map((d) => entry(domainName(d, locale))).join(', ')}`);
  if (t.level) lines.push(`- Level: ${t.level}`);
  if (t.lastVerified) lines.push(`- Last verified: ${t.lastVerified}`);
  return lines;
}

/** The profile fields of a merge: the later wording's fields where it has them, else the earlier's. */
export function mergeProfile(first: QuestionText, second: QuestionText): ProfileFields {
  const pick = <K extends keyof ProfileFields>(key: K): ProfileFields[K] | undefined => {
    const later = second[key];
    const has = (v: unknown): boolean => v !== undefined && !(Array.isArray(v) && v.length === 0);
    return has(later) ? later : has(first[key]) ? first[key] : undefined;
  };
  const out: Record<string, unknown> = {};
  for (const key of PROFILE_KEYS) {
    const value = pick(key);
    if (value !== undefined) out[key] = value;
  }
  return out as ProfileFields;
}

/** The profile as one comparable value (merge's "same content" and the export's round-trip check). */
export function profileKey(t: QuestionText): string {
  return JSON.stringify(profileJson(t));
}
