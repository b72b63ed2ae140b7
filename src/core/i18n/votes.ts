/** The best answer by vote, in the reveal. */
export interface VotesCatalog {
  /** The heading over the most-voted answer(s), with their vote count. */
  bestAnswer(votes: number, tied: boolean): string;
  /** How to vote, under the question (Slack: the channel's emoji; Discord: ⭐). */
  howToVote(emoji: string): string;
  /** `vote-emoji`: the channel's vote reaction now (Slack names, shown as `:name:`). */
  emojiIs(name: string): string;
  emojiSet(name: string): string;
  discordStar: string;
  helpLine: string;
}
