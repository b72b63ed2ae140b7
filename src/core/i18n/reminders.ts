import type { Inline, RichText } from '../views.js';

/** What the bot says about deadline reminders: the thread message, the private nudge, the settings. */
export interface RemindersCatalog {
  /** The thread reminder's first line: how many answers are in so far. */
  reminderTitle(answers: number): string;
  /** The label of the reveal time in the reminder and the nudge. */
  revealsAt: string;
  /** The thread reminder's invitation to those who have not answered. */
  reminderInvite: string;
  /** The private nudge's title, for someone on a streak of `streak` rounds. */
  nudgeTitle(streak: number): string;
  /** The nudge's body; `channel` shows as a link to the channel. */
  nudgeText(channel: Inline): RichText;
  /** How to stop nudges, at the foot of each one. */
  nudgeOptOut: string;
  /** `reminder N`: set. */
  reminderSet(hours: number): string;
  reminderOff: string;
  /** Status (and `reminder` with no argument). */
  statusReminder(hours: number | null): string;
  /** Status: the schedule changed and the reminder no longer falls after the post time. */
  statusReminderInactive(hours: number): string;
  /** `reminder 0`, `reminder 13`: hours outside 1–12. */
  invalidHours(value: string, max: number): string;
  /** The reminder would come before (or at) the post time. */
  hoursBeforePost(hours: number, post: string, reveal: string): string;
  /** `/sa-quiz remind off|on`. */
  optedOut: string;
  optedIn: string;
  helpLines: readonly string[];
  userHelpLine: string;
}
