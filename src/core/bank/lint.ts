import { messages } from '../i18n/catalog.js';
import type { Locale, QuestionText } from '../types.js';
import { isComplete } from './content.js';
import { keyPointsIn } from './key-points.js';
import { type ProfileWarning, profileWarnings } from './lint-profile.js';
import { planImport } from './plan.js';
import type { BankErrorCode, ParsedBank } from './types.js';

/**
 * What `sa-quiz bank lint` reports (the `--json` contract in DESIGN.md): every question read,
 * how many entries merged, the errors; and, for grading, which questions have no key points and
 * warnings that never change the exit code.
 */

/** One question as lint shows it, in the language of its first entry. */
export interface LintQuestion {
  readonly id: string;
  readonly title: string;
  readonly categories: readonly string[];
  readonly definition: string;
  readonly benefits: readonly string[];
  readonly risks: readonly string[];
  readonly complete: boolean;
  /** How many key points it has (0: its answers are not graded). */
  readonly keyPoints: number;
  /** The bank v2 fields (ids), empty when not written. */
  readonly pillars: readonly string[];
  readonly domains: readonly string[];
  readonly level: string | null;
  readonly lastVerified: string | null;
}

export interface LintError {
  readonly file: string;
  readonly line: number;
  readonly code: BankErrorCode;
  readonly message: string;
}

/**
 * Something to fix that does not stop an import: `key_points_differ`, the languages of one
 * question hold different numbers of key points (they are aligned by position);
 * `key_point_without_terms`, a point no answer can be matched against.
 */
export type LintWarning =
  | ProfileWarning
  | {
      readonly code: 'key_points_differ';
      readonly id: string;
      readonly title: string;
      readonly counts: Partial<Record<Locale, number>>;
      readonly message: string;
    }
  | {
      readonly code: 'key_point_without_terms';
      readonly file: string;
      readonly line: number;
      readonly title: string;
      /** 1-based position of the point. */
      readonly point: number;
      readonly message: string;
    };

export interface LintReport {
  readonly questions: readonly LintQuestion[];
  readonly duplicatesMerged: number;
  readonly errors: readonly LintError[];
  /** Titles of the questions with no key points. */
  readonly withoutKeyPoints: readonly string[];
  readonly warnings: readonly LintWarning[];
}

const firstText = (texts: Partial<Record<Locale, QuestionText>>): QuestionText | undefined =>
  Object.values(texts).find((t) => t !== undefined);

/** Reads the files as one upload into an empty bank, as `bank import` would, and reports it. */
export function lintReport(files: readonly ParsedBank[]): LintReport {
  const plan = planImport(files, []);
  const questions = plan.fresh.map((q): LintQuestion => {
    const text = firstText(q.texts);
    return {
      id: q.key,
      title: text?.title ?? '',
      categories: text?.categories ?? [],
      definition: text?.definition ?? '',
      benefits: text?.benefits ?? [],
      risks: text?.risks ?? [],
      complete: text ? isComplete(text) : false,
      keyPoints: text ? keyPointsIn(text).length : 0,
      pillars: text?.pillars ?? [],
      domains: text?.domains ?? [],
      level: text?.level ?? null,
      lastVerified: text?.lastVerified ?? null,
    };
  });
  const errors = plan.errors.map((e) => ({
    file: e.file,
    line: e.line,
    code: e.code,
    message: messages('en').bankError(e.code, e.detail),
  }));
  const warnings: LintWarning[] = [];
  for (const entry of files.flatMap((f) => f.questions)) {
    keyPointsIn(entry.text).forEach((p, i) => {
      if (p.terms.length > 0) return;
      warnings.push({
        code: 'key_point_without_terms',
        file: entry.file,
        line: entry.line,
        title: entry.text.title,
        point: i + 1,
        message: `key point ${i + 1} of "${entry.text.title}" has no terms, so no answer can cover it`,
      });
    });
  }
  for (const q of plan.fresh) {
    const counts = Object.fromEntries(
      Object.entries(q.texts).flatMap(([locale, t]) => (t ? [[locale, keyPointsIn(t).length]] : [])),
    ) as Partial<Record<Locale, number>>;
    if (new Set(Object.values(counts)).size <= 1) continue;
    const title = firstText(q.texts)?.title ?? '';
    const said = Object.entries(counts)
      .map(([locale, n]) => `${locale} ${n}`)
      .join(', ');
    warnings.push({
      code: 'key_points_differ',
      id: q.key,
      title,
      counts,
      message: `key points differ by language for "${title}" (${said}); they are aligned by position, so every language needs the same number`,
    });
  }
  warnings.push(...profileWarnings(plan.fresh));
  return {
    questions,
    duplicatesMerged: plan.duplicatesMerged,
    errors,
    withoutKeyPoints: questions.filter((q) => q.keyPoints === 0).map((q) => q.title),
    warnings,
  };
}

/** The human-readable report: the counts, the questions without key points, warnings, errors. */
export function lintLines(report: LintReport): string[] {
  const total = report.questions.length;
  const complete = report.questions.filter((q) => q.complete).length;
  const lines = [
    `${total} questions (${complete} complete, ${total - complete} incomplete), ${report.duplicatesMerged} duplicates merged, ${report.errors.length} errors`,
  ];
  if (report.withoutKeyPoints.length > 0) {
    lines.push(`${report.withoutKeyPoints.length} of ${total} questions have no key points (not graded):`);
    for (const title of report.withoutKeyPoints) lines.push(`  ${title}`);
  }
  for (const w of report.warnings) {
    lines.push('file' in w ? `${w.file}:${w.line}: warning: ${w.message}` : `warning: ${w.message}`);
  }
  for (const e of report.errors) lines.push(`${e.file}:${e.line}: ${e.message}`);
  return lines;
}
