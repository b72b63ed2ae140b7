import type { VotesCatalog } from './votes.js';

export const votesKo: VotesCatalog = {
  bestAnswer: (votes, tied) => `⭐ ${tied ? '공동 ' : ''}베스트 답변 (투표 ${votes}표)`,
  howToVote: (emoji) => ['마음에 드는 답에 ', emoji, ' 반응을 달면 공개 때 베스트 답변으로 소개됩니다.'],
  emojiIs: (emoji) => ['베스트 답변 투표 반응: ', emoji],
  emojiSet: (emoji) => ['이제 답에 ', emoji, ' 반응을 달면 베스트 답변 투표가 됩니다.'],
  discordStar: 'Discord에서는 ⭐ 반응으로 투표합니다 (바꿀 수 없습니다).',
  helpLine: 'vote-emoji star|tada|… — 베스트 답변 투표 반응 (Slack, 기본: star)',
};
