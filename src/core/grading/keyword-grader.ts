import type { KeyPoint } from '../types.js';
import { isRealAttempt } from './attempt.js';
import { compilePoint, findPoint } from './match.js';
import { normalizedSentences } from './normalize.js';
import type { AnswerGrade, GradeRequest, Grader, PointResult } from './types.js';

/**
 * The deterministic grader: needs nothing outside the process, grades thousands of answers a
 * second, and says which of the answer's words made each point.
 */

export const KEYWORD_GRADER = 'keywords';
/** Bumped whenever the matching rules change, so stored grades say which rules made them. */
export const KEYWORD_GRADER_VERSION = '1';

const MAX_EVIDENCE = 80;

/** Grades `answer` against `keyPoints` at once (the Grader port's work without the promise). */
export function gradeByKeywords(keyPoints: readonly KeyPoint[], answer: string): AnswerGrade {
  const sentences = normalizedSentences(answer);
  const points: PointResult[] = keyPoints.map((point, index) => {
    const evidence = findPoint(compilePoint(point), sentences);
    return evidence
      ? { index, covered: true, evidence: evidence.map((e) => e.slice(0, MAX_EVIDENCE)) }
      : { index, covered: false, evidence: [] };
  });
  const covered = points.filter((p) => p.covered).length;
  return {
    grader: KEYWORD_GRADER,
    version: KEYWORD_GRADER_VERSION,
    score: points.length === 0 ? 0 : covered / points.length,
    covered,
    total: points.length,
    points,
    attempt: isRealAttempt(answer),
    feedback: null,
  };
}

export const keywordGrader: Grader = {
  name: KEYWORD_GRADER,
  version: KEYWORD_GRADER_VERSION,
  grade: async (request: GradeRequest) => gradeByKeywords(request.keyPoints, request.answer),
};
