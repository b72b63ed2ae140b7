import { createHash } from 'node:crypto';
import type { KeyPoint, Locale, Question, QuestionTexts } from '../types.js';

/**
 * A question's key points for grading an answer in `locale`: the points of that language (else
 * the first language that has any), each with the terms of the same point in every language,
 * since people write English service names and terms inside Korean answers.
 */
export function keyPointsFor(question: Pick<Question, 'texts'> | QuestionTexts, locale: Locale): KeyPoint[] {
  const texts: QuestionTexts = 'texts' in question ? (question.texts as QuestionTexts) : question;
  const all = Object.entries(texts).flatMap(([l, t]) =>
    t?.keyPoints?.length ? [[l, t.keyPoints] as const] : [],
  );
  const own = all.find(([l]) => l === locale) ?? all[0];
  if (!own) return [];
  return own[1].map((point, index) => {
    const terms = new Set(point.terms);
    for (const [, points] of all) for (const term of points[index]?.terms ?? []) terms.add(term);
    return { text: point.text, terms: [...terms] };
  });
}

/**
 * What a keyword grade was made against: the key points (texts and terms) as graded. A grade
 * made while the round was open is made again at the reveal if the bank changed meanwhile.
 */
export function keyPointsBasis(keyPoints: readonly KeyPoint[]): string {
  const points = keyPoints.map((p) => [p.text, p.terms]);
  return createHash('sha256').update(JSON.stringify(points)).digest('hex').slice(0, 16);
}
