import { parseManagersSetting } from './channel-managers.js';
import { parseHolidaySetting, parseLocalDate } from './holidays.js';
import { parseNotifyRole } from './notify-role.js';
import { parseReminderSetting } from './reminders.js';
import { fail, ok, type Result } from './result.js';
import { parseVoteEmoji } from './votes.js';

/** `/sa-admin` subcommands, parsed once for every platform (Discord builds the same shape from options). */
export type AdminCommand =
  | { readonly name: 'subscribe'; readonly args: readonly string[] }
  | {
      readonly name:
        | 'unsubscribe'
        | 'pause'
        | 'resume'
        | 'status'
        | 'post-now'
        | 'reveal-now'
        | 'upload'
        | 'help';
    }
  | { readonly name: 'lang'; readonly value: string }
  | { readonly name: 'private'; readonly enabled: boolean }
  | { readonly name: 'category'; readonly values: readonly string[] }
  /** `export md|json|csv`: the question bank; `export data` (`데이터`): all the workspace's data as JSON. */
  | { readonly name: 'export'; readonly format: 'md' | 'json' | 'csv' | 'data' }
  /** `holidays KR|off|auto`; `setting` null: show what the channel follows. */
  | { readonly name: 'holidays'; readonly setting: string | null }
  | { readonly name: 'off-day'; readonly action: 'add' | 'remove'; readonly dates: readonly string[] }
  /** `reminder 2|2h|off`; `setting` null: show it. */
  | { readonly name: 'reminder'; readonly setting: number | 'off' | null }
  /** `digest fri|금|off`; `value` null: show it (read by src/core/digest-admin.ts). */
  | { readonly name: 'digest'; readonly value: string | null }
  /** `notify-role <@&id>|off` (Discord); `role` null: show it. */
  | { readonly name: 'notify-role'; readonly role: string | 'off' | null }
  /** `vote-emoji star` (Slack): the reaction that votes for the best answer; `emoji` null: show it. */
  | { readonly name: 'vote-emoji'; readonly emoji: string | null }
  /** `channel-managers on|off`: whether channel managers administer their channel; null: show it. */
  | { readonly name: 'channel-managers'; readonly allowed: boolean | null };

/** Every `/sa-admin` subcommand by name: the compiler keeps it complete. */
const ADMIN_NAMES: Readonly<Record<AdminCommand['name'], true>> = {
  subscribe: true,
  unsubscribe: true,
  pause: true,
  resume: true,
  status: true,
  'post-now': true,
  'reveal-now': true,
  upload: true,
  help: true,
  lang: true,
  private: true,
  category: true,
  export: true,
  holidays: true,
  'off-day': true,
  reminder: true,
  digest: true,
  'notify-role': true,
  'vote-emoji': true,
  'channel-managers': true,
};
export const ADMIN_SUBCOMMANDS: ReadonlySet<string> = new Set(Object.keys(ADMIN_NAMES));

const SIMPLE = [
  'unsubscribe',
  'pause',
  'resume',
  'status',
  'post-now',
  'reveal-now',
  'upload',
  'help',
] as const;
const ALIASES: Readonly<Record<string, string>> = {
  postnow: 'post-now',
  post: 'post-now',
  revealnow: 'reveal-now',
  reveal: 'reveal-now',
  language: 'lang',
  categories: 'category',
  비공개: 'private',
  holiday: 'holidays',
  공휴일: 'holidays',
  offday: 'off-day',
  'off-days': 'off-day',
  offdays: 'off-day',
  휴무일: 'off-day',
  remind: 'reminder',
  reminders: 'reminder',
  리마인더: 'reminder',
  주간요약: 'digest',
  notify: 'notify-role',
  notifyrole: 'notify-role',
  알림역할: 'notify-role',
  vote: 'vote-emoji',
  내보내기: 'export',
  voteemoji: 'vote-emoji',
  투표: 'vote-emoji',
  managers: 'channel-managers',
  channelmanagers: 'channel-managers',
  채널관리자: 'channel-managers',
  '': 'help',
};

/** A category filter as typed (`보안, professional` or `all`); the empty list means every question. */
export function parseCategoryList(text: string): string[] {
  const values = text
    .split(/[,，]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return values.length === 1 && values[0]?.toLowerCase() === 'all' ? [] : values;
}

export function splitArgs(text: string): string[] {
  return text.trim() === '' ? [] : text.trim().split(/\s+/);
}

export function parseAdminCommand(text: string): Result<AdminCommand> {
  const [first = '', ...rest] = splitArgs(text);
  const name = ALIASES[first.toLowerCase()] ?? first.toLowerCase();
  if (name === 'subscribe') return ok({ name, args: rest });
  if ((SIMPLE as readonly string[]).includes(name)) {
    if (rest.length > 0) return fail('unknown_argument', { value: rest.join(' ') });
    return ok({ name: name as (typeof SIMPLE)[number] });
  }
  if (name === 'lang') return ok({ name, value: rest[0] ?? '' });
  if (name === 'private') {
    const value = (rest[0] ?? '').toLowerCase();
    if (value !== 'on' && value !== 'off') return fail('unknown_argument', { value: rest.join(' ') });
    return ok({ name, enabled: value === 'on' });
  }
  if (name === 'category') return ok({ name, values: parseCategoryList(rest.join(' ')) });
  if (name === 'export') {
    const word = (rest[0] ?? 'md').toLowerCase();
    const format = word === '데이터' ? 'data' : word;
    if (format !== 'md' && format !== 'json' && format !== 'csv' && format !== 'data')
      return fail('unknown_argument', { value: format });
    return ok({ name, format });
  }
  if (name === 'vote-emoji') {
    if (rest.length > 1) return fail('unknown_argument', { value: rest.slice(1).join(' ') });
    if (rest[0] === undefined) return ok({ name, emoji: null });
    const emoji = parseVoteEmoji(rest[0]);
    return emoji ? ok({ name, emoji }) : fail('unknown_argument', { value: rest[0] });
  }
  if (name === 'channel-managers') {
    if (rest.length > 1) return fail('unknown_argument', { value: rest.slice(1).join(' ') });
    const allowed = parseManagersSetting(rest[0]);
    return allowed.ok ? ok({ name, allowed: allowed.value }) : allowed;
  }
  if (name === 'notify-role') {
    if (rest.length > 1) return fail('unknown_argument', { value: rest.slice(1).join(' ') });
    const role = parseNotifyRole(rest[0]);
    return role.ok ? ok({ name, role: role.value }) : role;
  }
  if (name === 'holidays') {
    if (rest.length > 1) return fail('unknown_argument', { value: rest.slice(1).join(' ') });
    const setting = parseHolidaySetting(rest[0]);
    return setting.ok ? ok({ name, setting: setting.value }) : setting;
  }
  if (name === 'off-day') return parseOffDay(rest);
  if (name === 'reminder') {
    // `2 h` and `2 시간` read as `2h`.
    const setting = parseReminderSetting(rest.join(''));
    return setting.ok ? ok({ name, setting: setting.value }) : setting;
  }
  if (name === 'digest') {
    if (rest.length > 1) return fail('unknown_argument', { value: rest.slice(1).join(' ') });
    return ok({ name, value: rest[0] ?? null });
  }
  return fail('unknown_command', { value: first });
}

const OFF_DAY_ACTIONS: Readonly<Record<string, 'add' | 'remove'>> = {
  add: 'add',
  추가: 'add',
  remove: 'remove',
  rm: 'remove',
  delete: 'remove',
  del: 'remove',
  삭제: 'remove',
};

/** `off-day add 2026-12-24 2026-12-31` (dates may also be comma-separated). */
function parseOffDay(args: readonly string[]): Result<AdminCommand> {
  const [verb = '', ...rest] = args;
  const action = OFF_DAY_ACTIONS[verb.toLowerCase()];
  const tokens = rest.flatMap((a) => a.split(',')).filter((t) => t !== '');
  if (!action || tokens.length === 0) return fail('invalid_off_day');
  const dates: string[] = [];
  for (const token of tokens) {
    const date = parseLocalDate(token);
    if (!date.ok) return date;
    dates.push(date.value);
  }
  return ok({ name: 'off-day', action, dates });
}
