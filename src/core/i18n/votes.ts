/** The best answer by vote, in the reveal. */
export interface VotesCatalog {
  /** The heading over the most-voted answer(s), with their vote count. */
  bestAnswer(votes: number, tied: boolean): string;
  /** How to vote, under the question (Slack: the channel's emoji; Discord: ⭐). */
  howToVote(emoji: string): string;
}
