import type { VotesCatalog } from './votes.js';

export const votesEn: VotesCatalog = {
  bestAnswer: (votes, tied) =>
    `⭐ ${tied ? 'Joint best answers' : 'Best answer'} (${votes} ${votes === 1 ? 'vote' : 'votes'})`,
  howToVote: (emoji) =>
    `React with ${emoji} to the answers you like: the most-voted is quoted at the reveal.`,
};
