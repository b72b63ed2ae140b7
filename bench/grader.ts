/**
 * How fast the keyword grader is, against a floor measured in the same run: every answer of the
 * evaluation set (eval/grader-cases.jsonl, cycled to --answers) graded against its question's key
 * points, versus the least any term grader must do — normalise the answer and look each term up
 * with `includes`. Runs alternate (floor, grader, floor, grader, ...) and the medians are compared,
 * since the machine is noisy. Run: npx tsx bench/grader.ts [--answers 20000] [--runs 7]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readBundledBank } from '../src/bundled-bank.js';
import { keyPointsFor } from '../src/core/grading/key-points.js';
import { gradeByKeywords } from '../src/core/grading/keyword-grader.js';
import { normalizeText } from '../src/core/grading/normalize.js';
import type { KeyPoint, Locale } from '../src/core/types.js';

const { values } = parseArgs({
  options: { answers: { type: 'string', default: '20000' }, runs: { type: 'string', default: '7' } },
});
const COUNT = Number(values.answers);
const RUNS = Number(values.runs);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const bank = new Map((await readBundledBank()).map((q) => [q.key, q]));
const cases = readFileSync(new URL('../eval/grader-cases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { question: string; locale: Locale; answer: string });
const work: { points: KeyPoint[]; answer: string }[] = [];
for (let i = 0; work.length < COUNT; i++) {
  const c = cases[i % cases.length];
  const q = c && bank.get(c.question);
  if (!c || !q) continue;
  // A different text each time, so nothing is cached by the answer.
  work.push({ points: keyPointsFor(q.texts, c.locale), answer: `${c.answer} ${i}` });
}

// The floor's terms are normalised once, as the grader compiles its patterns once.
const normalised = new Map<KeyPoint, string[]>();
for (const { points } of work)
  for (const p of points) if (!normalised.has(p)) normalised.set(p, p.terms.map(normalizeText));

function floor(): number {
  let found = 0;
  for (const { points, answer } of work) {
    const text = normalizeText(answer);
    for (const p of points) if (normalised.get(p)?.some((t) => text.includes(t))) found++;
  }
  return found;
}

function grader(): number {
  let found = 0;
  for (const { points, answer } of work) found += gradeByKeywords(points, answer).covered;
  return found;
}

floor();
grader();
const floors: number[] = [];
const grades: number[] = [];
for (let run = 0; run < RUNS; run++) {
  let t = performance.now();
  floor();
  floors.push(performance.now() - t);
  t = performance.now();
  grader();
  grades.push(performance.now() - t);
}
const perSecond = (ms: number): string => Math.round((work.length / ms) * 1000).toLocaleString('en');
console.log(`${work.length} answers, medians of ${RUNS} alternating runs`);
console.log(
  `floor (normalise + includes per term): ${median(floors).toFixed(0)} ms, ${perSecond(median(floors))} answers/s`,
);
console.log(
  `keyword grader:                        ${median(grades).toFixed(0)} ms, ${perSecond(median(grades))} answers/s`,
);
console.log(`grader / floor: ${(median(grades) / median(floors)).toFixed(2)}×`);
