import type { KeyPoint, Locale, QuestionText } from '../types.js';

/** What one key point came to in one answer. */
export interface PointResult {
  /** The key point's position in the question (the same in every language). */
  readonly index: number;
  readonly covered: boolean;
  /**
   * Why: the answer's own words that matched (the deterministic grader), or the LLM's short
   * quote. Empty for a missed point.
   */
  readonly evidence: readonly string[];
}

/** A graded answer, stored with it: a changed bank or grader never rewrites it. */
export interface AnswerGrade {
  /** `keywords` (the deterministic grader), `bedrock`, `openai`. */
  readonly grader: string;
  readonly version: string;
  /** Covered key points over all key points, in [0, 1]; 0 when the question has none. */
  readonly score: number;
  readonly covered: number;
  readonly total: number;
  readonly points: readonly PointResult[];
  /**
   * A real attempt at an answer: anything but a non-answer ("모르겠어요", "pass", "?", a lone
   * emoji, a few characters). Only a real attempt extends a streak, whatever its coverage.
   */
  readonly attempt: boolean;
  /** The key points a keyword grade was made against (`keyPointsBasis`); absent in older grades. */
  readonly basis?: string;
  /** One or two sentences from an LLM grader; null from the deterministic one. */
  readonly feedback: string | null;
}

/** Everything a grader is given: the question in the answer's language, and the answer. */
export interface GradeRequest {
  readonly locale: Locale;
  /** The question as shown (title, definition, benefits, risks): the reference answer. */
  readonly question: QuestionText;
  /**
   * The key points of `question`, each with the terms of every language of the question (see
   * `keyPointsFor`), in their fixed order.
   */
  readonly keyPoints: readonly KeyPoint[];
  readonly answer: string;
}

/**
 * Grades a free-text answer against a question's key points. The deterministic grader never
 * fails; an LLM grader falls back to it on any error or timeout, so `grade` always resolves.
 */
export interface Grader {
  readonly name: string;
  readonly version: string;
  grade(request: GradeRequest): Promise<AnswerGrade>;
}
