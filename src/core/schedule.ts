import { fail, ok, type Result } from './result.js';
import { isoWeekday, isValidTimeZone, normalizeTime, zonedInstant } from './time.js';
import { DEFAULT_SCHEDULE, type Schedule } from './types.js';

// Each day by its English name, its usual abbreviations, and its Korean name with or without 요일.
// Nothing else: `monkey` is not Monday and `fried` is not Friday.
const DAY_SPELLINGS: readonly (readonly string[])[] = [
  ['mon', 'monday', '월', '월요일'],
  ['tue', 'tues', 'tuesday', '화', '화요일'],
  ['wed', 'weds', 'wednesday', '수', '수요일'],
  ['thu', 'thur', 'thurs', 'thursday', '목', '목요일'],
  ['fri', 'friday', '금', '금요일'],
  ['sat', 'saturday', '토', '토요일'],
  ['sun', 'sunday', '일', '일요일'],
];
const DAY_NAMES: ReadonlyMap<string, number> = new Map(
  DAY_SPELLINGS.flatMap((names, i) => names.map((name) => [name, i + 1] as const)),
);

const DAY_SETS: Readonly<Record<string, readonly number[]>> = {
  daily: [1, 2, 3, 4, 5, 6, 7],
  everyday: [1, 2, 3, 4, 5, 6, 7],
  매일: [1, 2, 3, 4, 5, 6, 7],
  weekdays: [1, 2, 3, 4, 5],
  평일: [1, 2, 3, 4, 5],
  weekends: [6, 7],
  주말: [6, 7],
};

function dayNumber(token: string): number | undefined {
  const key = token.trim().toLowerCase();
  return DAY_NAMES.get(key);
}

/** `mon-fri`, `mon,wed,fri`, `월-금`, `weekdays`, `daily` → sorted ISO weekdays. */
export function parseDays(text: string): Result<number[]> {
  const key = text.trim().toLowerCase();
  const preset = DAY_SETS[key];
  if (preset) return ok([...preset]);
  const days = new Set<number>();
  for (const part of key.split(',')) {
    const range = part.split('-');
    if (range.length === 1) {
      const day = dayNumber(part);
      if (day === undefined) return fail('invalid_days', { value: text });
      days.add(day);
    } else if (range.length === 2) {
      const from = dayNumber(range[0] ?? '');
      const to = dayNumber(range[1] ?? '');
      if (from === undefined || to === undefined) return fail('invalid_days', { value: text });
      for (let d = from; ; d = (d % 7) + 1) {
        days.add(d);
        if (d === to) break;
      }
    } else {
      return fail('invalid_days', { value: text });
    }
  }
  return days.size === 0 ? fail('invalid_days', { value: text }) : ok([...days].sort((a, b) => a - b));
}

function looksLikeDays(token: string): boolean {
  return /^[a-z월화수목금토일요매평주,-]+$/i.test(token) && !token.includes('/');
}

/**
 * Reads `[HH:MM] [days] [timezone] [reveal HH:MM]` in any order on top of `base`, e.g.
 * `09:30 mon-fri America/New_York reveal 17:00`. Unknown words are errors, not ignored.
 */
export function parseScheduleArgs(
  args: readonly string[],
  base: Schedule = DEFAULT_SCHEDULE,
): Result<Schedule> {
  let { postTime, revealTime, timezone } = base;
  let days: readonly number[] = base.days;
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? '';
    const lower = token.toLowerCase();
    if (lower === 'reveal' || lower === '공개' || lower === 'deadline') {
      const next = args[++i];
      const time = next === undefined ? null : normalizeTime(next);
      if (time === null) return fail('invalid_time', { value: next ?? '' });
      revealTime = time;
    } else if (/^\d{1,2}:\d{2}$/.test(token)) {
      const time = normalizeTime(token);
      if (time === null) return fail('invalid_time', { value: token });
      postTime = time;
    } else if (token.includes('/') || lower === 'utc') {
      if (!isValidTimeZone(token)) return fail('unknown_timezone', { value: token });
      timezone = token;
    } else if (looksLikeDays(token)) {
      const parsed = parseDays(token);
      if (!parsed.ok) return parsed;
      days = parsed.value;
    } else {
      return fail('unknown_argument', { value: token });
    }
  }
  return validateSchedule({ postTime, revealTime, days, timezone });
}

export function validateSchedule(schedule: Schedule): Result<Schedule> {
  const postTime = normalizeTime(schedule.postTime);
  if (postTime === null) return fail('invalid_time', { value: schedule.postTime });
  const revealTime = normalizeTime(schedule.revealTime);
  if (revealTime === null) return fail('invalid_time', { value: schedule.revealTime });
  if (!isValidTimeZone(schedule.timezone)) return fail('unknown_timezone', { value: schedule.timezone });
  if (schedule.days.length === 0 || schedule.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    return fail('invalid_days', { value: schedule.days.join(',') });
  }
  if (revealTime <= postTime) return fail('reveal_before_post', { post: postTime, reveal: revealTime });
  return ok({
    postTime,
    revealTime,
    days: [...new Set(schedule.days)].sort((a, b) => a - b),
    timezone: schedule.timezone,
  });
}

/** The post and reveal instants of the round on `localDate`, or null when no round is due that day. */
export function roundWindow(schedule: Schedule, localDate: string): { postAt: Date; revealAt: Date } | null {
  if (!schedule.days.includes(isoWeekday(localDate))) return null;
  return {
    postAt: zonedInstant(localDate, schedule.postTime, schedule.timezone),
    revealAt: zonedInstant(localDate, schedule.revealTime, schedule.timezone),
  };
}

/** `mon-fri`-style summary of a day list for status messages. */
export function formatDays(days: readonly number[], names: readonly string[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const isRun = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === (sorted[i - 1] ?? 0) + 1);
  const name = (d: number): string => names[d - 1] ?? String(d);
  if (isRun) return `${name(sorted[0] ?? 1)}-${name(sorted[sorted.length - 1] ?? 7)}`;
  return sorted.map(name).join(',');
}

/** Minutes between post and reveal, for rounds posted outside the schedule (`post-now`). */
export function windowLengthMs(schedule: Schedule): number {
  const minutes = (time: string): number => {
    const [h, m] = time.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  return (minutes(schedule.revealTime) - minutes(schedule.postTime)) * 60_000;
}
