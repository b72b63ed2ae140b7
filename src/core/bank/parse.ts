import type { Locale } from '../types.js';
import { detectLocale } from './content.js';
import { parseCsvBank } from './csv-bank.js';
import { parseJsonBank } from './json-bank.js';
import { MAX_BANK_BYTES, MAX_FIELD, MAX_TITLE } from './limits.js';
import { parseMarkdownBank } from './markdown-bank.js';
import { parseNotesBank } from './notes-bank.js';
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
  if (/<details[\s>]/i.test(text)) return 'markdown';
  const firstLine = trimmed.split('\n', 1)[0] ?? '';
  if (firstLine.split(',').some((cell) => cell.trim().replace(/^"|"$/g, '') === 'title')) return 'csv';
  if (/^\d+[.)]\s*\S/m.test(text)) return 'notes';
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
    ];
    const long = fields.find(([, value]) => value.length > MAX_FIELD);
    if (long) errors.push({ file: q.file, line: q.line, code: 'too_long', detail: long[0] });
  }
  return errors;
}

/** Reads one bank file's text in whichever format it is written. */
export function parseBankText(file: string, rawText: string, localeHint?: Locale): ParsedBank {
  const text = normalizeNewlines(rawText);
  const format = detectFormat(text);
  if (format === null) {
    return { format, questions: [], errors: [{ file, line: 1, code: 'unknown_format', detail: '' }] };
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
  const errors = [...parsed.errors, ...lengthErrors(parsed.questions)];
  if (parsed.questions.length === 0 && errors.length === 0) {
    errors.push({ file, line: 1, code: 'no_questions', detail: '' });
  }
  return { format, questions: parsed.questions, errors };
}

export function parseBankBytes(file: string, bytes: Uint8Array, localeHint?: Locale): ParsedBank {
  const decoded = decodeBankBytes(file, bytes);
  if ('error' in decoded) return { format: null, questions: [], errors: [decoded.error] };
  return parseBankText(file, decoded.text, localeHint);
}
