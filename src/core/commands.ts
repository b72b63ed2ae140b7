import { fail, ok, type Result } from './result.js';

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
  | { readonly name: 'export'; readonly format: 'md' | 'json' | 'csv' };

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
  '': 'help',
};

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
  if (name === 'category') {
    const values = rest
      .join(' ')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return ok({ name, values: values.length === 1 && values[0]?.toLowerCase() === 'all' ? [] : values });
  }
  if (name === 'export') {
    const format = (rest[0] ?? 'md').toLowerCase();
    if (format !== 'md' && format !== 'json' && format !== 'csv')
      return fail('unknown_argument', { value: format });
    return ok({ name, format });
  }
  return fail('unknown_command', { value: first });
}
