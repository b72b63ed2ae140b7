/** The channel settings form (Slack: the `/sa-admin` modal). */
export interface SettingsCatalog {
  title: string;
  save: string;
  cancel: string;
  /** Above the form: which channel, and that the text commands still work. */
  intro: string;
  postTime: string;
  revealTime: string;
  days: string;
  timezone: string;
  /** Under the time zone: zones not in the list are set with the text command. */
  timezoneHint: string;
  language: string;
  /** Over the category lists: a question matching any one choice is posted; none chosen, all. */
  categories: string;
  pillars: string;
  domains: string;
  levels: string;
  topics: string;
  topicsHint: string;
  /** In an empty list: every one. */
  anyChoice: string;
  privateAnswers: string;
  privateAnswersOption: string;
  holidays: string;
  holidaysAuto: string;
  holidaysOff: string;
  reminder: string;
  reminderOff: string;
  reminderHours(hours: number): string;
  digest: string;
  digestOff: string;
  /** After saving: what the channel now does. */
  saved(schedule: string): string;
  /** After saving a channel that was not subscribed yet. */
  subscribedNow(schedule: string): string;
}
