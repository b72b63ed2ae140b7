import { describe, expect, it } from 'vitest';
import { parseAdminCommand } from '../../src/core/commands.js';
import { parseNotifyRole } from '../../src/core/notify-role.js';

describe('notify-role', () => {
  it('reads a role mention, a bare id or off; refuses anything else', () => {
    expect(parseNotifyRole('<@&830000000000000777>')).toEqual({ ok: true, value: '830000000000000777' });
    expect(parseNotifyRole('830000000000000777')).toEqual({ ok: true, value: '830000000000000777' });
    expect(parseNotifyRole('off')).toEqual({ ok: true, value: 'off' });
    expect(parseNotifyRole('끄기')).toEqual({ ok: true, value: 'off' });
    expect(parseNotifyRole(undefined)).toEqual({ ok: true, value: null });
    // @everyone, a user mention, a short number: never a role.
    for (const bad of ['@everyone', '<@830000000000000777>', '12345', 'admins'])
      expect(parseNotifyRole(bad).ok, bad).toBe(false);
    expect(parseAdminCommand('알림역할 off')).toEqual({
      ok: true,
      value: { name: 'notify-role', role: 'off' },
    });
  });
});
