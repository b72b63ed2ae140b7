/** The personal home (Slack's App Home tab): my standing per channel, practice, and for admins the channels. */
export interface HomeCatalog {
  title: string;
  /** Before any channel of the workspace is subscribed. */
  noChannels: string;
  myChannels: string;
  /** A channel's line of my standing (all time). */
  standing(rank: number, current: number, best: number, answers: number, score: string): string;
  notPlayedYet: string;
  nextQuestion: string;
  /** No round within the look-ahead (no round days, or all of them off). */
  noNextQuestion: string;
  practice: string;
  recentAnswers: string;
  /** A recent answer: the question and the key points it made. */
  answerLine(title: string, covered: number, total: number): string;
  practiceCards(due: number, unseen: number): string;
  practiceHow: string;
  /** The home's button that sends the next practice card (in Slack, to the app's DM). */
  practiceButton: string;
  /** Why the practice card could not be sent from the home (a small modal in Slack). */
  practiceFailed: {
    title: string;
    close: string;
    /** The app's Messages tab is off: nobody can get a card in its DM. */
    messagesOff: string;
    /** The workspace does not let the app message this person (a guest, a policy, a missing scope). */
    notAllowed: string;
    /** Anything else (busy, a transient error): try again or type the command. */
    tryLater: string;
  };
  adminChannels: string;
  stateRunning: string;
  statePausedByAdmin: string;
  /** Paused because the platform refused it; `problem` says why and what to do. */
  stateBroken(problem: string): string;
  adminHow: string;
  /** The admin's button that opens a channel's settings form. */
  settingsButton(channel: string): string;
}
