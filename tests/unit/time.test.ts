import { describe, expect, it } from 'vitest';
import {
  addDays,
  isoWeekday,
  localDateOf,
  localTimeOf,
  startOfMonth,
  startOfWeek,
  zonedInstant,
} from '../../src/core/time.js';

describe('zonedInstant', () => {
  it('reads Seoul wall-clock times (UTC+9, no DST)', () => {
    expect(zonedInstant('2026-11-23', '09:00', 'Asia/Seoul').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(zonedInstant('2026-07-01', '18:00', 'Asia/Seoul').toISOString()).toBe('2026-07-01T09:00:00.000Z');
  });

  it('follows New York across both DST changes', () => {
    // EST (UTC-5) before 2026-03-08, EDT (UTC-4) after; back to EST on 2026-11-01.
    expect(zonedInstant('2026-03-06', '09:00', 'America/New_York').toISOString()).toBe(
      '2026-03-06T14:00:00.000Z',
    );
    expect(zonedInstant('2026-03-09', '09:00', 'America/New_York').toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    );
    expect(zonedInstant('2026-10-30', '09:00', 'America/New_York').toISOString()).toBe(
      '2026-10-30T13:00:00.000Z',
    );
    expect(zonedInstant('2026-11-02', '09:00', 'America/New_York').toISOString()).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it('moves a time skipped by spring-forward one hour later, and takes the first of a repeated hour', () => {
    // 02:30 does not exist on 2026-03-08 in New York: it resolves to 03:30 EDT.
    const skipped = zonedInstant('2026-03-08', '02:30', 'America/New_York');
    expect(skipped.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(localTimeOf(skipped, 'America/New_York')).toBe('03:30');
    // 01:30 happens twice on 2026-11-01: the first (EDT) is chosen.
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('round-trips through localDateOf/localTimeOf', () => {
    const at = zonedInstant('2026-12-31', '23:59', 'Asia/Seoul');
    expect(localDateOf(at, 'Asia/Seoul')).toBe('2026-12-31');
    expect(localTimeOf(at, 'Asia/Seoul')).toBe('23:59');
    expect(localDateOf(at, 'UTC')).toBe('2026-12-31');
    expect(localDateOf(new Date('2026-12-31T15:00:00Z'), 'Asia/Seoul')).toBe('2027-01-01');
  });
});

describe('calendar helpers', () => {
  it('knows ISO weekdays, weeks and months', () => {
    expect(isoWeekday('2026-11-21')).toBe(6); // Saturday
    expect(isoWeekday('2026-11-22')).toBe(7); // Sunday
    expect(isoWeekday('2026-11-23')).toBe(1); // Monday
    expect(startOfWeek('2026-11-22')).toBe('2026-11-16');
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23');
    expect(startOfMonth('2026-11-23')).toBe('2026-11-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});
