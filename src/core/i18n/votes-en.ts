import type { VotesCatalog } from './votes.js';

export const votesEn: VotesCatalog = {
  bestAnswer: (votes, tied) =>
    `⭐ ${tied ? 'Joint best answers' : 'Best answer'} (${votes} ${votes === 1 ? 'vote' : 'votes'})`,
  howToVote: (emoji) => [
    'React with ',
    emoji,
    ' to the answers you like: the most-voted is quoted at the reveal.',
  ],
  emojiIs: (emoji) => ['The best-answer vote reaction: ', emoji],
  emojiSet: (emoji) => ['Reacting with ', emoji, ' to an answer is now a vote for the best answer.'],
  discordStar: 'On Discord the vote is ⭐ (it cannot be changed).',
  helpLine: 'vote-emoji star|tada|… — the reaction that votes for the best answer (Slack; default: star)',
};
