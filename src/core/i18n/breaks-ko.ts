import type { BreaksCatalog } from './breaks.js';

export const breaksKo: BreaksCatalog = {
  holidaysSet: (country, code) =>
    `이제 ${country}(${code}) 공휴일에는 문제를 내지 않습니다. 연속 기록도 그대로 유지됩니다.`,
  holidaysOff: '이제 공휴일에도 문제를 냅니다. (채널 휴무일은 그대로 적용됩니다.)',
  holidaysAuto: (country, timezone) =>
    country
      ? `공휴일을 시간대 기준으로 되돌렸습니다: ${country} 공휴일에는 문제를 내지 않습니다 (${timezone}).`
      : `공휴일을 시간대 기준으로 되돌렸습니다: ${timezone}에는 기본 공휴일이 없습니다 (\`holidays XX\`로 국가를 지정하세요).`,
  offDaysAdded: (dates) =>
    `휴무일을 추가했습니다: ${dates.join(', ')}. 이날은 문제가 없고 연속 기록도 유지됩니다.`,
  offDaysRemoved: (dates) => `휴무일을 삭제했습니다: ${dates.join(', ')}.`,
  statusHolidays: (country, code, auto) =>
    country && code
      ? `공휴일: ${country === code ? code : `${country}(${code})`} 공휴일에는 쉼${auto ? ' (시간대 기본값)' : ''}`
      : `공휴일: 쉬지 않음${auto ? ' (이 시간대의 기본값 없음, `holidays XX`로 지정)' : ''}`,
  statusOffDays: (dates) => `휴무일: ${dates.length === 0 ? '없음' : dates.join(', ')}`,
  statusUpcoming: (days) => `다음 쉬는 날: ${days.join(' · ')}`,
  statusToday: (why) => `오늘은 쉬는 날입니다 (${why}). 오늘은 문제가 없습니다.`,
  holidayName: (names) => names.join(', '),
  offDay: '채널 휴무일',
  streakFrozen: (who, streak, left) => [
    '🧊 ',
    who,
    `: 프리즈를 써서 ${streak}회 연속 기록을 지켰습니다 (남은 프리즈 ${left}개)`,
  ],
  freezeEarned: ' · 🧊 프리즈 획득',
  freezesHeld: (held, max, toNext) =>
    `🧊 연속 기록 프리즈: ${held}/${max}개${held < max ? ` (${toNext}번 더 답하면 하나 더)` : ''}`,
  helpLines: [
    'holidays KR|US|…|off|auto — 해당 국가 공휴일에는 문제 없음 (auto: Asia/Seoul이면 한국 공휴일)',
    'off-day add|remove 2026-12-24 [2026-12-31 …] — 채널 휴무일 추가·삭제',
  ],
  error: (code, p) => {
    switch (code) {
      case 'unknown_country':
        return `알 수 없는 국가 코드입니다: "${p.value ?? ''}". KR, US, JP 같은 두 글자 ISO 코드나 \`off\` / \`auto\`를 쓰세요.`;
      case 'invalid_date':
        return `"${p.value ?? ''}"은(는) 날짜가 아닙니다. 2026-12-24처럼 YYYY-MM-DD로 쓰세요.`;
      case 'off_day_past':
        return `${p.value ?? ''}은(는) 이미 지난 날입니다 (오늘 ${p.today ?? ''}).`;
      case 'too_many_off_days':
        return `채널 휴무일은 앞으로 ${p.max ?? ''}일까지만 둘 수 있습니다.`;
      case 'invalid_off_day':
        return '`off-day add 2026-12-24` 또는 `off-day remove 2026-12-24`처럼 쓰세요 (날짜를 여러 개 쓸 수 있습니다).';
    }
  },
};
