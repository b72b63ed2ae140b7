import type { ManagersCatalog } from './managers.js';

const WHO = {
  slack:
    'Slack에서는 채널을 만든 사람입니다(Slack이 첫 채널 관리자로 지정하며, 나중에 관리자에서 빠져도 그대로입니다). 나중에 지정된 채널 관리자는 봇이 알 수 없으니 관리자에게 요청하세요.',
  discord:
    'Discord에서는 그 채널의 채널 관리 권한(Manage Channels)이 있는 사람입니다. Discord는 /sa-admin을 기본적으로 서버 관리 권한자에게만 보여 주니, 서버 설정 → 연동 → sa-quiz에서 그들에게도 허용하세요.',
  console: '콘솔에는 채널 관리자가 없습니다.',
} as const;

export const managersKo: ManagersCatalog = {
  status: (allowed, platform) =>
    allowed
      ? `채널 관리자도 자기 채널의 sa-quiz를 관리할 수 있습니다(설정, 일정, 지금 출제·공개. 질문 은행, 데이터 내보내기, 알림 역할, 이 설정은 제외). ${WHO[platform]}`
      : '워크스페이스 관리자만 sa-quiz를 관리할 수 있습니다. `/sa-admin channel-managers on`으로 채널 관리자에게 자기 채널 관리를 맡길 수 있습니다.',
  set: (allowed, platform) =>
    allowed
      ? `이제 채널 관리자도 자기 채널의 sa-quiz를 관리할 수 있습니다. ${WHO[platform]} 질문 은행, 데이터 내보내기, 알림 역할, 이 설정은 워크스페이스 관리자만 할 수 있습니다.`
      : '이제 워크스페이스 관리자만 sa-quiz를 관리할 수 있습니다.',
  helpLine:
    'channel-managers on|off — 채널 관리자가 자기 채널을 관리하게 하기 (워크스페이스 관리자만, 기본: off)',
};
