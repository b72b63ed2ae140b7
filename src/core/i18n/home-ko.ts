import type { HomeCatalog } from './home.js';

export const homeKo: HomeCatalog = {
  title: 'sa-quiz: 나의 학습 현황',
  noChannels:
    '이 워크스페이스에서 아직 구독한 채널이 없습니다. 관리자가 채널에서 `/sa-admin subscribe`를 실행하면 시작됩니다.',
  myChannels: '채널별 내 기록 (전체 기간)',
  standing: (rank, current, best, answers, score) =>
    `${rank}위 · 현재 ${current}연속 · 최고 ${best} · 답변 ${answers} · 점수 ${score}`,
  notPlayedYet: '아직 답한 적이 없습니다. 오늘의 질문 스레드에 답해 보세요.',
  nextQuestion: '다음 질문',
  noNextQuestion: '예정된 질문이 없습니다.',
  practice: '연습',
  recentAnswers: '최근 내 답변 (핵심 포인트)',
  answerLine: (title, covered, total) => `${title} · ${covered}/${total}`,
  practiceCards: (due, unseen) => `오늘 복습할 카드 ${due}장 · 아직 풀지 않은 질문 ${unseen}개`,
  practiceHow: '아무 채널에서나 `/sa-quiz`(또는 `/sa-quiz 키워드`)로 나만 보는 연습 문제를 받으세요.',
  practiceButton: '지금 연습하기',
  practiceFailed: {
    title: '연습',
    close: '닫기',
    messagesOff:
      'sa-quiz가 DM을 보낼 수 없습니다: 앱의 메시지 탭이 꺼져 있습니다(관리자가 앱 설정의 App Home에서 켭니다). 그동안은 아무 채널에서나 `/sa-quiz`를 입력하세요.',
    notAllowed:
      '이 워크스페이스에서는 sa-quiz가 DM을 보낼 수 없습니다. 아무 채널에서나 `/sa-quiz`를 입력하면 나만 보는 연습 문제를 받습니다.',
    tryLater:
      '지금은 연습 카드를 보내지 못했습니다. 잠시 후 다시 누르거나 아무 채널에서나 `/sa-quiz`를 입력하세요.',
  },
  adminChannels: '관리: 구독한 채널',
  stateRunning: '진행 중',
  statePausedByAdmin: '일시 중지됨 (관리자) · 그 채널에서 `/sa-admin resume`',
  stateBroken: (problem) => `멈춤: ${problem}`,
  adminHow: '아래 버튼이나 그 채널의 `/sa-admin`으로 설정을 바꾸고, `/sa-admin status`로 상태를 봅니다.',
  settingsButton: (channel) => `⚙️ #${channel} 설정`,
};
