import type { Locale } from '../types.js';
import { emptyText } from './content.js';
import { takeKeyPoints } from './key-points.js';
import { displayTitle } from './title.js';
import type { BankError, ParsedQuestion } from './types.js';

/**
 * Numbered review notes (the second seed, Obsidian): an item is a question when it is
 * `==highlighted==`, ends with a question mark, or ends with a Korean question ending and has an
 * answer under it; the indented lines below it are the answer, apart from an indented
 * `- Key points` bullet (key-points.ts). To-do items are not questions.
 */

const TOP_LEVEL_ITEM = /^(\d+)[.)]\s*(.*)$/;
const HIGHLIGHT = /^==(.+?)==\s*$/;
const QUESTION_ENDING = /(인지|는지|나요|까요|니까|습니까|할까|일까)$/u;
const TAG_LINE = /^#[^\s#][^\s]*(\s+#[^\s#][^\s]*)*$/u;

export const NOTES_CATEGORY: Readonly<Record<Locale, string>> = { ko: '리뷰 노트', en: 'Review notes' };

interface Item {
  readonly line: number;
  readonly text: string;
  readonly answer: string[];
}

function answerText(lines: readonly string[]): string {
  const kept = lines.filter((l) => !TAG_LINE.test(l.trim()));
  const indents = kept.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return kept
    .map((l) => l.slice(common).trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function isQuestion(item: Item, answered: boolean): { title: string } | null {
  const text = item.text.trim();
  const highlighted = HIGHLIGHT.exec(text);
  if (highlighted) return { title: (highlighted[1] ?? '').trim() };
  const plain = text.replace(/==/g, '').trim();
  if (/[?？]\s*$/.test(plain)) return { title: plain };
  const withoutTrailingDots = plain.replace(/[.…\s]+$/u, '');
  if (answered && QUESTION_ENDING.test(withoutTrailingDots)) return { title: withoutTrailingDots };
  return null;
}

export function parseNotesBank(
  file: string,
  lines: readonly string[],
  locale: Locale,
): {
  questions: ParsedQuestion[];
  errors: BankError[];
} {
  const items: Item[] = [];
  let current: Item | null = null;
  lines.forEach((raw, index) => {
    const top = raw.length > 0 && raw[0] !== ' ' && raw[0] !== '\t';
    const numbered = top ? TOP_LEVEL_ITEM.exec(raw) : null;
    if (numbered) {
      current = { line: index + 1, text: numbered[2] ?? '', answer: [] };
      items.push(current);
    } else if (top && raw.trim() !== '') {
      current = null; // a paragraph at the margin ends the list item above it
    } else if (current) {
      (current as Item).answer.push(raw);
    }
  });

  const questions: ParsedQuestion[] = [];
  for (const item of items) {
    // An indented `- Key points` bullet under the answer holds the question's key points.
    const { rest, keyPoints } = takeKeyPoints(item.answer);
    const answer = answerText(rest);
    const question = isQuestion(item, answer !== '' || keyPoints.length > 0);
    if (!question) continue;
    const title = displayTitle(question.title);
    if (title === '') continue;
    questions.push({
      id: null,
      locale,
      text: {
        ...emptyText(title),
        categories: [NOTES_CATEGORY[locale]],
        definition: answer,
        ...(keyPoints.length > 0 ? { keyPoints } : {}),
      },
      file,
      line: item.line,
    });
  }
  const errors: BankError[] =
    questions.length === 0 ? [{ file, line: 1, code: 'no_questions', detail: '' }] : [];
  return { questions, errors };
}
