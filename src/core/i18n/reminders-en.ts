import type { RemindersCatalog } from './reminders.js';

export const remindersEn: RemindersCatalog = {
  reminderTitle: (answers) =>
    answers === 0 ? '⏰ No answers yet' : `⏰ ${answers} ${answers === 1 ? 'answer' : 'answers'} so far`,
  revealsAt: 'The answer is revealed at',
  reminderInvite: 'Not answered yet? Reply in this thread.',
  nudgeTitle: (streak) => `🔥 You are on a streak of ${streak}`,
  nudgeText: (channel) => [
    'You have not answered today’s question in ',
    channel,
    ' yet. Reply in its thread before the reveal to keep your streak.',
  ],
  nudgeOptOut: 'To stop these reminders: `/sa-quiz remind off` (back on: `/sa-quiz remind on`)',
  reminderSet: (hours) =>
    `A reminder goes to the thread ${hours} ${hours === 1 ? 'hour' : 'hours'} before the reveal; people on a streak who have not answered also get a private nudge, once a day at most.`,
  reminderOff: 'The deadline reminder is off.',
  statusReminder: (hours) =>
    `Deadline reminder: ${hours === null ? 'off' : `${hours} ${hours === 1 ? 'hour' : 'hours'} before the reveal`}`,
  statusReminderInactive: (hours) =>
    `⚠️ The reminder (${hours} h before) would come at or before the post time, so none is sent. Set a shorter one with \`reminder N\`.`,
  invalidHours: (value, max) =>
    `The reminder is 1–${max} hours before the reveal, or \`off\`: "${value}" (e.g. \`reminder 2\`)`,
  hoursBeforePost: (hours, post, reveal) =>
    `${hours} ${hours === 1 ? 'hour' : 'hours'} before the reveal (${reveal}) must fall after the post time (${post}). Choose fewer hours.`,
  optedOut:
    'You will get no more private reminders before deadlines (in every channel of this workspace). To get them again: `/sa-quiz remind on`.',
  optedIn: 'Private reminders are back on (on a day you are on a streak and have not answered, once a day).',
  helpLines: [
    'reminder 2 | 2h | off — a reminder in the thread N hours (1–12) before the reveal, and a private nudge to people on a streak',
  ],
  userHelpLine: '/sa-quiz remind off | on — private reminders before the deadline off or on',
};
