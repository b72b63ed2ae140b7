import type { RemindersCatalog } from './reminders.js';

export const remindersKo: RemindersCatalog = {
  reminderTitle: (answers) => (answers === 0 ? '⏰ 아직 답변이 없습니다' : `⏰ 답변 ${answers}개`),
  revealsAt: '모범 답안 공개',
  reminderInvite: '아직 답하지 않았다면 이 스레드에 답을 남기세요.',
  nudgeTitle: (streak) => `🔥 ${streak}회 연속 기록 중입니다`,
  nudgeText: (channel) => [
    channel,
    '의 오늘 질문에 아직 답하지 않았습니다. 공개 전에 스레드에 답하면 기록이 이어집니다.',
  ],
  nudgeOptOut: '이런 알림을 그만 받으려면 `/sa-quiz remind off` (다시 받기: `/sa-quiz remind on`)',
  reminderSet: (hours) =>
    `마감 ${hours}시간 전에 스레드에 리마인더를 올립니다. 연속 기록이 있는데 아직 답하지 않은 사람에게는 하루 한 번 개인 알림도 보냅니다.`,
  reminderOff: '마감 리마인더를 껐습니다.',
  statusReminder: (hours) => `마감 리마인더: ${hours === null ? '꺼짐' : `공개 ${hours}시간 전`}`,
  statusReminderInactive: (hours) =>
    `⚠️ 리마인더(${hours}시간 전)가 출제 시간보다 빠르거나 같아 보내지 않습니다. \`reminder N\`으로 더 짧게 정하세요.`,
  invalidHours: (value, max) =>
    `리마인더는 공개 1~${max}시간 전으로 정하거나 \`off\`로 끕니다: "${value}" (예: \`reminder 2\`)`,
  hoursBeforePost: (hours, post, reveal) =>
    `공개(${reveal}) ${hours}시간 전은 출제 시간(${post})보다 늦어야 합니다. 더 짧게 정하세요.`,
  optedOut:
    '이제 마감 전 개인 알림을 보내지 않습니다 (이 워크스페이스의 모든 채널). 다시 받으려면 `/sa-quiz remind on`.',
  optedIn: '마감 전 개인 알림을 다시 받습니다 (연속 기록이 있고 아직 답하지 않은 날, 하루 한 번).',
  helpLines: ['reminder 2 | 2h | off — 공개 N시간 전(1~12) 스레드 리마인더와 연속 기록 보유자 개인 알림'],
  userHelpLine: '/sa-quiz remind off | on — 마감 전 개인 알림 끄기·켜기 (알림 끄기 · 알림 켜기)',
};
