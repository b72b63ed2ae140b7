import { isBlank, visibleText } from '../text.js';
import type { Locale, QuestionText } from '../types.js';
import { cleaner, cleanQuestionText } from './clean.js';
import { detectLocale } from './content.js';
import { parseCsvBank } from './csv-bank.js';
import { parseJsonBank } from './json-bank.js';
import {
  MAX_BANK_BYTES,
  MAX_FIELD,
  MAX_KEY_POINT_TERMS,
  MAX_KEY_POINT_TEXT,
  MAX_KEY_POINTS,
  MAX_QUESTIONS_PER_UPLOAD,
  MAX_TERM,
  MAX_TITLE,
} from './limits.js';
import { parseMarkdownBank } from './markdown-bank.js';
import { parseNotesBank } from './notes-bank.js';
import { EMPTY_PROFILE, resolveProfile } from './profile.js';
import type { BankError, BankFormat, ParsedBank, ParsedQuestion } from './types.js';

export { MAX_BANK_BYTES, MAX_QUESTIONS_PER_UPLOAD } from './limits.js';

/** Bytes → text: UTF-8 only (a BOM is dropped), line ends made `\n`. */
export function decodeBankBytes(file: string, bytes: Uint8Array): { text: string } | { error: BankError } {
  if (bytes.byteLength > MAX_BANK_BYTES) {
    return { error: { file, line: 1, code: 'too_long', detail: `${bytes.byteLength} bytes` } };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text: normalizeNewlines(text) };
  } catch {
    let line = 1;
    const valid = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const bad = valid.indexOf('\uFFFD');
    for (let i = 0; i < bad; i++) if (valid[i] === '\n') line++;
    return { error: { file, line, code: 'not_utf8', detail: '' } };
  }
}

export function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export function detectFormat(text: string): BankFormat | null {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
  // The header comes first: a CSV whose cells mention `<details>` is still CSV.
  const firstLine = trimmed.split('\n', 1)[0] ?? '';
  if (firstLine.split(',').some((cell) => cell.trim().replace(/^"|"$/g, '') === 'title')) return 'csv';
  if (/<details[\s>]/i.test(text)) return 'markdown';
  if (/^\d+[.)]\s*\S/m.test(text)) return 'notes';
  return null;
}

/** Blocks a markdown bank opens, counted without reading them (the cap is checked first). */
function countDetails(text: string): number {
  return text.match(/<details\b/gi)?.length ?? 0;
}

function tooMany(file: string, count: number): BankError {
  return { file, line: 1, code: 'too_many_questions', detail: String(count) };
}

/** Each question cleaned (see clean.ts); a title with nothing visible left is an error. */
function cleaned(
  questions: readonly ParsedQuestion[],
  entities: boolean,
): { questions: ParsedQuestion[]; errors: BankError[] } {
  const kept: ParsedQuestion[] = [];
  const errors: BankError[] = [];
  const clean = cleaner({ entities });
  for (const q of questions) {
    const text = cleanQuestionText(q.text, { entities });
    if (isBlank(text.title)) {
      errors.push({ file: q.file, line: q.line, code: 'empty_title', detail: '' });
      continue;
    }
    const profile = resolveProfile(q.profile ?? EMPTY_PROFILE, text.categories, clean);
    if ('bad' in profile) {
      errors.push({ file: q.file, line: q.line, code: 'invalid_field', detail: profile.bad });
      continue;
    }
    const { profile: _raw, ...rest } = q;
    kept.push({ ...rest, text: { ...text, categories: profile.categories, ...profile.fields } });
  }
  return { questions: kept, errors };
}

/** The first key-point limit a text passes, as the field path the error names, or null. */
function keyPointsOverLimit(text: QuestionText): string | null {
  const points = text.keyPoints ?? [];
  if (points.length > MAX_KEY_POINTS) return `keyPoints (${points.length}, at most ${MAX_KEY_POINTS})`;
  for (const [i, point] of points.entries()) {
    if (point.text.length > MAX_KEY_POINT_TEXT) return `keyPoints[${i}].text`;
    if (point.terms.length > MAX_KEY_POINT_TERMS)
      return `keyPoints[${i}].terms (${point.terms.length}, at most ${MAX_KEY_POINT_TERMS})`;
    const long = point.terms.findIndex((t) => t.length > MAX_TERM);
    if (long !== -1) return `keyPoints[${i}].terms[${long}]`;
  }
  return null;
}

function lengthErrors(questions: readonly ParsedQuestion[]): BankError[] {
  const errors: BankError[] = [];
  for (const q of questions) {
    const t = q.text;
    if (t.title.length > MAX_TITLE)
      errors.push({ file: q.file, line: q.line, code: 'too_long', detail: 'title' });
    const fields: [string, string][] = [
      ['definition', t.definition],
      ...t.benefits.map((b): [string, string] => ['benefits', b]),
      ...t.risks.map((r): [string, string] => ['risks', r]),
      ['brief', t.brief ?? ''],
      ...(t.whenNotToUse ?? []).map((r): [string, string] => ['whenNotToUse', r]),
    ];
    const long = fields.find(([, value]) => value.length > MAX_FIELD);
    if (long) errors.push({ file: q.file, line: q.line, code: 'too_long', detail: long[0] });
    const keyPoints = keyPointsOverLimit(t);
    if (keyPoints) errors.push({ file: q.file, line: q.line, code: 'too_long', detail: keyPoints });
  }
  return errors;
}

/** Reads one bank file's text in whichever format it is written. */
export function parseBankText(file: string, rawText: string, localeHint?: Locale): ParsedBank {
  // Unstorable and invisible characters go before the structure is read (no line end is removed,
  // so lines stay where they were); what JSON escapes or entities produce is cleaned per field.
  const text = visibleText(normalizeNewlines(rawText));
  const format = detectFormat(text);
  if (format === null) {
    return { format, questions: [], errors: [{ file, line: 1, code: 'unknown_format', detail: '' }] };
  }
  if (format === 'markdown' && countDetails(text) > MAX_QUESTIONS_PER_UPLOAD) {
    return { format, questions: [], errors: [tooMany(file, countDetails(text))] };
  }
  const locale = localeHint ?? detectLocale(text);
  const lines = text.split('\n');
  const parsed =
    format === 'json'
      ? parseJsonBank(file, text, locale)
      : format === 'csv'
        ? parseCsvBank(file, text, locale)
        : format === 'markdown'
          ? parseMarkdownBank(file, lines, locale)
          : parseNotesBank(file, lines, locale);
  if (parsed.questions.length > MAX_QUESTIONS_PER_UPLOAD) {
    return { format, questions: [], errors: [tooMany(file, parsed.questions.length)] };
  }
  const clean = cleaned(parsed.questions, format === 'markdown' || format === 'notes');
  const errors = [...parsed.errors, ...clean.errors, ...lengthErrors(clean.questions)]
    .map((e) => ({ ...e, detail: visibleText(e.detail) }))
    .sort((a, b) => a.line - b.line);
  if (clean.questions.length === 0 && errors.length === 0) {
    errors.push({ file, line: 1, code: 'no_questions', detail: '' });
  }
  return { format, questions: clean.questions, errors };
}

export function parseBankBytes(file: string, bytes: Uint8Array, localeHint?: Locale): ParsedBank {
  const decoded = decodeBankBytes(file, bytes);
  if ('error' in decoded) return { format: null, questions: [], errors: [decoded.error] };
  return parseBankText(file, decoded.text, localeHint);
}
