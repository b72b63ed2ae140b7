import { describe, expect, it } from 'vitest';
import { isRealAttempt } from '../../src/core/grading/attempt.js';
import { keyPointsFor } from '../../src/core/grading/key-points.js';
import { gradeByKeywords, keywordGrader } from '../../src/core/grading/keyword-grader.js';
import { normalizedSentences, normalizeText } from '../../src/core/grading/normalize.js';
import type { KeyPoint, QuestionText } from '../../src/core/types.js';
import { text as questionText } from '../helpers/questions.js';

const SECURITY_GROUP: KeyPoint[] = [
  {
    text: '상태 저장',
    terms: ['상태 저장', 'stateful', '스테이트풀', '응답 트래픽 + 자동', 'return traffic'],
  },
  { text: '허용 규칙만', terms: ['허용 규칙만', '거부 규칙 + 없', 'allow rules only', 'no deny'] },
  { text: 'ENI 단위', terms: ['ENI', '네트워크 인터페이스', '인스턴스 단위', 'instance level'] },
  { text: '다른 SG 참조', terms: ['다른 보안 그룹 + 참조', 'reference + security group'] },
];

const covered = (answer: string, points = SECURITY_GROUP): number[] =>
  gradeByKeywords(points, answer)
    .points.filter((p) => p.covered)
    .map((p) => p.index);

describe('normalisation', () => {
  it('ignores width, case, punctuation and hyphens', () => {
    expect(normalizeText('ＭＵＬＴＩ-ａｚ, Multi-AZ!')).toBe('multi az multi az');
  });

  it('splits sentences on punctuation, line breaks and a finished Korean clause', () => {
    expect(normalizedSentences('상태 저장이다, 그리고 ENI.\nstateless? no')).toEqual([
      '상태 저장이다',
      '그리고 eni',
      'stateless',
      'no',
    ]);
  });
});

describe('the keyword grader', () => {
  it('matches through Korean particles, endings and missing spaces', () => {
    expect(covered('보안 그룹은 상태를 저장하므로 돌아오는 트래픽이 허용됩니다')).toEqual([0]);
    expect(covered('상태저장 방식')).toEqual([0]);
    expect(covered('상태 저장이라서 편해요')).toEqual([0]);
  });

  it('finds English terms inside Korean answers, and their plain inflections', () => {
    expect(covered('SG는 stateful이고 ENI에 붙습니다')).toEqual([0, 2]);
    expect(covered('It applies to ENIs')).toEqual([2]);
  });

  it('needs every part of `a + b` in one sentence', () => {
    expect(covered('응답 트래픽은 자동으로 나갑니다')).toEqual([0]);
    expect(covered('응답 트래픽은 따로 봐야 합니다. 자동 확장은 별개')).toEqual([]);
    expect(covered('다른 보안 그룹을 소스로 참조할 수 있다')).toEqual([3]);
  });

  it('does not read a prefix-negated or negated claim as made', () => {
    expect(covered('보안 그룹은 상태 비저장입니다')).toEqual([]);
    expect(covered('상태를 저장하지 않는다')).toEqual([]);
    expect(covered('상태 저장 안 됨')).toEqual([]);
    expect(covered('Security groups are not stateful')).toEqual([]);
    expect(covered("it isn't stateful")).toEqual([]);
  });

  it('tries a later occurrence when the first is negated, and reads 안에서 as "inside"', () => {
    expect(covered('상태 저장은 NACL에선 안 되고 보안 그룹은 상태 저장이다')).toEqual([0]);
    const hsm: KeyPoint[] = [{ text: 'HSM', terms: ['HSM'] }];
    expect(covered('키는 HSM 안에서 보관됩니다', hsm)).toEqual([0]);
    expect(covered('HSM 안 씁니다', hsm)).toEqual([]);
  });

  it('keeps a term that states a negative itself', () => {
    expect(covered('거부 규칙은 없고 허용만 있어요')).toEqual([1]);
    expect(covered('There are no deny rules')).toEqual([1]);
  });

  it('matches Latin words only at word starts, and not their longer relatives', () => {
    const nat: KeyPoint[] = [{ text: 'NAT', terms: ['NAT'] }];
    expect(covered('an alternative design', nat)).toEqual([]);
    expect(covered('NAT 게이트웨이', nat)).toEqual([0]);
    expect(covered('stateless NACL', SECURITY_GROUP)).toEqual([]);
  });

  it('lets a Hangul phrase start inside a word, but not after a negating prefix', () => {
    const region: KeyPoint[] = [{ text: '리전', terms: ['리전'] }];
    expect(covered('멀티리전 구성', region)).toEqual([0]);
    const save: KeyPoint[] = [{ text: '저장', terms: ['저장'] }];
    expect(covered('비저장', save)).toEqual([]);
    expect(covered('업무 저장', save)).toEqual([0]);
  });

  it('scores coverage in [0, 1] and says which words matched', () => {
    const grade = gradeByKeywords(
      SECURITY_GROUP,
      'Security groups are stateful, allow rules only, at the instance level',
    );
    expect(grade).toMatchObject({
      grader: 'keywords',
      version: '1',
      covered: 3,
      total: 4,
      score: 0.75,
      attempt: true,
    });
    expect(grade.points[0]).toEqual({ index: 0, covered: true, evidence: ['stateful'] });
    expect(grade.points[3]).toEqual({ index: 3, covered: false, evidence: [] });
    expect(gradeByKeywords([], 'anything at all here').score).toBe(0);
  });

  it('is the Grader port', async () => {
    const text = { title: 'SG' } as QuestionText;
    const grade = await keywordGrader.grade({
      locale: 'ko',
      question: text,
      keyPoints: SECURITY_GROUP,
      answer: '스테이트풀',
    });
    expect(grade.covered).toBe(1);
  });
});

describe('real attempts', () => {
  it.each([
    '모르겠어요',
    '잘 모르겠습니다 ㅠㅠ',
    'pass',
    'PASS!',
    '?',
    '??',
    '👍',
    ':thinking_face:',
    '<:think:123456>',
    '저도 궁금해요',
    'idk',
    "I don't know",
    'ok',
    'IAM',
  ])('%s is not an attempt', (answer) => expect(isRealAttempt(answer)).toBe(false));

  it.each(['상태저장', 'stateful', '모르겠지만 상태 저장 같아요', 'password 정책', 'ENI 단위로 붙는 방화벽'])(
    '%s is an attempt',
    (answer) => expect(isRealAttempt(answer)).toBe(true),
  );
});

describe('key points for a language', () => {
  const text = (keyPoints: KeyPoint[]): QuestionText => questionText('t', { keyPoints });

  it("takes the language's own texts with every language's terms for the same point", () => {
    const points = keyPointsFor(
      {
        ko: text([{ text: '상태 저장', terms: ['상태 저장'] }]),
        en: text([{ text: 'Stateful', terms: ['stateful'] }]),
      },
      'ko',
    );
    expect(points).toEqual([{ text: '상태 저장', terms: ['상태 저장', 'stateful'] }]);
  });

  it('falls back to another language, and to none', () => {
    expect(keyPointsFor({ en: text([{ text: 'Stateful', terms: ['stateful'] }]) }, 'ko')[0]?.text).toBe(
      'Stateful',
    );
    expect(keyPointsFor({ ko: text([]) }, 'ko')).toEqual([]);
  });
});
