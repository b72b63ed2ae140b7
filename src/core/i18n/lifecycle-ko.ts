import type { LifecycleCatalog } from './lifecycle.js';

export const lifecycleKo: LifecycleCatalog = {
  welcomeTitle: '👋 sa-quiz입니다',
  welcomeWhat:
    '정해진 요일마다 AWS Solutions Architect 면접 질문을 하나 올립니다. 질문의 스레드에 답을 남기면, 마감 시각에 모범 답안(정의·장점·위험)과 함께 답한 사람과 연속 기록을 공개하고, 각자의 답에 피드백을 드립니다.',
  welcomeSubscribe:
    '관리자는 이 채널에서 `/sa-admin subscribe`로 시작하세요 (기본: 평일 09:00 질문, 18:00 공개, Asia/Seoul). 일정은 `/sa-admin subscribe 10:00 mon-fri Asia/Seoul reveal 17:00`처럼 바꿀 수 있습니다.',
  welcomePaused:
    '이 채널은 구독 중이지만 일시 중지되어 있습니다. 관리자가 `/sa-admin resume`을 실행하면 다시 시작합니다 (`/sa-admin status`로 확인).',
  welcomeRunning: '이 채널은 이미 구독 중입니다. 다음 질문은 일정대로 나갑니다.',
  welcomeEveryone: '누구나: `/sa-quiz`로 나만 보는 연습 문제, `/sa-leaderboard`로 이 채널의 순위.',
};
