/** `/sa-quiz forget-me`: a person deletes their own data in the workspace, after a confirmation. */
export interface PrivacyCatalog {
  /** Who stands in, in the history, for someone who deleted their data. */
  deletedUser: string;
  confirmTitle: string;
  /** What the workspace holds about the caller, before anything is deleted. */
  confirmIntro(workspace: string): string;
  willDelete: string;
  answers(count: number): string;
  votes(cast: number, received: number): string;
  practice(cards: number, reviews: number): string;
  streaks(channels: number, best: number, freezes: number): string;
  reminders(optedOut: boolean, nudges: number): string;
  uploads(count: number): string;
  adminRecords(count: number): string;
  /** What is kept (anonymously) and what the bot cannot delete. */
  keptHeading: string;
  kept: readonly string[];
  confirmButton: string;
  cancelButton: string;
  nothingStored: string;
  cancelled: string;
  doneTitle: string;
  done(answers: number, cards: number): string;
  /** A second confirmation (or a retried delivery): everything was deleted already. */
  alreadyDone: string;
  /** The button was pressed by someone other than the person it was shown to. */
  notYours: string;
  /** `/sa-admin help`'s line for everyone. */
  userHelpLine: string;
}
