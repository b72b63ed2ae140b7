/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl, so every rule can be tested
 * with fixed instants. Local dates are `YYYY-MM-DD`, local times `HH:MM`.
 */

/** The injected source of "now"; nothing in the core reads the system clock itself. */
export interface Clock {
  now(): Date;
}

interface ZonedParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 0,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The calendar date at `instant` in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The wall-clock time `HH:MM` at `instant` in `timeZone`. */
export function localTimeOf(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

function offsetMs(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (instant.getTime() - instant.getMilliseconds());
}

function parseDate(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

function parseTime(time: string): [number, number] {
  const [h, m] = time.split(':').map(Number);
  return [h ?? 0, m ?? 0];
}

/**
 * The instant when the wall clock in `timeZone` shows `date` `time`. A time skipped by a DST
 * jump (02:30 on a spring-forward night) resolves to the same offset before the jump, i.e. one
 * hour later on the wall clock; an ambiguous time (fall back) resolves to its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = parseDate(date);
  const [h, mi] = parseTime(time);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const halfDay = 12 * 3_600_000;
  // Offsets on either side of any DST change that day; each gives one reading of the wall time.
  const before = wall - offsetMs(new Date(wall - halfDay), timeZone);
  const after = wall - offsetMs(new Date(wall + halfDay), timeZone);
  const shows = (t: number): boolean =>
    localDateOf(new Date(t), timeZone) === date && localTimeOf(new Date(t), timeZone) === time;
  const valid = [before, after].filter(shows);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(before);
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseDate(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Adds whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/** Monday of the week containing `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function startOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

const TIME_PATTERN = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `9:00` → `09:00`; null when not a valid 24-hour time. */
export function normalizeTime(text: string): string | null {
  const match = TIME_PATTERN.exec(text.trim());
  if (!match) return null;
  return `${pad(Number(match[1]))}:${match[2]}`;
}
