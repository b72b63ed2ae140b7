/** What the bot says when it arrives in a channel, and when the platform says a channel is gone. */
export interface LifecycleCatalog {
  welcomeTitle: string;
  /** What the bot does, in two sentences. */
  welcomeWhat: string;
  /** For an unsubscribed channel: how an admin starts it, with the default schedule. */
  welcomeSubscribe: string;
  /** For a subscribed channel that is paused (the bot was removed and is back): how to go on. */
  welcomePaused: string;
  /** For a subscribed channel running as before. */
  welcomeRunning: string;
  /** Everyone: practice and standings. */
  welcomeEveryone: string;
}
