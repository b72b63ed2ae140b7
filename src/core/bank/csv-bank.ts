import type { Locale } from '../types.js';
import { emptyText, isPlaceholder } from './content.js';
import { displayTitle, isValidId } from './title.js';
import type { BankError, ParsedQuestion } from './types.js';

/** CSV banks: a header row, one question per row, lists split by `|` (docs/bank-format.md). */

export const CSV_COLUMNS = [
  'id',
  'title',
  'categories',
  'definition',
  'benefits',
  'risks',
  'docs',
  'followUp',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** RFC 4180 records with the line each one starts on; null cells mark an unterminated quote. */
export function readCsv(text: string): { records: CsvRecord[]; unterminatedAt: number | null } {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
      quoteStart = line;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n') {
      cells.push(cell);
      if (cells.some((c) => c !== '')) records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) return { records, unterminatedAt: quoteStart };
  cells.push(cell);
  if (cells.some((c) => c !== '')) records.push({ line: recordLine, cells });
  return { records, unterminatedAt: null };
}

const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split('|')
    .map((part) => part.trim())
    .filter((part) => !isPlaceholder(part));

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

  const questions: ParsedQuestion[] = [];
  for (const row of rows) {
    const get = (column: Column): string => row.cells[columns.indexOf(column)]?.trim() ?? '';
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
      errors.push({ file, line: row.line, code: 'missing_title', detail: '' });
      continue;
    }
    const id = get('id');
    if (id !== '' && !isValidId(id)) {
      errors.push({ file, line: row.line, code: 'invalid_id', detail: id });
      continue;
    }
    const definition = get('definition');
    questions.push({
      id: id === '' ? null : id,
      locale,
      text: {
        ...emptyText(title),
        categories: list(get('categories')),
        definition: isPlaceholder(definition) ? '' : definition,
        benefits: list(get('benefits')),
        risks: list(get('risks')),
        docs: get('docs') === '' ? null : get('docs'),
        followUp: get('followUp') === '' ? null : get('followUp'),
      },
      file,
      line: row.line,
    });
  }
  return { questions, errors };
}
