import type { Platform } from '../types.js';
import type { FailureCatalog } from './failures.js';

const PERMISSIONS: Readonly<Record<string, string>> = {
  ViewChannel: '채널 보기',
  SendMessages: '메시지 보내기',
  EmbedLinks: '링크 첨부',
  CreatePublicThreads: '공개 스레드 만들기',
  SendMessagesInThreads: '스레드에서 메시지 보내기',
  ReadMessageHistory: '메시지 기록 보기',
  AddReactions: '반응 추가하기',
  ManageThreads: '스레드 관리하기',
  AttachFiles: '파일 첨부',
};

const CHANNEL_KINDS: Readonly<Record<string, string>> = {
  forum: '포럼 채널',
  media: '미디어 채널',
  voice: '음성 채널의 채팅',
  stage: '스테이지 채널의 채팅',
  dm: 'DM',
  group_dm: '그룹 DM',
  thread: '스레드',
  category: '카테고리',
};

const PLATFORMS: Readonly<Record<Platform, string>> = {
  slack: 'Slack',
  discord: 'Discord',
  console: 'sa-quiz',
};

export const failuresKo: FailureCatalog = {
  problem: (problem, detail, platform) => {
    switch (problem) {
      case 'not_in_channel':
        return platform === 'slack'
          ? '봇이 이 채널의 멤버가 아닙니다. 채널에서 `/invite @sa-quiz`로 봇을 초대하세요.'
          : '봇이 이 채널을 볼 수 없습니다. 채널 설정 → 권한에서 sa-quiz에 "채널 보기"를 허용하세요.';
      case 'channel_archived':
        return '채널이 보관(아카이브)되었습니다. 보관을 해제하거나 다른 채널에서 구독하세요.';
      case 'channel_not_found':
        return '채널이 삭제되었거나 봇이 볼 수 없습니다. 다른 채널에서 구독하세요.';
      case 'app_removed':
        return '앱이 제거되었거나 토큰이 폐기되었습니다. 앱을 다시 설치하고 새 토큰으로 sa-quiz를 재시작하세요.';
      case 'missing_permission':
        if (platform === 'slack')
          return `앱에 권한(scope)이 없습니다${detail ? `: ${detail}` : ''}. 앱 설정의 OAuth & Permissions에서 추가한 뒤 앱을 다시 설치하세요.`;
        return `봇에게 이 채널의 권한이 없습니다${detail ? `: ${detail}` : ''}. 채널 설정 → 권한에서 sa-quiz 역할에 허용하세요.`;
      case 'posting_restricted':
        return '워크스페이스 설정이 이 채널에 앱이 게시하는 것을 막고 있습니다 (읽기 전용 채널 또는 게시 제한). 워크스페이스 관리자에게 게시 권한을 요청하세요.';
      case 'unsupported_channel': {
        const kind = CHANNEL_KINDS[detail] ?? detail;
        if (detail === 'forum' || detail === 'media')
          return `${kind}에는 매일 질문을 올릴 수 없습니다. 일반 텍스트 채널에서 구독하세요.`;
        return `${kind || '이 채널'}에서는 질문과 답변 스레드를 운영할 수 없습니다. 일반 텍스트 채널에서 구독하세요.`;
      }
      case 'invalid_payload':
        return `메신저가 sa-quiz의 메시지를 거부했습니다${detail ? ` (${detail})` : ''}. sa-quiz의 버그이며 설정할 것은 없습니다. 로그와 함께 제보해 주세요.`;
      case 'rate_limited':
        return '메신저의 전송 한도에 계속 걸려 보내지 못했습니다.';
      case 'platform_error':
        return `메신저가 여러 번 오류를 돌려주어 보내지 못했습니다${detail ? ` (${detail})` : ''}.`;
      case 'recipient_unavailable':
        return `받는 사람에게 보낼 수 없었습니다(채널을 나갔거나 비활성화된 계정)${detail ? ` (${detail})` : ''}.`;
    }
  },
  permission: (key) => PERMISSIONS[key] ?? key,
  noticeTitle: 'sa-quiz: 확인이 필요합니다',
  noticeWhere: (workspace, channel, platform) => [
    `${workspace} ${platform === 'discord' ? '서버' : '워크스페이스'}의 `,
    channel,
    ' 채널',
  ],
  noticeWhat: (what, paused, platform) =>
    `${what === 'event' ? `${PLATFORMS[platform]}에서 이 채널에 더는 질문을 보낼 수 없다고 알려 왔습니다.` : `${what === 'post' ? '오늘의 질문을' : '모범 답안을'} 보내지 못했습니다.`}${paused ? ' 고칠 때까지 이 채널을 일시 중지했습니다 (연속 기록은 끊기지 않습니다).' : ''}`,
  noticeResume:
    '고친 뒤 그 채널에서 `/sa-admin resume`을 실행하면 다시 시작합니다. `/sa-admin status`로 확인할 수 있습니다.',
  noticeResubscribe:
    '이 채널에서 `/sa-admin unsubscribe`를 실행하고, 일반 텍스트 채널에서 `/sa-admin subscribe`를 실행하세요.',
  noticeNothingToDo: (what) =>
    what === 'post'
      ? '관리자가 할 일은 없습니다. 다음 일정에 다시 시도합니다. 문제가 계속되면 `/sa-admin status`로 확인하세요.'
      : '관리자가 할 일은 없습니다. 이번 문제의 모범 답안은 보내지 않으며, 다음 질문은 일정대로 나갑니다. 문제가 계속되면 `/sa-admin status`로 확인하세요.',
  noticeDelivery: (notice, when) => {
    switch (notice) {
      case 'dm':
        return ['알림: 구독한 관리자에게 DM으로 보냈습니다 (', when, ').'];
      case 'channel':
        return ['알림: 관리자에게 DM을 보낼 수 없어 채널에 게시했습니다 (', when, ').'];
      case 'unreachable':
        return '알림: 관리자에게 알릴 방법이 없었습니다 (DM 차단, 채널 게시 불가). 이 화면과 서버 로그에만 남아 있습니다.';
      case 'pending':
        return '알림: 보내는 중입니다.';
    }
  },
  statusProblem: (text) => `문제: ${text}`,
  statusChecksOk: '게시 권한: 확인했습니다.',
  statusChecksFailed: '게시 권한: 이 채널에는 게시할 수 없습니다.',
  statusChecksUnknown: (reason) => `게시 권한: 확인하지 못했습니다 (${reason}).`,
  refused: '이 채널에서는 실행하지 않았습니다:',
  warning: '주의:',
  replyInThread: '답은 질문 메시지의 스레드에 남겨 주세요. 채널에 쓴 글은 답으로 집계되지 않습니다.',
};
