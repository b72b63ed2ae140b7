import type { Logger } from './logger.js';
import { fail, ok, type Result } from './result.js';
import { addDays } from './time.js';
import type { Channel, Locale } from './types.js';

/**
 * Days without a round: the public holidays of the calendar a channel follows, and its own off
 * days. A day off has no round at all — nothing is posted and no streak is touched, as on a
 * weekend.
 */

/** The source of public holidays (src/holidays implements it with maintained libraries). */
export interface HolidayCalendar {
  /**
   * The names of the public holidays (not observances) of `country` (ISO 3166-1 alpha-2, upper
   * case) on `localDate` (`YYYY-MM-DD`), in `locale` where the source has it; empty on a working
   * day. Throws for a country it does not know.
   */
  holidaysOn(country: string, localDate: string, locale: Locale): Promise<readonly string[]>;
  /** The country's name when the calendar knows it (`KR` → `대한민국` / `South Korea`), else null. */
  countryName(country: string, locale: Locale): Promise<string | null>;
}

/** No calendar: only a channel's own off days are days off. */
export const noHolidayCalendar: HolidayCalendar = {
  holidaysOn: async () => [],
  countryName: async () => null,
};

/**
 * What a channel follows: `auto` (Korean public holidays when its time zone is Asia/Seoul, else
 * none), `off` (none), or a country code an admin set.
 */
export type HolidaySetting = 'auto' | 'off' | (string & {});

export const AUTO_HOLIDAY_COUNTRIES: Readonly<Record<string, string>> = { 'Asia/Seoul': 'KR' };

/** The country whose public holidays the channel skips, or null. */
export function holidayCountryOf(channel: Pick<Channel, 'holidays' | 'schedule'>): string | null {
  if (channel.holidays === 'off') return null;
  if (channel.holidays === 'auto') return AUTO_HOLIDAY_COUNTRIES[channel.schedule.timezone] ?? null;
  return channel.holidays;
}

export type DayOff =
  | { readonly kind: 'holiday'; readonly country: string; readonly names: readonly string[] }
  | { readonly kind: 'off_day' };

/**
 * Why `localDate` has no round in the channel, or null for an ordinary day. A calendar that fails
 * (a library that cannot load) is logged and the day treated as ordinary: a question too many is
 * better than a silent channel.
 */
export async function dayOff(
  calendar: HolidayCalendar,
  channel: Pick<Channel, 'holidays' | 'schedule' | 'offDays' | 'locale'>,
  localDate: string,
  log?: Logger,
): Promise<DayOff | null> {
  if (channel.offDays.includes(localDate)) return { kind: 'off_day' };
  const country = holidayCountryOf(channel);
  if (!country) return null;
  try {
    const names = await calendar.holidaysOn(country, localDate, channel.locale);
    return names.length > 0 ? { kind: 'holiday', country, names } : null;
  } catch (error) {
    log?.error({ country, localDate, err: error }, 'holiday calendar failed; treating the day as ordinary');
    return null;
  }
}

/** Reads `holidays` arguments: a country code, `off`, or `auto`; null for none given (show). */
export function parseHolidaySetting(value: string | undefined): Result<HolidaySetting | null> {
  if (value === undefined || value === '') return ok(null);
  const lower = value.toLowerCase();
  if (['off', 'none', '끄기', '없음'].includes(lower)) return ok('off');
  if (['auto', 'default', '자동', '기본'].includes(lower)) return ok('auto');
  if (/^[a-z]{2}$/i.test(value)) return ok(value.toUpperCase());
  return fail('unknown_country', { value });
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-12-24` when it is a real calendar date; `2026-02-30` and `12/24` are not. */
export function parseLocalDate(text: string): Result<string> {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) return fail('invalid_date', { value: text });
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  const valid = probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
  return valid ? ok(text.trim()) : fail('invalid_date', { value: text });
}

/** The most off days a channel keeps (past ones are dropped whenever the list changes). */
export const MAX_OFF_DAYS = 60;

/**
 * The channel's off days after adding or removing `dates`: sorted, without duplicates, without
 * days before `today`. Adding a past day or going over `MAX_OFF_DAYS` is refused.
 */
export function changeOffDays(
  current: readonly string[],
  action: 'add' | 'remove',
  dates: readonly string[],
  today: string,
): Result<string[]> {
  const kept = new Set(current.filter((d) => d >= today));
  for (const date of dates) {
    if (action === 'add') {
      if (date < today) return fail('off_day_past', { value: date, today });
      kept.add(date);
    } else {
      kept.delete(date);
    }
  }
  if (kept.size > MAX_OFF_DAYS) return fail('too_many_off_days', { max: MAX_OFF_DAYS });
  return ok([...kept].sort());
}

/** The channel's days off from `from` for `days` days, for the status: the next ones first. */
export async function upcomingDaysOff(
  calendar: HolidayCalendar,
  channel: Pick<Channel, 'holidays' | 'schedule' | 'offDays' | 'locale'>,
  from: string,
  days: number,
  log?: Logger,
): Promise<{ date: string; off: DayOff }[]> {
  const found: { date: string; off: DayOff }[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    const off = await dayOff(calendar, channel, date, log);
    if (off) found.push({ date, off });
  }
  return found;
}
