import { keyPointsBasis, keyPointsFor } from './grading/key-points.js';
import { gradeByKeywords } from './grading/keyword-grader.js';
import type { GradeToSave } from './ports.js';
import type { Runtime } from './runtime.js';
import type { KeyPoint } from './types.js';

/**
 * Grading while a round is open: each tick grades the counted answers that came in since the
 * last one with the deterministic grader, so the reveal at the deadline (when every channel of a
 * time zone is due at once) grades only the last minute's answers. Nothing of a grade is shown
 * before the reveal; an edit clears the answer's grade and the next tick grades the new text.
 */

/** Answers graded per read and write. */
export const GRADE_AHEAD_BATCH = 500;
/** The most batches one tick grades; the rest waits for the next tick (or the reveal). */
export const GRADE_AHEAD_BATCHES = 10;

/** An answer's keyword grade, to store with the key points it was made against (`basis`). */
export function keywordGrade(
  keyPoints: readonly KeyPoint[],
  basis: string,
  answer: { readonly id: number; readonly text: string },
): GradeToSave {
  return {
    answerId: answer.id,
    grade: { ...gradeByKeywords(keyPoints, answer.text), basis },
    text: answer.text,
  };
}

/** Grades open rounds' ungraded counted answers; returns how many were graded. */
export async function gradeAhead(rt: Runtime): Promise<number> {
  const { store } = rt;
  const keyPoints = new Map<string, { points: readonly KeyPoint[]; basis: string }>();
  let graded = 0;
  let afterId = 0;
  for (let batch = 0; batch < GRADE_AHEAD_BATCHES; batch++) {
    const todo = await store.listUngradedAnswers(GRADE_AHEAD_BATCH, afterId);
    const grades: GradeToSave[] = [];
    for (const answer of todo) {
      const key = `${answer.questionId}:${answer.locale}`;
      let known = keyPoints.get(key);
      if (!known) {
        const question = await store.getQuestion(answer.questionId);
        const points = question ? keyPointsFor(question, answer.locale) : [];
        known = { points, basis: keyPointsBasis(points) };
        keyPoints.set(key, known);
      }
      grades.push(keywordGrade(known.points, known.basis, answer));
      afterId = answer.id;
    }
    await store.saveGrades(grades, 'first');
    graded += grades.length;
    if (todo.length < GRADE_AHEAD_BATCH) break;
  }
  return graded;
}
