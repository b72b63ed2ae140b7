import type { ErrorCode, Params } from '../result.js';
import type { Inline, RichText } from '../views.js';

/** Error codes of the holiday and off-day commands (their words live in this catalog). */
export type BreaksErrorCode = Extract<
  ErrorCode,
  'unknown_country' | 'invalid_date' | 'off_day_past' | 'too_many_off_days' | 'invalid_off_day'
>;

/** What the bot says about days without a round (holidays, off days) and streak freezes. */
export interface BreaksCatalog {
  /** `holidays KR`: the channel now skips that country's public holidays. */
  holidaysSet(country: string, code: string): string;
  holidaysOff: string;
  /** `holidays auto`: back to the default, with what that means for this channel's time zone. */
  holidaysAuto(country: string | null, timezone: string): string;
  offDaysAdded(dates: readonly string[]): string;
  offDaysRemoved(dates: readonly string[]): string;
  /** Status: which calendar is followed (`auto`: chosen by the time zone). */
  statusHolidays(country: string | null, code: string | null, auto: boolean): string;
  statusOffDays(dates: readonly string[]): string;
  /** Status: the next days without a round, e.g. `2026-12-25 기독탄신일`. */
  statusUpcoming(days: readonly string[]): string;
  /** Status: today has no round, and why. */
  statusToday(why: string): string;
  /** `추석` or `off day`, for the lines above. */
  holidayName(names: readonly string[]): string;
  offDay: string;
  /** The reveal: a missed round kept the streak by using a freeze. */
  streakFrozen(who: Inline, streak: number, left: number): RichText;
  /** Appended to a grown streak's line when that answer earned a freeze. */
  freezeEarned: string;
  /** The caller's freezes in the leaderboard (personal stats). */
  freezesHeld(held: number, max: number, toNext: number): string;
  helpLines: readonly string[];
  error(code: BreaksErrorCode, params: Params): string;
}
