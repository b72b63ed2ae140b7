import { detectLocale } from './core/bank/content.js';
import { normalizeTitle } from './core/bank/title.js';
import { keyPointsFor } from './core/grading/key-points.js';
import type { Grader } from './core/grading/types.js';
import type { Store } from './core/ports.js';
import { effectiveBank, textFor } from './core/selection.js';
import type { Locale, Question } from './core/types.js';

/**
 * `sa-quiz grade FILE.jsonl [--json]`: one `{"question": "<id or title>", "answer": "<text>"}`
 * per line, each graded against the bank in the database with the configured grader. With
 * `--json`, one JSON object per input line, in order; a line that cannot be graded gives an
 * object with an `error` field instead of ending the run.
 */

/** At most this many lines are graded in one run. */
export const MAX_GRADE_LINES = 100_000;

export interface GradeLineResult {
  readonly question?: string;
  readonly score?: number;
  readonly covered?: readonly string[];
  readonly missed?: readonly string[];
  readonly error?: string;
  readonly line?: number;
}

/** Finds a question by its id (key), else by its title or alias in any language. */
export function questionFinder(questions: readonly Question[]): (ref: string) => Question | null {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const byName = new Map<string, Question>();
  for (const q of questions)
    for (const text of Object.values(q.texts))
      for (const name of [text?.title ?? '', ...(text?.aliases ?? [])]) {
        const normal = normalizeTitle(name);
        if (normal !== '' && !byName.has(normal)) byName.set(normal, q);
      }
  return (ref) => byKey.get(ref.trim()) ?? byName.get(normalizeTitle(ref)) ?? null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Grades every line of a JSONL text; `lang` fixes the language, else each answer's own. */
export async function gradeLines(
  text: string,
  questions: readonly Question[],
  grader: Grader,
  lang: Locale | undefined,
): Promise<GradeLineResult[]> {
  const find = questionFinder(questions);
  const results: GradeLineResult[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const line = index + 1;
    if (results.length >= MAX_GRADE_LINES) {
      results.push({ line, error: `more than ${MAX_GRADE_LINES} lines; the rest were not graded` });
      break;
    }
    let entry: unknown;
    try {
      entry = JSON.parse(raw);
    } catch {
      results.push({ line, error: 'not a JSON object' });
      continue;
    }
    if (!isRecord(entry) || typeof entry.question !== 'string' || typeof entry.answer !== 'string') {
      const question = isRecord(entry) && typeof entry.question === 'string' ? entry.question : undefined;
      results.push({
        ...(question === undefined ? {} : { question }),
        line,
        error: 'needs "question" and "answer" strings',
      });
      continue;
    }
    const question = find(entry.question);
    if (!question) {
      results.push({ question: entry.question, line, error: 'unknown question' });
      continue;
    }
    const locale = lang ?? detectLocale(entry.answer);
    const keyPoints = keyPointsFor(question, locale);
    const grade = await grader.grade({
      locale,
      question: textFor(question, locale),
      keyPoints,
      answer: entry.answer,
    });
    const textOf = (i: number): string => keyPoints[i]?.text ?? '';
    results.push({
      question: question.key,
      score: Math.round(grade.score * 1000) / 1000,
      covered: grade.points.filter((p) => p.covered).map((p) => textOf(p.index)),
      missed: grade.points.filter((p) => !p.covered).map((p) => textOf(p.index)),
      ...(keyPoints.length === 0 ? { error: 'the question has no key points' } : {}),
    });
  }
  return results;
}

/** One result as the contract's JSON line (`line` only where it helps find a bad input line). */
export function jsonLine(result: GradeLineResult): string {
  return JSON.stringify(result);
}

/** One result for a person: `ami  0.75  ✔ a; b  ✗ c`. */
export function humanLine(result: GradeLineResult): string {
  if (result.score === undefined)
    return `${result.question ?? `line ${result.line}`}  error: ${result.error}`;
  const covered = (result.covered ?? []).join('; ');
  const missed = (result.missed ?? []).join('; ');
  return `${result.question}  ${result.score.toFixed(2)}  ✔ ${covered || '-'}  ✗ ${missed || '-'}${result.error ? `  (${result.error})` : ''}`;
}

/** The bank the grade command reads: the global library, or a workspace's effective bank. */
export async function gradingBank(store: Store, scope: number | null): Promise<Question[]> {
  const global = await store.listQuestions(null);
  if (scope === null) return global;
  return effectiveBank(global, await store.listQuestions(scope));
}
