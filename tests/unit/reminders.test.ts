import { describe, expect, it } from 'vitest';
import { parseAdminCommand } from '../../src/core/commands.js';
import {
  NUDGE_CAP,
  nudgeRecipients,
  parseReminderSetting,
  parseRemindQuery,
  reminderHoursProblem,
  reminderState,
} from '../../src/core/reminders.js';
import { DEFAULT_SCHEDULE, type Round, type Streak } from '../../src/core/types.js';

/** Monday 2025-03-10 in Seoul: posted 09:00, revealed 18:00 (UTC 00:00 and 09:00). */
const round: Pick<Round, 'status' | 'revealAt' | 'postAt' | 'postedAt'> = {
  status: 'open',
  postAt: new Date('2025-03-10T00:00:00Z'),
  postedAt: new Date('2025-03-10T00:00:05Z'),
  revealAt: new Date('2025-03-10T09:00:00Z'),
};
const at = (iso: string) => new Date(iso);

function streak(userId: string, current: number): Streak {
  return { userId, userName: userId, current, best: current, freezes: 0, freezeProgress: 0 };
}

describe('when a deadline reminder is due', () => {
  it('is due from reveal − N hours until the reveal, never after it', () => {
    expect(reminderState(round, 2, at('2025-03-10T06:59:59Z'))).toBe('early');
    expect(reminderState(round, 2, at('2025-03-10T07:00:00Z'))).toBe('due');
    expect(reminderState(round, 2, at('2025-03-10T08:59:59Z'))).toBe('due');
    // A late tick (the process was down) does not remind once the reveal time has come.
    expect(reminderState(round, 2, at('2025-03-10T09:00:00Z'))).toBe('passed');
    expect(reminderState(round, 2, at('2025-03-10T12:00:00Z'))).toBe('passed');
  });

  it('is never due when off, for a round not open, or when the question went out after the reminder time', () => {
    expect(reminderState(round, null, at('2025-03-10T08:00:00Z'))).toBe('none');
    expect(reminderState({ ...round, status: 'revealed' }, 2, at('2025-03-10T08:00:00Z'))).toBe('none');
    // post-now at 17:00 with a 2-hour reminder: a reminder right after the question says nothing.
    const late = { ...round, postAt: at('2025-03-10T08:00:00Z'), postedAt: at('2025-03-10T08:00:00Z') };
    expect(reminderState(late, 2, at('2025-03-10T08:30:00Z'))).toBe('none');
    expect(reminderState(late, 9, at('2025-03-10T08:30:00Z'))).toBe('none');
  });

  it('accepts 1–12 hours that fall after the post time', () => {
    expect(reminderHoursProblem(2, DEFAULT_SCHEDULE)).toBeNull();
    expect(reminderHoursProblem(8, DEFAULT_SCHEDULE)).toBeNull();
    // 09:00–18:00: 9 hours before the reveal is the post time itself.
    expect(reminderHoursProblem(9, DEFAULT_SCHEDULE)).toBe('before_post');
    expect(reminderHoursProblem(12, DEFAULT_SCHEDULE)).toBe('before_post');
    expect(reminderHoursProblem(0, DEFAULT_SCHEDULE)).toBe('out_of_range');
    expect(reminderHoursProblem(13, { ...DEFAULT_SCHEDULE, postTime: '00:00', revealTime: '23:59' })).toBe(
      'out_of_range',
    );
  });
});

describe('the reminder commands', () => {
  it('parses `reminder 2`, `2h`, `2 시간`, `리마인더 3`, `off` and no argument', () => {
    expect(parseAdminCommand('reminder 2')).toEqual({ ok: true, value: { name: 'reminder', setting: 2 } });
    expect(parseAdminCommand('reminder 2h')).toEqual({ ok: true, value: { name: 'reminder', setting: 2 } });
    expect(parseAdminCommand('reminder 2 시간')).toEqual({
      ok: true,
      value: { name: 'reminder', setting: 2 },
    });
    expect(parseAdminCommand('리마인더 3')).toEqual({ ok: true, value: { name: 'reminder', setting: 3 } });
    expect(parseAdminCommand('reminder off')).toEqual({
      ok: true,
      value: { name: 'reminder', setting: 'off' },
    });
    expect(parseAdminCommand('reminder')).toEqual({ ok: true, value: { name: 'reminder', setting: null } });
    expect(parseAdminCommand('reminder soon').ok).toBe(false);
    expect(parseReminderSetting('끄기')).toEqual({ ok: true, value: 'off' });
    // Out of range is the admin's answer (with the limits), not a parse error.
    expect(parseReminderSetting('13')).toEqual({ ok: true, value: 13 });
  });

  it('reads `remind off|on` and `알림 끄기|켜기` as the opt-out, anything else as a practice query', () => {
    expect(parseRemindQuery('remind off')).toBe('off');
    expect(parseRemindQuery('  Remind   ON ')).toBe('on');
    expect(parseRemindQuery('알림 끄기')).toBe('off');
    expect(parseRemindQuery('알림켜기')).toBe('on');
    expect(parseRemindQuery('보안')).toBeNull();
    expect(parseRemindQuery('remind')).toBeNull();
    expect(parseRemindQuery('')).toBeNull();
  });
});

describe('who gets a nudge', () => {
  it('people on a streak who have not answered, did not opt out and had none today; longest streaks first', () => {
    const chosen = nudgeRecipients({
      streaks: [streak('ann', 3), streak('bob', 0), streak('cat', 5), streak('dan', 1), streak('eve', 2)],
      answered: new Set(['eve']),
      optedOut: new Set(['dan']),
      nudgedToday: new Set(),
    });
    expect(chosen.map((s) => s.userId)).toEqual(['cat', 'ann']);
  });

  it('nobody twice a day, and at most the cap', () => {
    const many = Array.from({ length: NUDGE_CAP + 20 }, (_, i) =>
      streak(`u${String(i).padStart(3, '0')}`, 1),
    );
    const chosen = nudgeRecipients({
      streaks: many,
      answered: new Set(),
      optedOut: new Set(),
      nudgedToday: new Set(['u000']),
    });
    expect(chosen).toHaveLength(NUDGE_CAP);
    expect(chosen.map((s) => s.userId)).not.toContain('u000');
    expect(
      nudgeRecipients({
        streaks: many,
        answered: new Set(),
        optedOut: new Set(),
        nudgedToday: new Set(),
        cap: 3,
      }),
    ).toHaveLength(3);
  });
});
