import { describe, expect, it } from 'vitest';
import { adminCommandText } from '../../src/adapters/discord/discord-commands.js';
import { parseAdminCommand } from '../../src/core/commands.js';
import {
  changeOffDays,
  dayOff,
  holidayCountryOf,
  MAX_OFF_DAYS,
  noHolidayCalendar,
  parseLocalDate,
} from '../../src/core/holidays.js';
import { messages } from '../../src/core/i18n/catalog.js';
import { DEFAULT_SCHEDULE } from '../../src/core/types.js';
import { libraryHolidayCalendar } from '../../src/holidays/library-calendar.js';
import { testChannel } from '../helpers/fixtures.js';

const calendar = libraryHolidayCalendar();
const seoul = testChannel();
const newYork = testChannel({ schedule: { ...DEFAULT_SCHEDULE, timezone: 'America/New_York' } });

/** Every public holiday of a year in Korea, as the calendar tells it day by day. */
async function koreanYear(year: number): Promise<string[]> {
  const days: string[] = [];
  for (
    let d = new Date(Date.UTC(year, 0, 1));
    d.getUTCFullYear() === year;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    const date = d.toISOString().slice(0, 10);
    const names = await calendar.holidaysOn('KR', date, 'ko');
    if (names.length > 0) days.push(`${date} ${names.join(', ')}`);
  }
  return days;
}

describe('the Korean public holiday calendar (the official gazette list)', () => {
  it('2026: 설날 2/16–18, 추석 9/24–26, substitute days, 노동절 and the local elections', async () => {
    expect(await koreanYear(2026)).toEqual([
      '2026-01-01 1월 1일',
      '2026-02-16 설날 전날',
      '2026-02-17 설날',
      '2026-02-18 설날 다음 날',
      '2026-03-01 3ㆍ1절',
      '2026-03-02 대체공휴일(3ㆍ1절)',
      '2026-05-01 노동절',
      '2026-05-05 어린이날',
      '2026-05-24 부처님 오신 날',
      '2026-05-25 대체공휴일(부처님 오신 날)',
      '2026-06-03 전국동시지방선거',
      '2026-06-06 현충일',
      '2026-07-17 제헌절',
      '2026-08-15 광복절',
      '2026-08-17 대체공휴일(광복절)',
      '2026-09-24 추석 전날',
      '2026-09-25 추석',
      '2026-09-26 추석 다음 날',
      '2026-10-03 개천절',
      '2026-10-05 대체공휴일(개천절)',
      '2026-10-09 한글날',
      '2026-12-25 기독탄신일',
    ]);
  });

  it('2027: 설날 2/6–8 with its substitute 2/9, and the Monday substitutes', async () => {
    const year = await koreanYear(2027);
    expect(year).toContain('2027-02-06 설날 전날');
    expect(year).toContain('2027-02-08 설날 다음 날');
    expect(year).toContain('2027-02-09 대체공휴일(설날)');
    expect(year).toContain('2027-09-15 추석');
    expect(year).toContain('2027-10-11 대체공휴일(한글날)');
    expect(year).toContain('2027-12-27 대체공휴일(기독탄신일)');
    expect(year).toHaveLength(24);
  });

  it('past the gazette (2028) and for other countries: date-holidays, public holidays only', async () => {
    // 설날 2028 is 1/27 in Seoul; date-holidays 3.37 spans 1/27–29, not 1/26–28 (its known
    // Seollal offset), which is why the gazette list is preferred while it covers the year.
    expect(await calendar.holidaysOn('KR', '2028-01-27', 'ko')).toEqual(['설날']);
    expect(await calendar.holidaysOn('KR', '2028-01-28', 'ko')).toEqual(['설날']);
    expect(await calendar.holidaysOn('US', '2026-07-03', 'en')).toEqual([
      'Independence Day (substitute day)',
    ]);
    expect(await calendar.holidaysOn('US', '2026-07-06', 'en')).toEqual([]);
    // Valentine's Day is an observance in the US: a day with a round.
    expect(await calendar.holidaysOn('US', '2026-02-14', 'en')).toEqual([]);
    expect(await calendar.holidaysOn('JP', '2026-01-01', 'en')).toEqual(["New Year's Day"]);
  });

  it('names countries it knows, in the reader language, and nothing else', async () => {
    expect(await calendar.countryName('KR', 'ko')).toBe('대한민국');
    expect(await calendar.countryName('kr', 'en')).toBe('South Korea');
    expect(await calendar.countryName('JP', 'en')).toBe('Japan');
    expect(await calendar.countryName('XX', 'en')).toBeNull();
  });
});

describe('which days a channel has no round', () => {
  it('Asia/Seoul follows Korean holidays by default; other time zones none unless set', () => {
    expect(holidayCountryOf(seoul)).toBe('KR');
    expect(holidayCountryOf(newYork)).toBeNull();
    expect(holidayCountryOf({ ...newYork, holidays: 'US' })).toBe('US');
    expect(holidayCountryOf({ ...seoul, holidays: 'off' })).toBeNull();
  });

  it('a holiday or an off day is a day off; an ordinary weekday is not', async () => {
    expect(await dayOff(calendar, seoul, '2026-09-25')).toEqual({
      kind: 'holiday',
      country: 'KR',
      names: ['추석'],
    });
    expect(await dayOff(calendar, seoul, '2026-09-28')).toBeNull();
    expect(await dayOff(calendar, newYork, '2026-09-25')).toBeNull();
    expect(await dayOff(calendar, { ...seoul, holidays: 'off' }, '2026-09-25')).toBeNull();
    const withOffDay = { ...newYork, offDays: ['2026-12-24'] };
    expect(await dayOff(calendar, withOffDay, '2026-12-24')).toEqual({ kind: 'off_day' });
    // Without a calendar only the channel's own off days count.
    expect(await dayOff(noHolidayCalendar, seoul, '2026-09-25')).toBeNull();
  });

  it('a calendar that fails does not silence the channel', async () => {
    const broken = { ...noHolidayCalendar, holidaysOn: async () => Promise.reject(new Error('gone')) };
    expect(await dayOff(broken, seoul, '2026-09-25')).toBeNull();
  });
});

describe('off days and the admin syntax', () => {
  it('reads holidays and off-day commands, in English and Korean', () => {
    expect(parseAdminCommand('holidays KR')).toEqual({
      ok: true,
      value: { name: 'holidays', setting: 'KR' },
    });
    expect(parseAdminCommand('공휴일 jp')).toEqual({ ok: true, value: { name: 'holidays', setting: 'JP' } });
    expect(parseAdminCommand('holidays off')).toEqual({
      ok: true,
      value: { name: 'holidays', setting: 'off' },
    });
    expect(parseAdminCommand('holidays 자동')).toEqual({
      ok: true,
      value: { name: 'holidays', setting: 'auto' },
    });
    expect(parseAdminCommand('holidays')).toEqual({ ok: true, value: { name: 'holidays', setting: null } });
    expect(parseAdminCommand('holidays Korea')).toEqual({
      ok: false,
      error: { code: 'unknown_country', params: { value: 'Korea' } },
    });
    expect(parseAdminCommand('off-day add 2026-12-24 2026-12-31')).toEqual({
      ok: true,
      value: { name: 'off-day', action: 'add', dates: ['2026-12-24', '2026-12-31'] },
    });
    expect(parseAdminCommand('휴무일 삭제 2026-12-24,2026-12-31')).toEqual({
      ok: true,
      value: { name: 'off-day', action: 'remove', dates: ['2026-12-24', '2026-12-31'] },
    });
    expect(parseAdminCommand('off-day add 2026-02-30')).toEqual({
      ok: false,
      error: { code: 'invalid_date', params: { value: '2026-02-30' } },
    });
    expect(parseAdminCommand('off-day add 12/24')).toMatchObject({
      ok: false,
      error: { code: 'invalid_date' },
    });
    expect(parseAdminCommand('off-day 2026-12-24')).toEqual({
      ok: false,
      error: { code: 'invalid_off_day' },
    });
  });

  it('Discord options become the same text', () => {
    const options: Record<string, string> = { action: 'add', dates: '2026-12-24, 2026-12-31', country: 'kr' };
    const option = (name: string) => options[name] ?? null;
    expect(parseAdminCommand(adminCommandText('off-day', option))).toEqual({
      ok: true,
      value: { name: 'off-day', action: 'add', dates: ['2026-12-24', '2026-12-31'] },
    });
    expect(parseAdminCommand(adminCommandText('holidays', option))).toEqual({
      ok: true,
      value: { name: 'holidays', setting: 'KR' },
    });
    expect(adminCommandText('holidays', () => null)).toBe('holidays');
  });

  it('says what is wrong in both languages', () => {
    expect(messages('en').error('unknown_country', { value: 'Korea' })).toContain(
      'Unknown country code "Korea"',
    );
    expect(messages('ko').error('invalid_date', { value: '12/24' })).toContain('YYYY-MM-DD');
    expect(messages('ko').error('off_day_past', { value: '2026-11-01', today: '2026-12-03' })).toContain(
      '이미 지난 날',
    );
  });

  it('keeps off days sorted and unique, drops past ones, refuses past days and too many', () => {
    expect(parseLocalDate('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' });
    expect(
      changeOffDays(['2026-11-30', '2026-12-31'], 'add', ['2026-12-24', '2026-12-31'], '2026-12-03'),
    ).toEqual({ ok: true, value: ['2026-12-24', '2026-12-31'] });
    expect(changeOffDays(['2026-12-24', '2026-12-31'], 'remove', ['2026-12-24'], '2026-12-03')).toEqual({
      ok: true,
      value: ['2026-12-31'],
    });
    expect(changeOffDays([], 'add', ['2026-12-02'], '2026-12-03')).toEqual({
      ok: false,
      error: { code: 'off_day_past', params: { value: '2026-12-02', today: '2026-12-03' } },
    });
    const many = Array.from({ length: MAX_OFF_DAYS + 1 }, (_, i) =>
      new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10),
    );
    expect(changeOffDays([], 'add', many, '2026-12-03')).toMatchObject({
      ok: false,
      error: { code: 'too_many_off_days' },
    });
  });
});
