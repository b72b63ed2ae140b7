import type { KeyPoint, Locale, QuestionText } from '../types.js';
import { escapeMarkup, numericReference } from './entities.js';
import { keyPointsIn } from './key-points.js';
import { isKeywordLine } from './markdown-bank.js';
import { parseBankText } from './parse.js';
import { profileKey, profileLines } from './profile.js';
import type { BankQuestion } from './types.js';

/**
 * The question-bank markdown of one language, written so it imports back as the same questions:
 * `&` and `<` are written as references (a field can hold `</details>` or `<@U123>`), and a
 * question whose text the readable layout would not give back exactly (a line that looks like a
 * bullet, blank-line runs, trailing spaces) is written with its line breaks as `&#10;`.
 */

const DEFINITION_LABEL: Readonly<Record<Locale, string>> = { ko: '정의', en: 'Definition' };

const firstAsReference = (s: string): string => {
  const first = String.fromCodePoint(s.codePointAt(0) ?? 0);
  return `${numericReference(first)}${s.slice(first.length)}`;
};
/** One line, whatever the text holds. */
const inline = (s: string): string => escapeMarkup(s).replace(/\n/g, '&#10;');
/** A paragraph line: a leading `-`, `*` or `+` would make it a bullet. */
const paragraph = (s: string): string => (/^[-*+](\s|$)/.test(s) ? firstAsReference(s) : s);
/** A note's title: it must not read as `Benefits`, `Docs:`, `**Risks**`. */
const noteTitle = (s: string): string => (s === '' ? '' : isKeywordLine(s) ? firstAsReference(s) : s);
/** An entry of `- Categories:` / `- Aliases:`, which are split at commas. */
const listEntry = (s: string): string => escapeMarkup(s).replace(/[,，]/g, numericReference);
/** A `# N. Category` heading: `**` and trailing `#` would be dropped. */
const heading = (s: string): string => escapeMarkup(s).replace(/[*#]/g, numericReference);

function indentItem(item: string, depth: number, safe: boolean): string[] {
  if (safe) return [`${'    '.repeat(depth)}- ${inline(item)}`];
  // An item's nested lines are `  - x` per level (see outline.ts); markdown wants four spaces.
  const [first, ...rest] = item.split('\n');
  return [
    `${'    '.repeat(depth)}- ${escapeMarkup(first ?? '')}`,
    ...rest.map((line) => {
      const level = (line.length - line.trimStart().length) / 2;
      return `${'    '.repeat(depth + level)}${escapeMarkup(line.trimStart())}`;
    }),
  ];
}

/** `- Key points`, one bullet per point (one line) and its `- Terms:` (commas inside a term escaped). */
function keyPointLines(points: readonly KeyPoint[]): string[] {
  if (points.length === 0) return [];
  return [
    '- Key points',
    ...points.flatMap((p) => [
      `    - ${paragraph(inline(p.text))}`,
      ...(p.terms.length > 0 ? [`        - Terms: ${p.terms.map(listEntry).join(', ')}`] : []),
    ]),
  ];
}

function definitionLines(definition: string, safe: boolean): string[] {
  if (definition === '') return [];
  if (safe) return [`    ${paragraph(inline(definition))}`];
  return definition.split('\n').map((line) => {
    if (line.trim() === '') return '';
    const level = (line.length - line.trimStart().length) / 2;
    return `${'    '.repeat(level + 1)}${escapeMarkup(line.trimStart())}`;
  });
}

function block(
  text: QuestionText,
  key: string,
  index: number,
  locale: Locale,
  extraCategories: readonly string[],
  safe: boolean,
): string[] {
  const lines = [
    `<details id="${key}">`,
    `<summary>Q${index}. ${inline(text.title)}</summary>`,
    '<div markdown="1">',
    '',
  ];
  if (text.brief) lines.push('- 30-second answer', ...definitionLines(text.brief, safe));
  lines.push(`- ${DEFINITION_LABEL[locale]}`, ...definitionLines(text.definition, safe));
  lines.push('- Benefits', ...text.benefits.flatMap((b) => indentItem(b, 1, safe)));
  lines.push('- Risks', ...text.risks.flatMap((r) => indentItem(r, 1, safe)));
  if (text.whenNotToUse?.length)
    lines.push('- When not to use', ...text.whenNotToUse.flatMap((r) => indentItem(r, 1, safe)));
  lines.push(...keyPointLines(keyPointsIn(text)));
  for (const note of text.notes) {
    const title = noteTitle(inline(note.title));
    lines.push(title === '' ? '-' : `- ${title}`, ...note.items.flatMap((i) => indentItem(i, 1, safe)));
  }
  lines.push(...profileLines(text, locale, listEntry));
  if (extraCategories.length > 0) lines.push(`- Categories: ${extraCategories.map(listEntry).join(', ')}`);
  if (text.aliases.length > 0) lines.push(`- Aliases: ${text.aliases.map(listEntry).join(', ')}`);
  if (text.docs) lines.push(`- Docs: ${inline(text.docs)}`);
  if (text.followUp) lines.push(`- Follow-up: ${inline(text.followUp)}`);
  lines.push('', '</div>', '</details>', '', '<br/>', '');
  return lines;
}

const FIELDS = [
  'title',
  'categories',
  'definition',
  'benefits',
  'risks',
  'notes',
  'docs',
  'followUp',
  'aliases',
] as const satisfies readonly (keyof QuestionText)[];

function sameText(a: QuestionText | undefined, b: QuestionText): boolean {
  return (
    a !== undefined &&
    FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f])) &&
    JSON.stringify(keyPointsIn(a)) === JSON.stringify(keyPointsIn(b)) &&
    profileKey(a) === profileKey(b)
  );
}

/** The readable layout when it reads back as the same text, else the one-line-per-field layout. */
function questionLines(
  text: QuestionText,
  key: string,
  index: number,
  locale: Locale,
  category: string,
): string[] {
  const extra = category === '' ? [...text.categories] : text.categories.slice(1);
  const readable = block(text, key, index, locale, extra, false);
  const context = category === '' ? [] : [`# 1. ${heading(category)}`, ''];
  const back = parseBankText('export', [...context, ...readable].join('\n'), locale);
  return sameText(back.questions[0]?.text, text) ? readable : block(text, key, index, locale, extra, true);
}

/**
 * The question-bank markdown of one language, grouped under each question's first category;
 * questions without a category come first, before any heading could give them one.
 */
export function exportMarkdown(questions: readonly BankQuestion[], locale: Locale, title: string): string {
  const groups = new Map<string, { key: string; text: QuestionText }[]>([['', []]]);
  for (const q of questions) {
    const text = q.texts[locale];
    if (!text) continue;
    const primary = text.categories[0] ?? '';
    const group = groups.get(primary) ?? [];
    group.push({ key: q.key, text });
    groups.set(primary, group);
  }
  const out = [`# ${inline(title)}`, ''];
  let section = 0;
  let index = 0;
  for (const [category, entries] of groups) {
    if (category !== '') out.push(`# ${++section}. ${heading(category)}`, '');
    for (const { key, text } of entries) out.push(...questionLines(text, key, ++index, locale, category));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
