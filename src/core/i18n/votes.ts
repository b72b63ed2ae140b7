import type { Ref, RichText } from '../views.js';

/** The best answer by vote, in the reveal. */
export interface VotesCatalog {
  /** The heading over the most-voted answer(s), with their vote count. */
  bestAnswer(votes: number, tied: boolean): string;
  /** How to vote, under the question (the channel's emoji: Slack `:star:`, elsewhere ⭐). */
  howToVote(emoji: Ref): RichText;
  /** `vote-emoji`: the channel's vote reaction now. */
  emojiIs(emoji: Ref): RichText;
  emojiSet(emoji: Ref): RichText;
  discordStar: string;
  helpLine: string;
}
