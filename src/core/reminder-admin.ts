import { type AdminDeps, type AdminReply, adminReply } from './admin-gate.js';
import type { Catalog } from './i18n/catalog.js';
import { MAX_REMINDER_HOURS, reminderHoursProblem } from './reminders.js';
import { messageView } from './render.js';
import type { Channel } from './types.js';

/** `/sa-admin reminder N|off`, and what the status says of the channel's reminder. */

/** `reminder 2` sets it (1–12 hours, after the post time), `reminder off` clears it, alone it shows it. */
export async function runReminder(
  deps: AdminDeps,
  m: Catalog,
  channel: Channel,
  setting: number | 'off' | null,
): Promise<AdminReply> {
  if (setting === null) return adminReply(messageView('info', reminderStatusLines(m, channel).join('\n')));
  if (setting === 'off') {
    await deps.store.updateChannel(channel.id, { reminderHours: null });
    return adminReply(messageView('success', m.reminders.reminderOff));
  }
  const problem = reminderHoursProblem(setting, channel.schedule);
  if (problem === 'out_of_range')
    return adminReply(messageView('error', m.reminders.invalidHours(String(setting), MAX_REMINDER_HOURS)));
  if (problem === 'before_post')
    return adminReply(
      messageView(
        'error',
        m.reminders.hoursBeforePost(setting, channel.schedule.postTime, channel.schedule.revealTime),
      ),
    );
  await deps.store.updateChannel(channel.id, { reminderHours: setting });
  return adminReply(messageView('success', m.reminders.reminderSet(setting)));
}

/** The status lines: the reminder setting, and a warning when the schedule no longer leaves room for it. */
export function reminderStatusLines(m: Catalog, channel: Channel): string[] {
  const hours = channel.reminderHours;
  const lines = [m.reminders.statusReminder(hours)];
  if (hours !== null && reminderHoursProblem(hours, channel.schedule) !== null)
    lines.push(m.reminders.statusReminderInactive(hours));
  return lines;
}
