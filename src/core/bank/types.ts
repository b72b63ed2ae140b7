import type { Locale, QuestionText } from '../types.js';
import type { RawProfile } from './profile.js';

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
  | 'too_long'
  | 'too_many_questions';

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
  /** The bank v2 fields as written (resolved into `text` when the file is cleaned). */
  readonly profile?: RawProfile;
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
  /** True when the key is an id written in the file: such a question never merges by title. */
  readonly explicitKey?: boolean;
}

/** Why an entry was folded into another question instead of becoming one of its own. */
export type MergeReason = 'same_id' | 'same_title' | 'same_alias';

/** One entry folded into a question: shown in the upload preview so no merge is silent. */
export interface MergeRecord {
  /** The key of the question it joins. */
  readonly into: string;
  readonly intoTitle: string;
  /** `file:line` of the entry that is folded in. */
  readonly from: string;
  readonly fromTitle: string;
  readonly reason: MergeReason;
  /** true: it joins a question already in the bank; false: another entry of the same upload. */
  readonly existing: boolean;
}

export interface MergedBank {
  readonly questions: readonly BankQuestion[];
  /** Entries folded into an earlier entry of the same language (the seed's `(중복)` entries). */
  readonly duplicatesMerged: number;
  /** Every entry folded into another one of the upload (same language, or another language by title). */
  readonly merges: readonly MergeRecord[];
  /** `conflicting_id`: one id on two different questions of the same language. */
  readonly errors: readonly BankError[];
}
