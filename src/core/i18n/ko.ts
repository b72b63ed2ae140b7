import { MAX_QUESTIONS_PER_UPLOAD } from '../bank/limits.js';
import { allowedValues } from '../taxonomy.js';
import { breaksKo } from './breaks-ko.js';
import type { Catalog } from './catalog.js';
import { digestKo } from './digest-ko.js';
import { failuresKo } from './failures-ko.js';
import { formatScore } from './feedback.js';
import { feedbackKo } from './feedback-ko.js';
import { historyKo } from './history-ko.js';
import { homeKo } from './home-ko.js';
import { lifecycleKo } from './lifecycle-ko.js';
import { managersKo } from './managers-ko.js';
import { notifyKo } from './notify-ko.js';
import { privacyKo } from './privacy-ko.js';
import { remindersKo } from './reminders-ko.js';
import { settingsKo } from './settings-ko.js';
import { votesKo } from './votes-ko.js';

export const ko: Catalog = {
  locale: 'ko',
  weekdays: ['월', '화', '수', '목', '금', '토', '일'],
  dailyQuestionTitle: (date) => `오늘의 AWS 질문 · ${date}`,
  extraQuestionTitle: 'AWS 질문',
  categories: '분류',
  pillar: 'Well-Architected 원칙',
  domain: 'SAA-C03 도메인',
  level: '난이도',
  brief: '30초 답변',
  whenNotToUse: '쓰지 말아야 할 때',
  lastVerified: (date) => `AWS 문서와 대조한 날: ${date}`,
  deadline: '마감',
  howToAnswer: '이 메시지의 스레드에 답을 남겨 주세요. 마감 후 모범 답안과 함께 공개됩니다.',
  howToAnswerPrivately: '다른 사람에게 보이지 않게 답하려면 "비공개로 답하기"를 누르세요.',
  answerPrivatelyButton: '비공개로 답하기',
  closedFooter: '마감되었습니다. 모범 답안은 스레드에 있습니다.',
  revealTitle: (title) => `모범 답안 · ${title}`,
  definition: '정의',
  benefits: '장점 (Benefits)',
  risks: '위험·트레이드오프 (Risks)',
  docs: 'AWS 문서',
  followUp: '꼬리 질문',
  answeredOnTime: (count) => `제시간에 답한 사람 (${count}명)`,
  nobodyAnswered: '이번 질문에는 제시간에 답한 사람이 없습니다.',
  streakChanges: '연속 기록',
  streakUp: (who, from, to) => [who, `: ${from} → ${to}회 연속`],
  streakReset: (who, from) => [who, `: ${from}회 연속 기록이 끊겼습니다`],
  revealAnnouncement: (title) => `"${title}"의 모범 답안이 공개되었습니다. 스레드를 확인하세요.`,
  answerRecorded: '답변이 기록되었습니다.',
  answerUpdated: '답변을 수정했습니다.',
  answerWithdrawn: '답변을 철회했습니다.',
  answerLate: '마감이 지나 답변은 보관만 되고 집계되지 않습니다.',
  answerExtra: '이미 답변하셨습니다. 첫 답변만 집계됩니다 (수정은 가능합니다).',
  leaderboardTitle: (period) =>
    `리더보드 · ${period === 'week' ? '이번 주' : period === 'month' ? '이번 달' : '전체 기간'}`,
  leaderboardRow: (rank, who, current, best, answers, score) => [
    `${rank}. `,
    who,
    ` · 현재 ${current}연속 · 최고 ${best} · 답변 ${answers} · 점수 ${formatScore(score)}`,
  ],
  leaderboardEmpty: '아직 공개된 라운드가 없습니다.',
  yourRank: (rank, current, best, answers, score) =>
    `내 순위: ${rank}위 · 현재 ${current}연속 · 최고 ${best} · 답변 ${answers} · 점수 ${formatScore(score)}`,
  youAreUnranked: '아직 내 기록이 없습니다. 오늘의 질문 스레드에 답해 보세요.',
  practiceTitle: '연습 문제',
  practiceHint: (category) => `분류: ${category} · 먼저 스스로 답해 본 뒤 "답 보기"를 누르세요.`,
  showAnswer: '답 보기',
  nextCard: '다음 문제',
  grades: { again: '다시', hard: '어려움', good: '알맞음', easy: '쉬움' },
  practiceScheduled: (grade) => `"${grade}"(으)로 기록했습니다.`,
  nextReview: '다음 복습',
  practiceDue: (count) => `복습할 카드 ${count}장`,
  subscribed: (schedule) => `이 채널을 구독했습니다: ${schedule}`,
  unsubscribed: '이 채널의 구독을 해지했습니다. 기록은 보관됩니다.',
  paused: '일시 중지했습니다. 중지된 날은 연속 기록을 끊지 않습니다.',
  resumed: '다시 시작했습니다.',
  languageSet: '이 채널의 언어를 한국어로 설정했습니다.',
  privateAnswersOn:
    '이제 질문에 "비공개로 답하기" 버튼이 붙습니다. 비공개 답은 공개 때까지 아무도 볼 수 없습니다.',
  privateAnswersOff: '"비공개로 답하기" 버튼을 더 이상 붙이지 않습니다.',
  failures: failuresKo,
  feedback: feedbackKo,
  breaks: breaksKo,
  lifecycle: lifecycleKo,
  home: homeKo,
  reminders: remindersKo,
  votes: votesKo,
  history: historyKo,
  settings: settingsKo,
  notify: notifyKo,
  managers: managersKo,
  digest: digestKo,
  privacy: privacyKo,
  internalError: '처리 중 오류가 발생했습니다. 잠시 후 다시 시도하세요.',
  ui: {
    uploadTitle: '질문 파일 업로드',
    uploadFileLabel: '질문 파일 (마크다운·노트·JSON·CSV)',
    preview: '미리보기',
    cancel: '취소',
    submit: '제출',
    uploadNoFile: '파일을 하나 첨부하세요.',
    downloadFailed: '파일을 내려받지 못했습니다. 다시 업로드해 주세요.',
    exportSentToDm: '내보낸 파일은 앱과의 DM에 있습니다.',
    exportFailed: '파일을 올리지 못했습니다. 잠시 후 다시 시도하세요.',
    privateAnswerTitle: '비공개 답변',
    privateAnswerLabel: '답변 (공개 전까지 다른 사람에게 보이지 않습니다)',
  },
  statusTitle: 'sa-quiz 상태',
  statusLines: (s) => [
    `구독: ${s.subscribed ? '예' : '아니요'}${s.paused ? ' (일시 중지)' : ''}`,
    `일정: ${s.schedule}`,
    `언어: ${s.locale}`,
    `출제 가능한 질문: ${s.questions}개`,
    `분류 필터: ${s.filter === '' ? '없음' : s.filter}`,
  ],
  nextPost: (when) => ['다음 질문: ', when],
  postedNow: '질문을 지금 게시했습니다.',
  revealedNow: '답안을 지금 공개했습니다.',
  scheduleText: (post, days, timezone, reveal) => `${days} ${post} 출제, ${reveal} 공개 (${timezone})`,
  uploadPreviewTitle: (file) => `업로드 미리보기 · ${file}`,
  uploadCounts: (c) =>
    `${c.read}개 질문을 읽었습니다: 새 질문 ${c.fresh} · 갱신 ${c.updated} · 변경 없음 ${c.unchanged} · 병합된 중복 ${c.merged} · 미완성 ${c.incomplete} · 오류 ${c.errors}`,
  uploadNew: '새 질문',
  uploadUpdated: '갱신될 질문',
  uploadIncomplete: '미완성 (정의·장점·위험 중 빠진 것이 있어 매일 질문으로는 나가지 않음)',
  uploadErrors: '오류 (고칠 때까지 아무것도 저장되지 않습니다)',
  uploadConfirm: '가져오기',
  uploadCancel: '취소',
  uploadDone: (count) => `질문 ${count}개를 가져왔습니다.`,
  uploadCancelled: '업로드를 취소했습니다. 아무것도 바뀌지 않았습니다.',
  uploadHowTo: '질문 파일(마크다운·노트·JSON·CSV)을 첨부해 업로드하세요. 미리보기를 확인한 뒤 가져옵니다.',
  exportReady: (count) => `질문 ${count}개를 내보냈습니다.`,
  exportDataReady: (rounds, answers) =>
    `이 워크스페이스의 데이터를 내보냈습니다: 라운드 ${rounds}개, 답변 ${answers}개와 채널·연속 기록·연습·감사 로그 (JSON).`,
  helpTitle: 'sa-quiz 관리자 명령',
  helpLines: [
    'subscribe [HH:MM] [요일] [시간대] [reveal HH:MM] — 예: subscribe 09:00 mon-fri Asia/Seoul reveal 18:00',
    'unsubscribe · pause · resume · status',
    'post-now — 지금 질문 게시 · reveal-now — 지금 답안 공개',
    'lang ko|en — 채널 언어 · private on|off — 비공개로 답하기 버튼',
    'category 보안,professional,생성형 AI — 원칙(보안)·SAA-C03 도메인(안전한 아키텍처 설계)·난이도(associate, professional)·주제로 거르기 (category all: 해제)',
    'upload — 질문 파일 업로드 · export [md|json|csv] — 질문 파일 내보내기 · export data — 이 워크스페이스의 모든 데이터 (JSON)',
  ],
  userHelpLines: [
    '/sa-quiz [원칙·도메인·난이도·주제 또는 키워드] — 나만 보는 연습 문제',
    '/sa-leaderboard [week|month|all] — 채널 순위',
  ],
  error: (code, p) => {
    switch (code) {
      case 'not_admin':
        return '관리자만 사용할 수 있는 명령입니다. 워크스페이스/서버 관리자에게 요청하세요.';
      case 'not_admin_or_manager':
        return '워크스페이스 관리자와 이 채널의 관리자만 사용할 수 있는 명령입니다. 그중 한 명에게 요청하세요.';
      case 'workspace_admin_only':
        return '워크스페이스 관리자만 할 수 있습니다(채널 관리자는 자기 채널 설정만 바꿀 수 있습니다). 워크스페이스/서버 관리자에게 요청하세요.';
      case 'not_subscribed':
        return '이 채널은 구독 중이 아닙니다. 먼저 `/sa-admin subscribe`를 실행하세요.';
      case 'channel_paused':
        return '이 채널은 일시 중지 상태입니다. `/sa-admin resume`으로 다시 시작하세요.';
      case 'round_already_open':
        return '이미 진행 중인 질문이 있습니다. 먼저 `reveal-now`로 공개하세요.';
      case 'no_open_round':
        return '진행 중인 질문이 없습니다.';
      case 'no_questions':
        return '출제할 수 있는 완성된 질문이 없습니다. 질문 파일을 업로드하거나 분류 필터를 확인하세요.';
      case 'invalid_time':
        return `시간 형식이 잘못되었습니다: "${p.value ?? ''}" (예: 09:00)`;
      case 'invalid_days':
        return `요일 형식이 잘못되었습니다: "${p.value ?? ''}" (예: mon-fri, mon,wed,fri, 월-금)`;
      case 'unknown_timezone':
        return `알 수 없는 시간대입니다: "${p.value ?? ''}" (예: Asia/Seoul, America/New_York)`;
      case 'reveal_before_post':
        return `공개 시간(${p.reveal ?? ''})은 출제 시간(${p.post ?? ''})보다 늦어야 합니다.`;
      case 'unknown_command':
        return `알 수 없는 명령입니다: "${p.value ?? ''}". \`help\`로 명령을 확인하세요.`;
      case 'unknown_argument':
        return `알 수 없는 인자입니다: "${p.value ?? ''}"`;
      case 'invalid_period':
        return `기간은 week, month, all 중 하나입니다: "${p.value ?? ''}"`;
      case 'invalid_locale':
        return `언어는 ko 또는 en입니다: "${p.value ?? ''}"`;
      case 'unknown_round':
        return '해당 라운드를 찾을 수 없습니다.';
      case 'unknown_question':
        return '해당 질문을 찾을 수 없습니다.';
      case 'upload_not_found':
        return '업로드 미리보기가 만료되었거나 이미 처리되었습니다. 다시 업로드하세요.';
      case 'bank_has_errors':
        return `파일에 오류가 ${p.count ?? ''}개 있어 아무것도 저장하지 않았습니다.`;
      case 'workspace_bank_full':
        return `이 워크스페이스의 질문은 최대 ${p.max ?? ''}개입니다. 가져오면 ${p.count ?? ''}개가 되어 아무것도 저장하지 않았습니다. 파일을 나누거나 쓰지 않는 질문을 정리하세요.`;
      case 'bank_empty':
        return '파일에서 질문을 찾지 못했습니다.';
      case 'file_too_large':
        return `파일이 너무 큽니다 (최대 ${p.max ?? ''}).`;
      case 'not_utf8':
        return '파일이 UTF-8 텍스트가 아닙니다.';
      case 'post_refused':
        return '메신저가 게시를 거부했습니다. `/sa-admin status`에서 이유를 확인하세요.';
      case 'post_retrying':
        return '메신저가 오류를 돌려주어 아직 게시하지 못했습니다. 몇 분 간격으로 자동으로 다시 시도합니다 (최대 5번, 두 번 게시되지 않습니다).';
      case 'reveal_retrying':
        return '답안을 공개했지만 메시지를 모두 보내지 못했습니다. 자동으로 다시 시도하며, 이미 보낸 부분은 다시 보내지 않습니다.';
      case 'unknown_country':
      case 'invalid_date':
      case 'off_day_past':
      case 'too_many_off_days':
      case 'invalid_off_day':
        return breaksKo.error(code, p);
      case 'platform_unavailable':
        return '이 채널의 메신저에 연결되어 있지 않아 게시할 수 없습니다.';
    }
  },
  bankError: (code, detail) => {
    switch (code) {
      case 'not_utf8':
        return 'UTF-8 텍스트가 아닙니다';
      case 'unknown_format':
        return '형식을 알 수 없습니다 (<details> 마크다운, 번호 노트, JSON, CSV 중 하나)';
      case 'no_questions':
        return '질문을 찾지 못했습니다';
      case 'missing_summary':
        return '<details> 블록에 <summary> 제목이 없습니다';
      case 'empty_title':
        return '제목이 비어 있습니다';
      case 'unclosed_details':
        return `<details> 블록이 닫히지 않았습니다 (${detail})`;
      case 'invalid_json':
        return `JSON 문법 오류: ${detail}`;
      case 'invalid_field': {
        const allowed = allowedValues(detail, 'ko');
        return `잘못된 필드: ${detail}${allowed ? ` (가능한 값: ${allowed})` : ''}`;
      }
      case 'missing_title':
        return `title이 없습니다 ${detail}`.trim();
      case 'invalid_csv':
        return `CSV 행 형식 오류 (${detail})`;
      case 'unknown_column':
        return `알 수 없는 열: ${detail}`;
      case 'invalid_id':
        return `id에는 소문자·한글·숫자·하이픈만 쓸 수 있습니다: ${detail}`;
      case 'conflicting_id':
        return `같은 id가 다른 질문에 쓰였습니다: ${detail}`;
      case 'too_long':
        return `너무 깁니다: ${detail}`;
      case 'too_many_questions':
        return `질문이 너무 많습니다: ${detail}개 (한 번에 최대 ${MAX_QUESTIONS_PER_UPLOAD.toLocaleString('ko-KR')}개)`;
    }
  },
  andMore: (count) => `외 ${count}개`,
  uploadMerged: '합쳐질 항목 (같은 질문으로 읽혀 하나로 합쳐집니다)',
  uploadMergeLine: (g) =>
    `${g.from} "${g.fromTitle}" → "${g.intoTitle}" (${g.reason === 'same_id' ? 'id가 같음' : g.reason === 'same_title' ? '제목이 같음' : '별칭이 같음'}${g.existing ? ', 이미 있는 질문' : ''})`,
};
