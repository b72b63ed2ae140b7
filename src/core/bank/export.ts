import type { Locale, QuestionText } from '../types.js';
import type { BankQuestion } from './types.js';

/** Writes banks back out in the formats the importer reads, so an export imports as the same questions. */

const DEFINITION_LABEL: Readonly<Record<Locale, string>> = { ko: '정의', en: 'Definition' };

function indentItem(item: string, depth: number): string[] {
  // An item's nested lines are `  - x` per level (see outline.ts); markdown wants four spaces.
  const [first, ...rest] = item.split('\n');
  const pad = '    '.repeat(depth);
  return [
    `${pad}- ${first ?? ''}`,
    ...rest.map((line) => {
      const level = (line.length - line.trimStart().length) / 2;
      return `${'    '.repeat(depth + level)}${line.trimStart()}`;
    }),
  ];
}

function definitionLines(definition: string): string[] {
  return definition.split('\n').map((line) => {
    if (line.trim() === '') return '';
    const level = (line.length - line.trimStart().length) / 2;
    return `${'    '.repeat(level + 1)}${line.trimStart()}`;
  });
}

function block(
  text: QuestionText,
  key: string,
  index: number,
  locale: Locale,
  extraCategories: string[],
): string[] {
  const lines = [
    `<details id="${key}">`,
    `<summary>Q${index}. ${text.title}</summary>`,
    '<div markdown="1">',
    '',
  ];
  lines.push(`- ${DEFINITION_LABEL[locale]}`, ...definitionLines(text.definition));
  lines.push('- Benefits', ...text.benefits.flatMap((b) => indentItem(b, 1)));
  lines.push('- Risks', ...text.risks.flatMap((r) => indentItem(r, 1)));
  for (const note of text.notes)
    lines.push(`- ${note.title}`, ...note.items.flatMap((i) => indentItem(i, 1)));
  if (extraCategories.length > 0) lines.push(`- Categories: ${extraCategories.join(', ')}`);
  if (text.aliases.length > 0) lines.push(`- Aliases: ${text.aliases.join(', ')}`);
  if (text.docs) lines.push(`- Docs: ${text.docs}`);
  if (text.followUp) lines.push(`- Follow-up: ${text.followUp}`);
  lines.push('', '</div>', '</details>', '', '<br/>', '');
  return lines;
}

/** The question-bank markdown of one language, grouped under each question's first category. */
export function exportMarkdown(questions: readonly BankQuestion[], locale: Locale, heading: string): string {
  const groups = new Map<string, { key: string; text: QuestionText }[]>();
  for (const q of questions) {
    const text = q.texts[locale];
    if (!text) continue;
    const primary = text.categories[0] ?? '';
    const group = groups.get(primary) ?? [];
    group.push({ key: q.key, text });
    groups.set(primary, group);
  }
  const out = [`# ${heading}`, ''];
  let section = 0;
  let index = 0;
  for (const [category, entries] of groups) {
    section++;
    if (category !== '') out.push(`# ${section}. ${category}`, '');
    for (const { key, text } of entries) {
      index++;
      out.push(
        ...block(text, key, index, locale, category === '' ? [...text.categories] : text.categories.slice(1)),
      );
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

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
        notes: t.notes,
        aliases: t.aliases,
        docs: t.docs,
        followUp: t.followUp,
      },
    ];
  });
  return `${JSON.stringify({ questions: list }, null, 2)}\n`;
}
