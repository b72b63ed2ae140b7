import type { Catalog } from './i18n/catalog.js';
import { fail, ok, type Result } from './result.js';
import { windowLengthMs } from './schedule.js';
import { localTimeOf } from './time.js';
import type { Channel, Round, Schedule, Streak } from './types.js';
import { channelRef, type View, view } from './views.js';

/**
 * Deadline reminders, the rules: a channel that opted in (`reminder N`) gets one message in an
 * open round's thread N hours before its reveal, and people on a streak there who have not
 * answered yet get a private nudge, at most one per person per local day in a workspace, never
 * to someone who opted out (`/sa-quiz remind off`). Sending lives in src/core/reminder-sender.ts.
 */

export const MAX_REMINDER_HOURS = 12;
/** Nudges sent for one reminder at most: the longest streaks first. */
export const NUDGE_CAP = 50;
const HOUR_MS = 3_600_000;

/** The database side of reminders; the claims (inserts that may find a row) decide who sends. */
export interface ReminderStore {
  /**
   * Open rounds whose reminder time has come at `now` and whose reveal has not (`now` before
   * `revealAt`), in subscribed, unpaused channels with a reminder set, never claimed before.
   */
  listRemindersDue(now: Date): Promise<Round[]>;
  /** True for the one caller that inserts the round's reminder row; false ever after. */
  claimReminder(roundId: number, at: Date): Promise<boolean>;
  markReminderSent(roundId: number, at: Date): Promise<void>;
  /** Who in the workspace turned nudges off. */
  listReminderOptOuts(workspaceId: number): Promise<Set<string>>;
  /** Who in the workspace already had their nudge on `localDate`. */
  listNudged(workspaceId: number, localDate: string): Promise<Set<string>>;
  /**
   * Records a nudge for each of `userIds` on `localDate` where none is recorded yet; returns the
   * users whose row this call inserted: the only ones it may nudge.
   */
  claimNudges(
    workspaceId: number,
    localDate: string,
    roundId: number,
    userIds: readonly string[],
    at: Date,
  ): Promise<string[]>;
  /** `/sa-quiz remind off` (true) or `on` (false), per workspace. */
  setReminderOptOut(workspaceId: number, userId: string, optedOut: boolean, at: Date): Promise<void>;
}

/** When the round's reminder is due: `hours` before its reveal. */
export function reminderAt(round: Pick<Round, 'revealAt'>, hours: number): Date {
  return new Date(round.revealAt.getTime() - hours * HOUR_MS);
}

export type ReminderState = 'none' | 'early' | 'due' | 'passed';

/**
 * Whether the round's reminder is due at `now`. `none`: no reminder set, the round is not open,
 * or its question went out at or after the reminder time (a reminder right after the question
 * says nothing); `passed` once the reveal time has come (a late tick never reminds after it).
 */
export function reminderState(
  round: Pick<Round, 'status' | 'revealAt' | 'postAt' | 'postedAt'>,
  hours: number | null,
  now: Date,
): ReminderState {
  if (hours === null || round.status !== 'open') return 'none';
  const at = reminderAt(round, hours).getTime();
  if (at <= (round.postedAt ?? round.postAt).getTime()) return 'none';
  if (now.getTime() >= round.revealAt.getTime()) return 'passed';
  return now.getTime() < at ? 'early' : 'due';
}

/** `reminder …`'s argument: `2`, `2h`, `2시간`, `off` (`0`, `끄기`); null without one (show it). */
export function parseReminderSetting(arg: string | undefined): Result<number | 'off' | null> {
  if (arg === undefined || arg === '') return ok(null);
  const text = arg.trim().toLowerCase();
  if (text === 'off' || text === '끄기' || text === '0' || text === '0h') return ok('off');
  const hours = /^(\d{1,2})(?:h|hr|hrs|hours?|시간)?$/.exec(text);
  if (!hours) return fail('unknown_argument', { value: arg });
  return ok(Number(hours[1]));
}

/** Why `hours` cannot be the channel's reminder, or null when it can. */
export function reminderHoursProblem(
  hours: number,
  schedule: Schedule,
): 'out_of_range' | 'before_post' | null {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_REMINDER_HOURS) return 'out_of_range';
  return hours * HOUR_MS >= windowLengthMs(schedule) ? 'before_post' : null;
}

/** `/sa-quiz remind off|on` (also `알림 끄기|켜기`): the opt-out, or null for a practice query. */
export function parseRemindQuery(query: string): 'off' | 'on' | null {
  const text = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const english = /^remind(?:ers?)? (off|on)$/.exec(text);
  if (english) return english[1] === 'off' ? 'off' : 'on';
  if (text === '알림 끄기' || text === '알림끄기') return 'off';
  if (text === '알림 켜기' || text === '알림켜기') return 'on';
  return null;
}

/**
 * Who gets a nudge: people with a current streak of at least one in the channel who have no
 * counted answer in the round, did not opt out and had no nudge today; the longest streaks
 * first, at most `cap`.
 */
export function nudgeRecipients(input: {
  readonly streaks: readonly Streak[];
  readonly answered: ReadonlySet<string>;
  readonly optedOut: ReadonlySet<string>;
  readonly nudgedToday: ReadonlySet<string>;
  readonly cap?: number;
}): Streak[] {
  return input.streaks
    .filter(
      (s) =>
        s.current >= 1 &&
        !input.answered.has(s.userId) &&
        !input.optedOut.has(s.userId) &&
        !input.nudgedToday.has(s.userId),
    )
    .sort((a, b) => b.current - a.current || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    .slice(0, input.cap ?? NUDGE_CAP);
}

function revealTime(channel: Channel, round: Round): string {
  return `${localTimeOf(round.revealAt, channel.schedule.timezone)} (${channel.schedule.timezone})`;
}

/** The message in the round's thread: answers so far and when the answer is revealed. */
export function reminderView(m: Catalog, channel: Channel, round: Round, answers: number): View {
  return view('info', m.reminders.reminderTitle(answers), [
    { kind: 'time', label: m.reminders.revealsAt, at: round.revealAt, fallback: revealTime(channel, round) },
    { kind: 'text', text: m.reminders.reminderInvite },
  ]);
}

/** One person's private nudge. */
export function nudgeView(m: Catalog, channel: Channel, round: Round, streak: number): View {
  return view(
    'info',
    m.reminders.nudgeTitle(streak),
    [
      { kind: 'text', text: m.reminders.nudgeText(channelRef(channel.externalId, channel.name)) },
      {
        kind: 'time',
        label: m.reminders.revealsAt,
        at: round.revealAt,
        fallback: revealTime(channel, round),
      },
    ],
    { footer: m.reminders.nudgeOptOut },
  );
}
