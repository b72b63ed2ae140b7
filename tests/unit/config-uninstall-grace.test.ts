import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { purgeCutoff } from '../../src/core/uninstall.js';

/** SA_QUIZ_UNINSTALL_GRACE_DAYS: whole days >= 0, 30 when unset; anything else stops the start. */

const grace = (value?: string) =>
  loadConfig({
    DATA_DIR: 'memory://',
    ...(value === undefined ? {} : { SA_QUIZ_UNINSTALL_GRACE_DAYS: value }),
  }).uninstallGraceDays;

describe('the uninstall grace period', () => {
  it('is 30 days unless set; 0 deletes at the next tick', () => {
    expect(grace()).toBe(30);
    expect(grace(' ')).toBe(30);
    expect(grace('0')).toBe(0);
    expect(grace(' 7 ')).toBe(7);
    expect(grace('365')).toBe(365);
  });

  it('refuses what is not a whole number of days', () => {
    for (const bad of ['-1', '1.5', '1e3', 'ten', '0x10', '30d'])
      expect(() => grace(bad), bad).toThrow(ConfigError);
    expect(() => grace('-1')).toThrow(/SA_QUIZ_UNINSTALL_GRACE_DAYS must be a whole number of days >= 0/);
  });

  it('counts 24-hour days back from now, whatever the time zone', () => {
    const now = new Date('2026-12-05T21:00:00Z');
    expect(purgeCutoff(now, 30).toISOString()).toBe('2026-11-05T21:00:00.000Z');
    expect(purgeCutoff(now, 0)).toEqual(now);
  });
});
