import { describe, expect, it } from 'vitest';
import {
  formatDays,
  parseDays,
  parseScheduleArgs,
  roundWindow,
  windowLengthMs,
} from '../../src/core/schedule.js';
import { DEFAULT_SCHEDULE } from '../../src/core/types.js';

describe('parseScheduleArgs', () => {
  it('defaults to 09:00-18:00 Mon-Fri in Asia/Seoul', () => {
    const result = parseScheduleArgs([]);
    expect(result).toEqual({ ok: true, value: DEFAULT_SCHEDULE });
  });

  it('reads time, days, zone and reveal in any order', () => {
    const result = parseScheduleArgs(['mon,wed,fri', 'America/New_York', '9:30', 'reveal', '17:00']);
    expect(result).toEqual({
      ok: true,
      value: { postTime: '09:30', revealTime: '17:00', days: [1, 3, 5], timezone: 'America/New_York' },
    });
    expect(parseScheduleArgs(['월-금', '공개', '19:00'])).toMatchObject({
      ok: true,
      value: { days: [1, 2, 3, 4, 5], revealTime: '19:00' },
    });
    expect(parseScheduleArgs(['daily'])).toMatchObject({ ok: true, value: { days: [1, 2, 3, 4, 5, 6, 7] } });
    expect(parseScheduleArgs(['fri-mon'])).toMatchObject({ ok: true, value: { days: [1, 5, 6, 7] } });
  });

  it('rejects bad input with a code naming the problem', () => {
    expect(parseScheduleArgs(['25:00'])).toEqual({
      ok: false,
      error: { code: 'invalid_time', params: { value: '25:00' } },
    });
    expect(parseScheduleArgs(['Mars/Olympus'])).toEqual({
      ok: false,
      error: { code: 'unknown_timezone', params: { value: 'Mars/Olympus' } },
    });
    expect(parseScheduleArgs(['funday'])).toMatchObject({ ok: false, error: { code: 'invalid_days' } });
    expect(parseScheduleArgs(['19:00', 'reveal', '18:00'])).toMatchObject({
      ok: false,
      error: { code: 'reveal_before_post' },
    });
    expect(parseScheduleArgs(['reveal'])).toMatchObject({ ok: false, error: { code: 'invalid_time' } });
    expect(parseScheduleArgs(['9am'])).toMatchObject({
      ok: false,
      error: { code: 'unknown_argument', params: { value: '9am' } },
    });
  });

  it('builds on an existing schedule', () => {
    const base = { ...DEFAULT_SCHEDULE, timezone: 'Europe/Berlin' };
    expect(parseScheduleArgs(['10:00'], base)).toMatchObject({
      ok: true,
      value: { postTime: '10:00', timezone: 'Europe/Berlin' },
    });
  });
});

describe('round windows', () => {
  it('has no round on days off', () => {
    expect(roundWindow(DEFAULT_SCHEDULE, '2026-11-21')).toBeNull();
    expect(roundWindow(DEFAULT_SCHEDULE, '2026-11-22')).toBeNull();
  });

  it('gives post and reveal instants for a round day', () => {
    expect(roundWindow(DEFAULT_SCHEDULE, '2026-11-23')).toEqual({
      postAt: new Date('2026-11-23T00:00:00Z'),
      revealAt: new Date('2026-11-23T09:00:00Z'),
    });
    expect(windowLengthMs(DEFAULT_SCHEDULE)).toBe(9 * 3_600_000);
  });

  it('formats and parses day lists', () => {
    expect(formatDays([1, 2, 3, 4, 5], ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])).toBe('Mon-Fri');
    expect(formatDays([1, 3, 5], ['월', '화', '수', '목', '금', '토', '일'])).toBe('월,수,금');
    expect(parseDays('weekends')).toEqual({ ok: true, value: [6, 7] });
  });

  it('reads day names exactly: a word that starts like a day is not one', () => {
    for (const word of [
      'monkey',
      'fried',
      'sunny',
      'wedding',
      'thunder',
      'satellite',
      'tuesdays',
      '월급',
      'm',
      'f',
    ])
      expect(parseDays(word), word).toMatchObject({ ok: false, error: { code: 'invalid_days' } });
    expect(parseDays('monkey-fried')).toMatchObject({ ok: false });
    expect(parseScheduleArgs(['09:00', 'monkey'])).toMatchObject({
      ok: false,
      error: { code: 'invalid_days' },
    });
    expect(parseDays('Monday-Friday')).toEqual({ ok: true, value: [1, 2, 3, 4, 5] });
    expect(parseDays('tues,thurs')).toEqual({ ok: true, value: [2, 4] });
    expect(parseDays('월요일-금요일')).toEqual({ ok: true, value: [1, 2, 3, 4, 5] });
    expect(parseDays('월,수,금')).toEqual({ ok: true, value: [1, 3, 5] });
  });
});
