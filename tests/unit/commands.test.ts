import { describe, expect, it } from 'vitest';
import { scopeOf } from '../../src/core/channel-managers.js';
import { type AdminCommand, parseAdminCommand } from '../../src/core/commands.js';

describe('/sa-admin parsing', () => {
  it('reads every subcommand', () => {
    expect(parseAdminCommand('')).toEqual({ ok: true, value: { name: 'help' } });
    expect(parseAdminCommand('subscribe 09:00 mon-fri')).toEqual({
      ok: true,
      value: { name: 'subscribe', args: ['09:00', 'mon-fri'] },
    });
    expect(parseAdminCommand('POST-NOW')).toEqual({ ok: true, value: { name: 'post-now' } });
    expect(parseAdminCommand('lang en')).toEqual({ ok: true, value: { name: 'lang', value: 'en' } });
    expect(parseAdminCommand('category 보안, 비용 최적화')).toEqual({
      ok: true,
      value: { name: 'category', values: ['보안', '비용 최적화'] },
    });
    expect(parseAdminCommand('category all')).toEqual({ ok: true, value: { name: 'category', values: [] } });
    expect(parseAdminCommand('export json')).toEqual({ ok: true, value: { name: 'export', format: 'json' } });
    expect(parseAdminCommand('private on')).toEqual({ ok: true, value: { name: 'private', enabled: true } });
    expect(parseAdminCommand('비공개 off')).toEqual({ ok: true, value: { name: 'private', enabled: false } });
    expect(parseAdminCommand('private maybe')).toEqual({
      ok: false,
      error: { code: 'unknown_argument', params: { value: 'maybe' } },
    });
  });

  it('refuses unknown commands and stray arguments', () => {
    expect(parseAdminCommand('launch-rockets')).toEqual({
      ok: false,
      error: { code: 'unknown_command', params: { value: 'launch-rockets' } },
    });
    expect(parseAdminCommand('pause now')).toEqual({
      ok: false,
      error: { code: 'unknown_argument', params: { value: 'now' } },
    });
    expect(parseAdminCommand('export pdf')).toMatchObject({ ok: false, error: { code: 'unknown_argument' } });
  });

  it('reads channel-managers and keeps the workspace-wide actions with workspace admins', () => {
    expect(parseAdminCommand('channel-managers on')).toEqual({
      ok: true,
      value: { name: 'channel-managers', allowed: true },
    });
    expect(parseAdminCommand('채널관리자 끄기')).toEqual({
      ok: true,
      value: { name: 'channel-managers', allowed: false },
    });
    expect(parseAdminCommand('managers')).toEqual({
      ok: true,
      value: { name: 'channel-managers', allowed: null },
    });
    expect(parseAdminCommand('channel-managers maybe')).toMatchObject({
      ok: false,
      error: { code: 'unknown_argument' },
    });
    const scope = (text: string) => {
      const parsed = parseAdminCommand(text);
      if (!parsed.ok) throw new Error(text);
      return scopeOf(parsed.value as AdminCommand);
    };
    expect(
      ['upload', 'export data', 'export md', 'channel-managers on', 'notify-role off'].map(scope),
    ).toEqual(Array(5).fill('workspace'));
    expect(
      ['subscribe', 'pause', 'category 보안', 'post-now', 'status', 'vote-emoji tada'].map(scope),
    ).toEqual(Array(6).fill('channel'));
  });
});
