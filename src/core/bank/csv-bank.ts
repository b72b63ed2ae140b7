import type { Locale, NoteSection } from '../types.js';
import { emptyText, isPlaceholder } from './content.js';
import { keyPointsFromJson } from './key-points.js';
import { MAX_QUESTIONS_PER_UPLOAD } from './limits.js';
import { PROFILE_KEYS } from './profile.js';
import { displayTitle, isValidId } from './title.js';
import type { BankError, ParsedQuestion } from './types.js';

/**
 * CSV banks: a header row, one question per row, lists split by `|` (`\|` is a bar inside an
 * item, `\\` a backslash), notes and key points as JSON (docs/bank-format.md). A cell that starts with `'`
 * followed by `=`, `+`, `-`, `@`, tab or CR had the `'` added against spreadsheet formulas; it is removed.
 */

export const CSV_COLUMNS = [
  'id',
  'title',
  'categories',
  'definition',
  'benefits',
  'risks',
  'docs',
  'followUp',
  'aliases',
  'notes',
  'keyPoints',
  ...PROFILE_KEYS,
] as const;
type Column = (typeof CSV_COLUMNS)[number];

interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** RFC 4180 records with the line each one starts on, or where a quote is left open. */
export function readCsv(text: string): { records: CsvRecord[]; unterminatedAt: number | null } {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteStart = 0;
  const endRecord = (): void => {
    cells.push(cell);
    if (cells.some((c) => c !== '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  // Runs of text are sliced, not added a character at a time: a 2 MB file stays cheap.
  for (let i = 0; i < text.length; ) {
    if (quoted) {
      const quote = text.indexOf('"', i);
      if (quote === -1) return { records, unterminatedAt: quoteStart };
      const chunk = text.slice(i, quote);
      for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', nl + 1)) line++;
      cell += chunk;
      if (text[quote + 1] === '"') {
        cell += '"';
        i = quote + 2;
      } else {
        quoted = false;
        i = quote + 1;
      }
      continue;
    }
    const ch = text[i];
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteStart = line;
      i++;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      i++;
    } else if (ch === '\n') {
      endRecord();
      line++;
      recordLine = line;
      i++;
    } else {
      let j = i + 1;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n') j++;
      cell += text.slice(i, j);
      i = j;
    }
  }
  if (quoted) return { records, unterminatedAt: quoteStart };
  endRecord();
  return { records, unterminatedAt: null };
}

/** A cell a spreadsheet would run as a formula (after any quote marks already added). */
export const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The exporter's `'` against formulas, taken off again. */
export function unneutralize(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Splits a list cell at `|` that is not escaped, and unescapes `\|` and `\\`. */
export function splitList(cell: string): string[] {
  if (!cell.includes('\\'))
    return cell
      .split('|')
      .map((p) => p.trim())
      .filter((p) => !isPlaceholder(p));
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i];
    const next = cell[i + 1];
    if (ch === '\\' && (next === '|' || next === '\\')) {
      part += next;
      i++;
    } else if (ch === '|') {
      parts.push(part);
      part = '';
    } else {
      part += ch;
    }
  }
  parts.push(part);
  return parts.map((p) => p.trim()).filter((p) => !isPlaceholder(p));
}

/** `[{"text": ..., "terms": [...]}]`: the key points, or which part of the cell is wrong. */
function keyPointsCell(cell: string): ReturnType<typeof keyPointsFromJson> {
  if (cell === '') return { keyPoints: [] };
  try {
    return keyPointsFromJson(JSON.parse(cell));
  } catch {
    return { bad: 'keyPoints' };
  }
}

/** `[{"title": ..., "items": [...]}]`, or null when the cell is not that. */
function notesCell(cell: string): NoteSection[] | null {
  if (cell === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(cell);
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  const notes: NoteSection[] = [];
  for (const n of value) {
    if (typeof n !== 'object' || n === null || typeof n.title !== 'string') return null;
    const items: unknown = n.items ?? [];
    if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) return null;
    notes.push({ title: n.title.trim(), items: items.map((item: string) => item.trim()) });
  }
  return notes;
}

export function parseCsvBank(
  file: string,
  text: string,
  locale: Locale,
): {
  questions: ParsedQuestion[];
  errors: BankError[];
} {
  const { records, unterminatedAt } = readCsv(text);
  if (unterminatedAt !== null) {
    return { questions: [], errors: [{ file, line: unterminatedAt, code: 'invalid_csv', detail: '"' }] };
  }
  const [header, ...rows] = records;
  if (!header) return { questions: [], errors: [{ file, line: 1, code: 'no_questions', detail: '' }] };
  const columns = header.cells.map((c) => c.trim());
  const errors: BankError[] = [];
  for (const column of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(column)) {
      errors.push({ file, line: header.line, code: 'unknown_column', detail: column });
    }
  }
  if (!columns.includes('title'))
    errors.push({ file, line: header.line, code: 'missing_title', detail: 'title' });
  if (errors.length > 0) return { questions: [], errors };

  if (rows.length > MAX_QUESTIONS_PER_UPLOAD) {
    return {
      questions: [],
      errors: [{ file, line: 1, code: 'too_many_questions', detail: String(rows.length) }],
    };
  }
  const questions: ParsedQuestion[] = [];
  for (const row of rows) {
    const get = (column: Column): string => {
      const index = columns.indexOf(column);
      return index === -1 ? '' : unneutralize(row.cells[index]?.trim() ?? '').trim();
    };
    if (row.cells.length !== columns.length) {
      errors.push({
        file,
        line: row.line,
        code: 'invalid_csv',
        detail: `${row.cells.length}/${columns.length}`,
      });
      continue;
    }
    const title = displayTitle(get('title'));
    if (title === '') {
      errors.push({ file, line: row.line, code: 'empty_title', detail: '' });
      continue;
    }
    const id = get('id');
    if (id !== '' && !isValidId(id)) {
      errors.push({ file, line: row.line, code: 'invalid_id', detail: id });
      continue;
    }
    const notes = notesCell(get('notes'));
    if (notes === null) {
      errors.push({ file, line: row.line, code: 'invalid_field', detail: 'notes' });
      continue;
    }
    const keyPoints = keyPointsCell(get('keyPoints'));
    if ('bad' in keyPoints) {
      errors.push({ file, line: row.line, code: 'invalid_field', detail: keyPoints.bad });
      continue;
    }
    const definition = get('definition');
    questions.push({
      id: id === '' ? null : id,
      locale,
      text: {
        ...emptyText(title),
        categories: splitList(get('categories')),
        definition: isPlaceholder(definition) ? '' : definition,
        benefits: splitList(get('benefits')),
        risks: splitList(get('risks')),
        notes,
        docs: get('docs') === '' ? null : get('docs'),
        followUp: get('followUp') === '' ? null : get('followUp'),
        aliases: splitList(get('aliases')),
        ...(keyPoints.keyPoints.length > 0 ? { keyPoints: keyPoints.keyPoints } : {}),
      },
      profile: {
        brief: get('brief'),
        whenNotToUse: splitList(get('whenNotToUse')),
        pillars: splitList(get('pillars')),
        domains: splitList(get('domains')),
        level: get('level'),
        lastVerified: get('lastVerified'),
      },
      file,
      line: row.line,
    });
  }
  return { questions, errors };
}
