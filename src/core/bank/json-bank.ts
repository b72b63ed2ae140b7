import type { Locale, NoteSection, QuestionText } from '../types.js';
import { isPlaceholder } from './content.js';
import { displayTitle, isValidId } from './title.js';
import type { BankError, ParsedQuestion } from './types.js';

/** JSON banks: `{ "questions": [...] }` or a bare array (shape in docs/bank-format.md). */

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** The line where the n-th `"title"` key appears, so a bad entry can be found in the file. */
function titleLines(text: string): number[] {
  const lines: number[] = [];
  const pattern = /"title"\s*:/g;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text))
    lines.push(lineOfOffset(text, m.index));
  return lines;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return null;
  return value.map((v) => v.trim()).filter((v) => !isPlaceholder(v));
}

function optionalString(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? (value.trim() === '' ? null : value.trim()) : undefined;
}

function notesOf(value: unknown): NoteSection[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return null;
  const notes: NoteSection[] = [];
  for (const entry of value) {
    if (!isRecord(entry) || typeof entry.title !== 'string') return null;
    const items = stringList(entry.items);
    if (items === null) return null;
    notes.push({ title: entry.title, items });
  }
  return notes;
}

export function parseJsonBank(
  file: string,
  text: string,
  locale: Locale,
): {
  questions: ParsedQuestion[];
  errors: BankError[];
} {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineOfOffset(text, Number(position[1])) : 1;
    return { questions: [], errors: [{ file, line, code: 'invalid_json', detail: message }] };
  }
  const list = Array.isArray(data) ? data : isRecord(data) ? data.questions : undefined;
  if (!Array.isArray(list)) {
    return { questions: [], errors: [{ file, line: 1, code: 'invalid_field', detail: 'questions' }] };
  }
  const lines = titleLines(text);
  const questions: ParsedQuestion[] = [];
  const errors: BankError[] = [];
  list.forEach((entry, index) => {
    const line = lines[index] ?? 1;
    if (!isRecord(entry)) {
      errors.push({ file, line, code: 'invalid_field', detail: `questions[${index}]` });
      return;
    }
    const title = typeof entry.title === 'string' ? displayTitle(entry.title) : '';
    if (title === '') {
      errors.push({ file, line, code: 'missing_title', detail: `questions[${index}]` });
      return;
    }
    const id = optionalString(entry.id);
    const definition = optionalString(entry.definition);
    const docs = optionalString(entry.docs);
    const followUp = optionalString(entry.followUp);
    const categories = stringList(entry.categories);
    const benefits = stringList(entry.benefits);
    const risks = stringList(entry.risks);
    const aliases = stringList(entry.aliases);
    const notes = notesOf(entry.notes);
    const badString = Object.entries({ id, definition, docs, followUp }).find(([, v]) => v === undefined);
    const badList = Object.entries({ categories, benefits, risks, aliases, notes }).find(
      ([, v]) => v === null,
    );
    const bad = badString ?? badList;
    if (bad) {
      errors.push({ file, line, code: 'invalid_field', detail: bad[0] });
      return;
    }
    if (id && !isValidId(id)) {
      errors.push({ file, line, code: 'invalid_id', detail: id });
      return;
    }
    const questionText: QuestionText = {
      title,
      categories: categories ?? [],
      definition: definition && !isPlaceholder(definition) ? definition : '',
      benefits: benefits ?? [],
      risks: risks ?? [],
      notes: notes ?? [],
      docs: docs ?? null,
      followUp: followUp ?? null,
      aliases: aliases ?? [],
    };
    questions.push({ id: id ?? null, locale, text: questionText, file, line });
  });
  return { questions, errors };
}
