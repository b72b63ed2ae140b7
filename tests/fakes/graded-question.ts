import type { BankQuestion } from '../../src/core/bank/types.js';
import type { QuestionText } from '../../src/core/types.js';
import { text as questionText } from '../helpers/questions.js';

/**
 * A question with key points, for the feedback end-to-end suites of both platforms (the bundled
 * bank may have none): security groups, with three key points aligned across Korean and English,
 * and answers of known coverage.
 */

export const GRADED_KEY = 'security-group';

function text(t: Partial<QuestionText> & Pick<QuestionText, 'title' | 'keyPoints'>): QuestionText {
  return questionText(t.title, { definition: '', benefits: [], risks: [], ...t });
}

/** The key points' texts as the reveal and the notes show them (Korean). */
export const KEY_POINTS_KO = [
  '상태 저장(stateful): 허용된 요청의 응답 트래픽은 자동으로 허용된다.',
  '허용 규칙만 있고 거부 규칙은 만들 수 없다.',
  'ENI(인스턴스) 단위로 적용되고, 서브넷 단위 방화벽은 NACL이다.',
] as const;

export const KEY_POINTS_EN = [
  'Stateful: return traffic of an allowed request is allowed automatically.',
  'Only allow rules; there are no deny rules.',
  'Applied per ENI (instance); the subnet-level firewall is the NACL.',
] as const;

export const gradedQuestion: BankQuestion = {
  key: GRADED_KEY,
  sources: ['feedback-test:1'],
  texts: {
    ko: text({
      title: '보안 그룹(Security Group)이란?',
      definition: 'ENI 단위로 적용되는 상태 저장 가상 방화벽.',
      benefits: ['응답 트래픽 규칙을 따로 만들 필요가 없다'],
      risks: ['거부 규칙이 없어 특정 IP 차단은 NACL로 해야 한다'],
      keyPoints: [
        { text: KEY_POINTS_KO[0], terms: ['상태 저장', 'stateful', '스테이트풀', '응답 트래픽 + 자동'] },
        { text: KEY_POINTS_KO[1], terms: ['허용 규칙만', '거부 규칙 + 없', 'allow rules only', 'no deny'] },
        { text: KEY_POINTS_KO[2], terms: ['ENI', '네트워크 인터페이스', '인스턴스 단위', 'instance level'] },
      ],
    }),
    en: text({
      title: 'What is a security group?',
      categories: ['Security'],
      definition: 'A stateful virtual firewall applied per ENI.',
      benefits: ['No rules needed for return traffic'],
      risks: ['No deny rules: blocking an IP needs a NACL'],
      keyPoints: [
        { text: KEY_POINTS_EN[0], terms: ['stateful', 'return traffic + automatic'] },
        { text: KEY_POINTS_EN[1], terms: ['allow rules only', 'only allow', 'no deny'] },
        { text: KEY_POINTS_EN[2], terms: ['ENI', 'network interface', 'instance level'] },
      ],
    }),
  },
};

/** Makes key points 1 and 2 of 3. */
export const STRONG_ANSWER =
  '보안 그룹은 상태 저장 방식이라 응답 트래픽이 자동으로 허용됩니다. 허용 규칙만 만들 수 있고 거부 규칙은 없습니다.';
/** Makes key point 1 of 3: weak, so the question comes back in practice. */
export const WEAK_ANSWER = '보안 그룹은 방화벽이고 stateful 합니다.';
/** Makes all three. */
export const FULL_ANSWER =
  '보안 그룹은 stateful 이라 응답 트래픽이 자동 허용되고, 허용 규칙만 있으며 ENI 단위로 붙습니다.';
