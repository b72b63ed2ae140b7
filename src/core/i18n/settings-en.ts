import type { SettingsCatalog } from './settings.js';

export const settingsEn: SettingsCatalog = {
  title: 'sa-quiz channel settings',
  save: 'Save',
  cancel: 'Cancel',
  intro:
    'This channel’s schedule and settings. Commands such as `/sa-admin subscribe 09:00 mon-fri Asia/Seoul reveal 18:00` still work.',
  postTime: 'Question time',
  revealTime: 'Reveal time',
  days: 'Days',
  timezone: 'Time zone',
  timezoneHint: 'For a zone not listed, use `/sa-admin subscribe … ZONE`.',
  language: 'The bot’s language',
  categories: 'Category filter',
  categoriesHint:
    'Comma-separated pillars, domains, levels or topics (e.g. Security, professional). Empty: all.',
  privateAnswers: 'Private answers',
  privateAnswersOption: 'An "Answer privately" button on questions',
  holidays: 'Public holidays',
  holidaysAuto: 'By time zone (Korean holidays in Asia/Seoul)',
  holidaysOff: 'Post on holidays too',
  reminder: 'Deadline reminder',
  reminderOff: 'Off',
  reminderHours: (hours) => `${hours} ${hours === 1 ? 'hour' : 'hours'} before the reveal`,
  digest: 'Weekly digest',
  digestOff: 'Off',
  saved: (schedule) => `Settings saved: ${schedule}`,
  subscribedNow: (schedule) => `Subscribed this channel: ${schedule}`,
};
