/**
 * Expected outcomes are values, not exceptions: a code the message catalog turns into words,
 * plus the parameters the words need. Unexpected failures are thrown and logged at the edge.
 */
export type ErrorCode =
  | 'not_admin'
  | 'not_admin_or_manager'
  | 'workspace_admin_only'
  | 'not_subscribed'
  | 'channel_paused'
  | 'round_already_open'
  | 'no_open_round'
  | 'no_questions'
  | 'invalid_time'
  | 'invalid_days'
  | 'unknown_timezone'
  | 'reveal_before_post'
  | 'unknown_command'
  | 'unknown_argument'
  | 'invalid_period'
  | 'invalid_locale'
  | 'unknown_round'
  | 'unknown_question'
  | 'upload_not_found'
  | 'bank_has_errors'
  | 'workspace_bank_full'
  | 'bank_empty'
  | 'file_too_large'
  | 'not_utf8'
  | 'platform_unavailable'
  | 'post_refused'
  | 'post_retrying'
  | 'reveal_retrying'
  | 'unknown_country'
  | 'invalid_date'
  | 'off_day_past'
  | 'too_many_off_days'
  | 'invalid_off_day';

export type Params = Readonly<Record<string, string | number>>;

export interface Failure {
  readonly code: ErrorCode;
  readonly params?: Params;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Failure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, params?: Params): Result<T> {
  return params === undefined ? { ok: false, error: { code } } : { ok: false, error: { code, params } };
}
