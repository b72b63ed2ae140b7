import type { Locale, QuestionText } from '../types.js';

export type BankFormat = 'markdown' | 'notes' | 'json' | 'csv';

export type BankErrorCode =
  | 'not_utf8'
  | 'unknown_format'
  | 'no_questions'
  | 'missing_summary'
  | 'empty_title'
  | 'unclosed_details'
  | 'invalid_json'
  | 'invalid_field'
  | 'missing_title'
  | 'invalid_csv'
  | 'unknown_column'
  | 'invalid_id'
  | 'conflicting_id'
  | 'too_long';

/** A problem in a bank file, located so the person who wrote it can fix it. */
export interface BankError {
  readonly file: string;
  readonly line: number;
  readonly code: BankErrorCode;
  /** What was found, for the message (a tag, a column name, a parser's own words). */
  readonly detail: string;
}

/** One question as read from one place in one file, before duplicates are merged. */
export interface ParsedQuestion {
  /** The stable id written in the file, if any. */
  readonly id: string | null;
  readonly locale: Locale;
  readonly text: QuestionText;
  readonly file: string;
  readonly line: number;
}

export interface ParsedBank {
  readonly format: BankFormat | null;
  readonly questions: readonly ParsedQuestion[];
  readonly errors: readonly BankError[];
}

/** A question after merging every entry that names the same topic. */
export interface BankQuestion {
  readonly key: string;
  readonly texts: Partial<Record<Locale, QuestionText>>;
  /** Where it was read, `file:line` of each entry. */
  readonly sources: readonly string[];
}

export interface MergedBank {
  readonly questions: readonly BankQuestion[];
  /** Entries folded into an earlier entry of the same language (the seed's `(중복)` entries). */
  readonly duplicatesMerged: number;
}
