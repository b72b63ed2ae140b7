import type { HolidayCalendar } from '../core/holidays.js';
import type { Logger } from '../core/logger.js';
import type { Locale } from '../core/types.js';

/**
 * Public holidays from maintained libraries, each loaded on first use (neither is in an idle
 * process's memory until a channel follows a calendar):
 * - Korea, in the years it covers: `@hyunbinseo/holidays-kr`, the official gazette's list
 *   (2026: 설날 2/16–18, 노동절 5/1 and the 6/3 local elections; date-holidays 3.37 has 설날 on
 *   2/17–19 and neither of the others).
 * - Every other country, and Korea in later years: `date-holidays`, its `public` holidays only
 *   (observances, bank and school holidays are days with a round).
 */

type DayNames = ReadonlyMap<string, readonly string[]>;
type DateHolidays = typeof import('date-holidays').default;

const DAY_MS = 24 * 60 * 60_000;
const pad = (n: number): string => String(n).padStart(2, '0');

function addDay(date: string, days: number): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

export function libraryHolidayCalendar(log?: Logger): HolidayCalendar {
  let dateHolidays: Promise<DateHolidays> | null = null;
  const loadDateHolidays = (): Promise<DateHolidays> => {
    dateHolidays ??= import('date-holidays').then((m) => m.default);
    // A failed load is not kept: the next look-up tries again.
    dateHolidays.catch(() => {
      dateHolidays = null;
    });
    return dateHolidays;
  };
  const years = new Map<string, Promise<DayNames>>();
  let countries: Promise<ReadonlySet<string>> | null = null;

  /** The gazette's year for Korea, or null when the package does not cover it. */
  const gazetteYear = async (year: number): Promise<DayNames | null> => {
    const { getHolidayPreset } = await import('@hyunbinseo/holidays-kr');
    try {
      const preset = await getHolidayPreset(String(year));
      return new Map(Object.entries(preset));
    } catch (error) {
      if (error instanceof RangeError) return null; // "No preset for year"
      throw error;
    }
  };

  /** date-holidays' public holidays of one year, each day of a multi-day one (추석: 3 days) listed. */
  const libraryYear = async (country: string, year: number, locale: Locale): Promise<DayNames> => {
    const Holidays = await loadDateHolidays();
    const calendar = new Holidays(country, { languages: [locale] });
    const days = new Map<string, string[]>();
    for (const h of calendar.getHolidays(year, locale)) {
      if (h.type !== 'public') continue;
      const first = h.date.slice(0, 10);
      const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
      for (let i = 0; i < length; i++) {
        const date = addDay(first, i);
        days.set(date, [...(days.get(date) ?? []), h.name]);
      }
    }
    return days;
  };

  const yearOf = (country: string, year: number, locale: Locale): Promise<DayNames> => {
    const key = `${country}:${year}:${locale}`;
    let found = years.get(key);
    if (!found) {
      found = (async () => {
        const gazette = country === 'KR' ? await gazetteYear(year) : null;
        if (gazette) return gazette;
        if (country === 'KR') log?.warn({ year }, 'no gazette list for this year; using date-holidays');
        return libraryYear(country, year, locale);
      })();
      found.catch(() => years.delete(key));
      years.set(key, found);
    }
    return found;
  };

  const knownCountries = (): Promise<ReadonlySet<string>> => {
    countries ??= loadDateHolidays().then((Holidays) => new Set(Object.keys(new Holidays().getCountries())));
    countries.catch(() => {
      countries = null;
    });
    return countries;
  };

  return {
    async holidaysOn(country, localDate, locale) {
      const days = await yearOf(country, Number(localDate.slice(0, 4)), locale);
      return days.get(localDate) ?? [];
    },
    async countryName(country, locale) {
      const code = country.toUpperCase();
      // Korea is known without loading date-holidays (the gazette package covers it).
      if (code !== 'KR' && !(await knownCountries()).has(code)) return null;
      return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
    },
  };
}
