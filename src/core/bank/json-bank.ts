import { visibleText } from '../text.js';
import type { Locale, NoteSection, QuestionText } from '../types.js';
import { isPlaceholder } from './content.js';
import { type EntrySpan, lineFinder, scanJson } from './json-positions.js';
import { keyPointsFromJson } from './key-points.js';
import { MAX_QUESTIONS_PER_UPLOAD } from './limits.js';
import type { RawProfile } from './profile.js';
import { displayTitle, isValidId } from './title.js';
import type { BankError, ParsedQuestion } from './types.js';

/** JSON banks: `{ "questions": [...] }` or a bare array (shape in docs/bank-format.md). */

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
    notes.push({ title: entry.title.trim(), items });
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
  const lineOf = lineFinder(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // JSON.parse does not always say where; the scanner finds the first offending character.
    const scan = scanJson(text);
    const position = /position (\d+)/.exec(message);
    const offset = 'error' in scan ? scan.error : position ? Number(position[1]) : 0;
    return { questions: [], errors: [{ file, line: lineOf(offset), code: 'invalid_json', detail: message }] };
  }
  const list = Array.isArray(data) ? data : isRecord(data) ? data.questions : undefined;
  if (!Array.isArray(list)) {
    return { questions: [], errors: [{ file, line: 1, code: 'invalid_field', detail: 'questions' }] };
  }
  if (list.length > MAX_QUESTIONS_PER_UPLOAD) {
    return {
      questions: [],
      errors: [{ file, line: 1, code: 'too_many_questions', detail: String(list.length) }],
    };
  }
  const scan = scanJson(text);
  const spans: readonly EntrySpan[] = 'entries' in scan ? scan.entries : [];
  const questions: ParsedQuestion[] = [];
  const errors: BankError[] = [];
  list.forEach((entry, index) => {
    const span = spans[index];
    const start = span ? lineOf(span.start) : 1;
    /** The line of one of the entry's keys, or of the entry. */
    const at = (key: string): number => {
      const offset = span?.keys.get(key);
      return offset === undefined ? start : lineOf(offset);
    };
    const line = at('title');
    if (!isRecord(entry)) {
      errors.push({ file, line: start, code: 'invalid_field', detail: `questions[${index}]` });
      return;
    }
    const title = typeof entry.title === 'string' ? displayTitle(visibleText(entry.title)) : '';
    if (title === '') {
      const code = typeof entry.title === 'string' ? 'empty_title' : 'missing_title';
      errors.push({ file, line: start, code, detail: `questions[${index}]` });
      return;
    }
    const rawId = optionalString(entry.id);
    const id = typeof rawId === 'string' ? visibleText(rawId).trim() || null : rawId;
    const definition = optionalString(entry.definition);
    const docs = optionalString(entry.docs);
    const followUp = optionalString(entry.followUp);
    const categories = stringList(entry.categories);
    const benefits = stringList(entry.benefits);
    const risks = stringList(entry.risks);
    const aliases = stringList(entry.aliases);
    const notes = notesOf(entry.notes);
    const brief = optionalString(entry.brief);
    const level = optionalString(entry.level);
    const lastVerified = optionalString(entry.lastVerified);
    const whenNotToUse = stringList(entry.whenNotToUse);
    const pillars = stringList(entry.pillars);
    const domains = stringList(entry.domains);
    const badString = Object.entries({ id, definition, docs, followUp, brief, level, lastVerified }).find(
      ([, v]) => v === undefined,
    );
    const badList = Object.entries({
      categories,
      benefits,
      risks,
      aliases,
      notes,
      whenNotToUse,
      pillars,
      domains,
    }).find(([, v]) => v === null);
    const bad = badString ?? badList;
    if (bad) {
      errors.push({ file, line: at(bad[0]), code: 'invalid_field', detail: bad[0] });
      return;
    }
    const keyPoints = keyPointsFromJson(entry.keyPoints);
    if ('bad' in keyPoints) {
      errors.push({ file, line: at('keyPoints'), code: 'invalid_field', detail: keyPoints.bad });
      return;
    }
    if (id && !isValidId(id)) {
      errors.push({ file, line: at('id'), code: 'invalid_id', detail: id });
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
      ...(keyPoints.keyPoints.length > 0 ? { keyPoints: keyPoints.keyPoints } : {}),
    };
    const profile: RawProfile = {
      brief: brief ?? '',
      whenNotToUse: whenNotToUse ?? [],
      pillars: pillars ?? [],
      domains: domains ?? [],
      level: level ?? '',
      lastVerified: lastVerified ?? '',
    };
    questions.push({ id: id ?? null, locale, text: questionText, profile, file, line });
  });
  return { questions, errors };
}
