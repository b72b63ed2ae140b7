import type { FeedbackCatalog } from './feedback.js';

export const feedbackKo: FeedbackCatalog = {
  coverage: (covered, total) => `${covered}/${total}`,
  tallyHeading: (answerers) => `핵심 포인트별로 짚은 사람 (${answerers}명 중)`,
  tallyRow: (point, count) => `${point} — ${count}명`,
  button: '내 피드백',
  noteTitle: (question) => `내 답변 피드백 · ${question}`,
  noteScore: (covered, total) => `핵심 포인트 ${total}개 중 ${covered}개를 짚었습니다.`,
  made: '짚은 포인트',
  missed: '놓친 포인트 (모범 답안)',
  evidence: (words) => ` ← "${words}"`,
  comment: '코멘트',
  notAnAttempt:
    '이 답변은 답변 시도로 보지 않아 연속 기록이 늘지 않았습니다 ("모르겠어요", "pass", 이모지 하나 같은 짧은 답). 기록이 끊기지도 않습니다.',
  noKeyPoints: '이 질문에는 아직 핵심 포인트가 없어 채점하지 않았습니다.',
  yourAnswer: '내 답변',
  noAnswer: '이 라운드에 제시간에 남긴 내 답변이 없습니다.',
  notRevealed: '피드백은 모범 답안이 공개된 뒤에 볼 수 있습니다.',
  comesBack: '놓친 포인트가 많아 이 질문을 내 연습 문제(`/sa-quiz`)에 다시 넣었습니다.',
  practiceWrite: '답 써 보기',
  practiceAnswerLabel: '내 답변 (면접에서 말하듯이)',
  practiceAnswerTitle: '연습 답변',
  emptyAnswer: '답을 적어 주세요. 한두 문장이어도 괜찮습니다.',
  suggested: (grade) => `핵심 포인트로 본 추천 평가: "${grade}" (다른 평가를 골라도 됩니다)`,
  uploadWithoutKeyPoints:
    '핵심 포인트가 없는 질문 (답변을 채점하지 않습니다; docs/bank-format.md의 Key points 참고)',
  rule: '연속 기록은 답변 시도(짧은 "모르겠어요"·"pass"·이모지 제외)마다 늘고, 점수는 짚은 핵심 포인트 비율의 합입니다.',
};
