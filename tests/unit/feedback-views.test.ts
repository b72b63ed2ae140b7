import { describe, expect, it } from 'vitest';
import { pointLabel, suggestedGrade } from '../../src/core/feedback-views.js';
import type { AnswerGrade } from '../../src/core/grading/types.js';

describe('key point labels in the public tally', () => {
  it('use the lead-in before a colon, a short point whole, else the first words', () => {
    expect(pointLabel('상태 저장(stateful): 허용된 요청의 응답 트래픽은 자동으로 허용된다.')).toBe(
      '상태 저장(stateful)',
    );
    expect(pointLabel('허용 규칙만 있고 거부 규칙은 없다.')).toBe('허용 규칙만 있고 거부 규칙은 없다.');
    const long =
      '공동 책임 모델에서 AWS는 클라우드 자체의 지속 가능성(효율적인 데이터센터, 하드웨어, 재생 에너지)을, 고객은 클라우드 안의 지속 가능성을 책임진다.';
    const label = pointLabel(long);
    expect(label.endsWith('…')).toBe(true);
    expect([...label].length).toBeLessThanOrEqual(49);
    expect(long.startsWith(label.slice(0, -1))).toBe(true);
  });
});

describe('the suggested self-grade', () => {
  const grade = (score: number, attempt = true): AnswerGrade => ({
    grader: 'keywords',
    version: '1',
    score,
    covered: Math.round(score * 5),
    total: 5,
    points: [],
    attempt,
    feedback: null,
  });

  it('follows the coverage, and is "again" for a non-answer', () => {
    expect([1, 0.8, 0.6, 0.4, 0.2, 0].map((s) => suggestedGrade(grade(s)))).toEqual([
      'easy',
      'good',
      'good',
      'hard',
      'again',
      'again',
    ]);
    expect(suggestedGrade(grade(1, false))).toBe('again');
  });
});
