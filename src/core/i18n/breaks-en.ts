import type { BreaksCatalog } from './breaks.js';

export const breaksEn: BreaksCatalog = {
  holidaysSet: (country, code) =>
    `This channel now follows the public holidays of ${country} (${code}): no question on those days, and streaks are untouched.`,
  holidaysOff: 'This channel no longer skips public holidays (its own off days still apply).',
  holidaysAuto: (country, timezone) =>
    country
      ? `Holidays follow the time zone again: ${country}'s public holidays are skipped (${timezone}).`
      : `Holidays follow the time zone again: none for ${timezone} (set a country with \`holidays XX\`).`,
  offDaysAdded: (dates) =>
    `Off days added: ${dates.join(', ')}. No question on those days; streaks are untouched.`,
  offDaysRemoved: (dates) => `Off days removed: ${dates.join(', ')}.`,
  statusHolidays: (country, code, auto) =>
    country && code
      ? `Holidays: ${country === code ? code : `${country} (${code})`} public holidays skipped${auto ? ', from the time zone' : ''}`
      : `Holidays: none skipped${auto ? ' (no default for this time zone; `holidays XX` sets one)' : ''}`,
  statusOffDays: (dates) => `Off days: ${dates.length === 0 ? 'none' : dates.join(', ')}`,
  statusUpcoming: (days) => `Next days without a question: ${days.join(' · ')}`,
  statusToday: (why) => `Today is a day off (${why}): no question today.`,
  holidayName: (names) => names.join(', '),
  offDay: 'off day',
  streakFrozen: (who, streak, left) => ['🧊 ', who, `: streak ${streak} kept by a freeze (${left} left)`],
  freezeEarned: ' · 🧊 freeze earned',
  freezesHeld: (held, max, toNext) =>
    `🧊 Streak freezes: ${held}/${max}${held < max ? ` (next after ${toNext} more answered ${toNext === 1 ? 'round' : 'rounds'})` : ''}`,
  helpLines: [
    "holidays KR|US|…|off|auto — skip a country's public holidays (auto: Korean ones in Asia/Seoul)",
    "off-day add|remove 2026-12-24 [2026-12-31 …] — the channel's own days without a question",
  ],
  error: (code, p) => {
    switch (code) {
      case 'unknown_country':
        return `Unknown country code "${p.value ?? ''}". Use a two-letter ISO code such as KR, US or JP, or \`off\` / \`auto\`.`;
      case 'invalid_date':
        return `"${p.value ?? ''}" is not a date. Write it as YYYY-MM-DD, e.g. 2026-12-24.`;
      case 'off_day_past':
        return `${p.value ?? ''} is already past (today is ${p.today ?? ''}).`;
      case 'too_many_off_days':
        return `A channel keeps at most ${p.max ?? ''} upcoming off days.`;
      case 'invalid_off_day':
        return 'Write `off-day add 2026-12-24` or `off-day remove 2026-12-24` (several dates may follow).';
    }
  },
};
