import type { PrivacyCatalog } from './privacy.js';

export const privacyKo: PrivacyCatalog = {
  deletedUser: '(삭제된 사용자)',
  confirmTitle: '내 데이터를 삭제할까요?',
  confirmIntro: (workspace) =>
    `${workspace}에서 sa-quiz가 저장한 내 데이터를 이 채널과 다른 모든 채널에서 삭제합니다. 되돌릴 수 없습니다.`,
  willDelete: '삭제되는 것',
  answers: (n) => `답변 ${n}개: 답변 내용, 채점 결과, 개인 피드백`,
  votes: (cast, received) => `베스트 답변 투표: 내가 한 투표 ${cast}개, 받은 투표 ${received}개`,
  practice: (cards, reviews) => `연습: 카드 ${cards}개, 복습 기록 ${reviews}개`,
  streaks: (channels, best, freezes) =>
    `채널 ${channels}곳의 연속 기록(최고 ${best}회)과 연속 기록 보호권 ${freezes}개`,
  reminders: (optedOut, nudges) => `알림: 받은 개인 알림 ${nudges}건${optedOut ? ', "remind off" 설정' : ''}`,
  uploads: (n) => `확인을 기다리는 질문 파일 ${n}개`,
  adminRecords: (n) => `관리 기록 ${n}건(내가 구독한 채널, 관리 명령)의 내 이름: "(삭제된 사용자)"로 바뀜`,
  keptHeading: '남는 것',
  kept: [
    '지난 질문의 답변 수는 유지되며, 내 답변은 내용과 점수 없이 "(삭제된 사용자)"로 표시됩니다.',
    '내가 데이터를 삭제했다는 기록(시각과 삭제한 양). 답변 내용은 남기지 않습니다.',
    '채널에 직접 올린 메시지는 메신저에 있습니다. 메신저에서 지우세요.',
  ],
  confirmButton: '내 데이터 삭제',
  cancelButton: '취소',
  nothingStored: '이 워크스페이스에 sa-quiz가 저장한 내 데이터가 없습니다.',
  cancelled: '취소했습니다. 아무것도 삭제하지 않았습니다.',
  doneTitle: '내 데이터를 삭제했습니다',
  done: (answers, cards) =>
    `이 워크스페이스의 답변 ${answers}개, 연습 카드 ${cards}개, 연속 기록, 투표, 알림 설정을 삭제했습니다. 다시 답하면 처음부터 시작합니다.`,
  alreadyDone: '이 워크스페이스의 내 데이터는 이미 삭제되었습니다. 더 할 일이 없습니다.',
  notYours: '다른 사람의 요청에 붙은 버튼입니다. 직접 `/sa-quiz forget-me`를 실행하세요.',
  userHelpLine:
    '/sa-quiz forget-me (내정보삭제) — 이 워크스페이스의 내 답변·연속 기록·연습 기록 삭제 (확인 후)',
};
