import { describe, expect, it } from 'vitest';
import { readBundledBank } from '../../src/bundled-bank.js';
import { keyPointsFor } from '../../src/core/grading/key-points.js';
import { gradeByKeywords } from '../../src/core/grading/keyword-grader.js';
import { LOCALES } from '../../src/core/types.js';

const bank = await readBundledBank();

/**
 * Every bundled key point can be reached, and not for free: its own sentence and the reference
 * answer make it, a reply that only repeats the question's title does not. (The labelled eval in
 * eval/ measures how real answers fare; this guards each of the 172 questions' terms.)
 */
describe('the bundled key points', () => {
  const cases = bank.flatMap((q) => LOCALES.map((locale) => ({ q, locale })));

  it('are each made by their own sentence', () => {
    const missed = cases.flatMap(({ q, locale }) =>
      keyPointsFor(q.texts, locale).flatMap((p, i) =>
        gradeByKeywords([p], p.text).score < 1 ? [`${q.key} ${locale} ${i}`] : [],
      ),
    );
    expect(missed).toEqual([]);
  });

  it('are mostly made by the reference answer (30-second answer, definition, benefits, risks)', () => {
    const low = cases.flatMap(({ q, locale }) => {
      const t = q.texts[locale];
      if (!t) return [`${q.key} ${locale} missing`];
      const reference = [t.brief ?? '', t.definition, ...t.benefits, ...t.risks, ...(t.whenNotToUse ?? [])];
      const grade = gradeByKeywords(keyPointsFor(q.texts, locale), reference.join('\n'));
      return grade.score < 0.8 ? [`${q.key} ${locale} ${grade.score.toFixed(2)}`] : [];
    });
    expect(low).toEqual([]);
  });

  it('are not made by a reply that only repeats the title', () => {
    const free = cases.flatMap(({ q, locale }) => {
      const title = q.texts[locale]?.title ?? '';
      const grade = gradeByKeywords(keyPointsFor(q.texts, locale), title);
      return grade.score > 0.2 ? [`${q.key} ${locale} ${grade.score.toFixed(2)}`] : [];
    });
    expect(free).toEqual([]);
  });
});
