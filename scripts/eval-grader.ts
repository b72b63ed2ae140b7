/**
 * `npm run eval:grader`: the deterministic grader against the labelled evaluation set
 * (eval/grader-cases.jsonl), on the key points those labels were written against (eval/key-points.json,
 * frozen from the bundled bank of 2026-12-01: the bank's own key points move on). Prints precision and recall of
 * key-point detection, rank agreement between score and label, the highest score of any
 * non-answer or off-topic answer, and strong-vs-partial order per question; for the whole set
 * without the paraphrases (answers written to avoid the key points' own words, the case an LLM
 * grader is for), and for its dev and test halves (questions are split by a hash of their id, so tuning on one
 * half can be checked on the other). `--json` prints the figures as JSON; `--misses` lists every
 * wrong key-point decision; `--split dev` (or `test`) reads only that half.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { keyPointsFor } from '../src/core/grading/key-points.js';
import { gradeByKeywords } from '../src/core/grading/keyword-grader.js';
import type { KeyPoint, Locale, QuestionTexts } from '../src/core/types.js';

type Kind = 'strong' | 'partial' | 'paraphrase' | 'off_topic' | 'non_answer';

interface Case {
  readonly question: string;
  readonly locale: Locale;
  readonly kind: Kind;
  readonly answer: string;
  /** The key points (by position) the answer makes, as labelled by a person. */
  readonly points: readonly number[];
}

interface Scored extends Case {
  readonly score: number;
  readonly found: readonly number[];
  readonly total: number;
  readonly split: 'dev' | 'test';
}

const CASES = new URL('../eval/grader-cases.jsonl', import.meta.url);
const KEY_POINTS = new URL('../eval/key-points.json', import.meta.url);

function splitOf(question: string): 'dev' | 'test' {
  return (createHash('sha256').update(question).digest()[0] ?? 0) % 2 === 0 ? 'dev' : 'test';
}

/** Spearman's rank correlation (average ranks for ties). */
function spearman(xs: readonly number[], ys: readonly number[]): number {
  const ranks = (v: readonly number[]): number[] => {
    const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
      for (let k = i; k <= j; k++) r[order[k]?.[1] ?? 0] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const a = ranks(xs);
  const b = ranks(ys);
  const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += ((a[i] ?? 0) - ma) * ((b[i] ?? 0) - mb);
    da += ((a[i] ?? 0) - ma) ** 2;
    db += ((b[i] ?? 0) - mb) ** 2;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

function figures(cases: readonly Scored[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const c of cases) {
    const truth = new Set(c.points);
    for (const p of c.found)
      if (truth.has(p)) tp++;
      else fp++;
    for (const p of truth) if (!c.found.includes(p)) fn++;
  }
  const junk = cases.filter((c) => c.kind === 'off_topic' || c.kind === 'non_answer');
  const byQuestion = new Map<string, Scored[]>();
  for (const c of cases)
    byQuestion.set(`${c.question}/${c.locale}`, [...(byQuestion.get(`${c.question}/${c.locale}`) ?? []), c]);
  let pairs = 0;
  let ordered = 0;
  for (const group of byQuestion.values()) {
    for (const s of group.filter((c) => c.kind === 'strong'))
      for (const p of group.filter((c) => c.kind === 'partial')) {
        pairs++;
        if (s.score > p.score) ordered++;
      }
  }
  const paraphrases = cases.filter((c) => c.kind === 'paraphrase');
  const paraphraseRecall =
    paraphrases.reduce((s, c) => s + c.found.filter((p) => c.points.includes(p)).length, 0) /
    Math.max(
      1,
      paraphrases.reduce((s, c) => s + c.points.length, 0),
    );
  return {
    cases: cases.length,
    questions: new Set(cases.map((c) => c.question)).size,
    precision: tp / Math.max(1, tp + fp),
    recall: tp / Math.max(1, tp + fn),
    spearman: spearman(
      cases.map((c) => c.score),
      cases.map((c) => c.points.length / Math.max(1, c.total)),
    ),
    maxJunkScore: junk.reduce((m, c) => Math.max(m, c.score), 0),
    strongAbovePartial: `${ordered}/${pairs}`,
    paraphraseRecall,
  };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const misses = process.argv.includes('--misses');
  // `--split dev`: only the dev half (for tuning terms without looking at the test half).
  const splitArg = process.argv[process.argv.indexOf('--split') + 1];
  const only = process.argv.includes('--split') ? splitArg : null;
  const frozen = JSON.parse(await readFile(KEY_POINTS, 'utf8')) as {
    questions: Record<string, Partial<Record<Locale, KeyPoint[]>>>;
  };
  const bank = new Map<string, QuestionTexts>(
    Object.entries(frozen.questions).map(([key, points]) => [
      key,
      Object.fromEntries(Object.entries(points).map(([l, keyPoints]) => [l, { keyPoints }])) as QuestionTexts,
    ]),
  );
  const lines = (await readFile(CASES, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const scored: Scored[] = [];
  for (const [i, line] of lines.entries()) {
    const c = JSON.parse(line) as Case;
    if (only !== null && splitOf(c.question) !== only) continue;
    const question = bank.get(c.question);
    if (!question) throw new Error(`line ${i + 1}: unknown question ${c.question}`);
    const keyPoints = keyPointsFor(question, c.locale);
    if (keyPoints.length === 0) throw new Error(`line ${i + 1}: ${c.question} has no key points`);
    const grade = gradeByKeywords(keyPoints, c.answer);
    const found = grade.points.filter((p) => p.covered).map((p) => p.index);
    scored.push({ ...c, score: grade.score, found, total: grade.total, split: splitOf(c.question) });
    if (misses) {
      const wrong = [
        ...found.filter((p) => !c.points.includes(p)).map((p) => `+${p}`),
        ...c.points.filter((p) => !found.includes(p)).map((p) => `-${p}`),
      ];
      if (wrong.length > 0)
        process.stdout.write(`${c.question} ${c.locale} ${c.kind} ${wrong.join(' ')}: ${c.answer}\n`);
    }
  }
  const report = {
    all: figures(scored),
    'no-para': figures(scored.filter((c) => c.kind !== 'paraphrase')),
    dev: figures(scored.filter((c) => c.split === 'dev')),
    test: figures(scored.filter((c) => c.split === 'test')),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const pct = (x: number): string => x.toFixed(3);
  process.stdout.write(
    'set     cases questions precision recall spearman max(junk) strong>partial paraphrase-recall\n',
  );
  for (const [name, f] of Object.entries(report))
    process.stdout.write(
      `${name.padEnd(7)} ${String(f.cases).padStart(5)} ${String(f.questions).padStart(9)} ${pct(f.precision).padStart(9)} ${pct(f.recall).padStart(6)} ${pct(f.spearman).padStart(8)} ${pct(f.maxJunkScore).padStart(9)} ${f.strongAbovePartial.padStart(14)} ${pct(f.paraphraseRecall).padStart(17)}\n`,
    );
  process.stdout.write(
    'targets: precision >= 0.9, recall >= 0.8, max(junk) <= 0.2, every strong above every partial\n',
  );
}

await main();
