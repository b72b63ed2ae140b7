import type { SettingsCatalog } from './settings.js';

export const settingsKo: SettingsCatalog = {
  title: 'sa-quiz 채널 설정',
  save: '저장',
  cancel: '취소',
  intro:
    '이 채널의 일정과 설정입니다. `/sa-admin subscribe 09:00 mon-fri Asia/Seoul reveal 18:00` 같은 명령도 그대로 쓸 수 있습니다.',
  postTime: '출제 시간',
  revealTime: '모범 답안 공개 시간',
  days: '요일',
  timezone: '시간대',
  timezoneHint: '목록에 없는 시간대는 `/sa-admin subscribe … 시간대`로 정하세요.',
  language: '봇의 언어',
  categories: '분류 필터',
  categoriesHint: '쉼표로 구분한 원칙·도메인·난이도·주제 (예: 보안, professional). 비우면 전체.',
  privateAnswers: '비공개 답변',
  privateAnswersOption: '질문에 "비공개로 답하기" 버튼 붙이기',
  holidays: '공휴일',
  holidaysAuto: '시간대 기준 (Asia/Seoul이면 한국 공휴일에 쉼)',
  holidaysOff: '공휴일에도 출제',
  reminder: '마감 리마인더',
  reminderOff: '보내지 않음',
  reminderHours: (hours) => `공개 ${hours}시간 전`,
  digest: '주간 요약',
  digestOff: '보내지 않음',
  saved: (schedule) => `설정을 저장했습니다: ${schedule}`,
  subscribedNow: (schedule) => `이 채널을 구독했습니다: ${schedule}`,
};
