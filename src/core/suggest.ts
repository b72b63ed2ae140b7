import { clampText } from './answers.js';
import type { Store } from './ports.js';
import { type QuestionSummary, termsMatchCategories, termsMatchQuery } from './selection.js';
import { DOMAIN_IDS, domainName, LEVELS, levelName, PILLAR_IDS, pillarName } from './taxonomy.js';
import type { ChannelAddress, Locale } from './types.js';

/**
 * Suggestions while a person types an option (Discord autocomplete): categories and keywords of
 * `/sa-quiz`, the category list of `/sa-admin category`, the time zone of `/sa-admin subscribe`.
 * Only what would find something is offered: a category no question is filed under is not.
 */

export type SuggestField = 'category' | 'keyword' | 'categories' | 'timezone';

export interface Suggestion {
  /** What the person sees (at most 100 characters). */
  readonly name: string;
  /** What the option gets when it is picked (at most 100 characters). */
  readonly value: string;
}

/** Discord shows at most 25 choices; names and values hold at most 100 characters. */
export const MAX_SUGGESTIONS = 25;
export const MAX_SUGGESTION_LENGTH = 100;

function folded(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/** At most 100 characters (Discord's limit for a choice's name and value). */
const clip = (text: string): string => clampText(text, MAX_SUGGESTION_LENGTH);

/** Those containing `typed`, those starting with it first, then by how much they find. */
function ranked<T extends { readonly label: string; readonly weight: number }>(
  items: readonly T[],
  typed: string,
): T[] {
  const q = folded(typed);
  return items
    .filter((i) => folded(i.label).includes(q))
    .sort(
      (a, b) =>
        Number(folded(b.label).startsWith(q)) - Number(folded(a.label).startsWith(q)) ||
        b.weight - a.weight ||
        a.label.localeCompare(b.label),
    );
}

/** Pillars, domains and levels by their names in `locale`, then topic categories; each with how many questions it finds. */
export function categorySuggestions(
  questions: readonly QuestionSummary[],
  typed: string,
  locale: Locale,
): Suggestion[] {
  const names = new Set<string>([
    ...PILLAR_IDS.map((id) => pillarName(id, locale)),
    ...DOMAIN_IDS.map((id) => domainName(id, locale)),
    ...LEVELS.map((id) => levelName(id, locale)),
    ...questions.flatMap((q) => q.categories),
  ]);
  const items = [...names]
    .map((label) => ({ label, weight: questions.filter((q) => termsMatchCategories(q, [label])).length }))
    .filter((i) => i.weight > 0);
  return ranked(items, typed)
    .slice(0, MAX_SUGGESTIONS)
    .map((i) => ({ name: clip(`${i.label} (${i.weight})`), value: clip(i.label) }));
}

/** Questions whose title, topic or alias holds `typed`, by title (picking one practises it). */
export function keywordSuggestions(questions: readonly QuestionSummary[], typed: string): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const q of questions) {
    if (out.length >= MAX_SUGGESTIONS) break;
    if (!termsMatchQuery(q, typed)) continue;
    const title = q.titles.find((t) => folded(t).includes(folded(typed))) ?? q.titles[0] ?? q.key;
    const value = clip(title);
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ name: value, value });
  }
  return out;
}

/** `a, b, 보` → suggestions for the last word, each with the words before it kept. */
export function categoryListSuggestions(
  questions: readonly QuestionSummary[],
  typed: string,
  locale: Locale,
): Suggestion[] {
  const parts = typed.split(/[,，]/);
  const last = parts.pop() ?? '';
  const before = parts.map((p) => p.trim()).filter((p) => p !== '');
  const options = [...categorySuggestions(questions, last, locale)];
  if (before.length === 0 && 'all'.startsWith(folded(last))) options.unshift({ name: 'all', value: 'all' });
  return options
    .filter((s) => !before.includes(s.value))
    .map((s) => ({ name: s.name, value: [...before, s.value].join(', ') }))
    .filter((s) => [...s.value].length <= MAX_SUGGESTION_LENGTH)
    .slice(0, MAX_SUGGESTIONS);
}

/** The zones offered before anything is typed: where the bot's users mostly are. */
const COMMON_ZONES = [
  'Asia/Seoul',
  'Asia/Tokyo',
  'Asia/Singapore',
  'UTC',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
];

/** Cities people type in Korean, as their zone. */
const ZONE_NAMES: Readonly<Record<string, string>> = {
  서울: 'Asia/Seoul',
  한국: 'Asia/Seoul',
  도쿄: 'Asia/Tokyo',
  일본: 'Asia/Tokyo',
  싱가포르: 'Asia/Singapore',
  뉴욕: 'America/New_York',
  로스앤젤레스: 'America/Los_Angeles',
  런던: 'Europe/London',
  베를린: 'Europe/Berlin',
  시드니: 'Australia/Sydney',
};

let zones: readonly string[] | undefined;

function allZones(): readonly string[] {
  zones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])];
  return zones;
}

/** A zone's offset from UTC now, as `UTC+09:00`. */
function offsetOf(zone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return name === 'GMT' || name === undefined ? 'UTC+00:00' : name.replace('GMT', 'UTC');
}

/** IANA zones holding `typed` (`seoul`, `new_y`, `asia/`), with their offset now. */
export function timeZoneSuggestions(typed: string, at: Date): Suggestion[] {
  const typedZone = ZONE_NAMES[typed.trim()] ?? typed;
  const q = typedZone.trim().toLowerCase().replace(/\s+/g, '_');
  const list = q === '' ? COMMON_ZONES : allZones();
  const items = list.map((label, i) => ({ label, weight: q === '' ? -i : 0 }));
  const sorted = q === '' ? items : ranked(items, q);
  return sorted
    .slice(0, MAX_SUGGESTIONS)
    .map((i) => ({ name: `${i.label} (${offsetOf(i.label, at)})`, value: i.label }));
}

/** What the field offers for `typed` in the addressed workspace (nothing is created). */
export async function suggest(
  store: Store,
  address: ChannelAddress,
  field: SuggestField,
  typed: string,
  locale: Locale,
  now: Date,
): Promise<Suggestion[]> {
  if (field === 'timezone') return timeZoneSuggestions(typed, now);
  const workspace = await store.findWorkspace(address.platform, address.workspaceId);
  // An unknown workspace sees the global library (no row has id 0).
  const questions = await store.listCompleteQuestions(workspace?.id ?? 0, locale);
  if (field === 'keyword') return keywordSuggestions(questions, typed);
  if (field === 'categories') return categoryListSuggestions(questions, typed, locale);
  return categorySuggestions(questions, typed, locale);
}
