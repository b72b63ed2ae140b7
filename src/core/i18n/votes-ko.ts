import type { VotesCatalog } from './votes.js';

export const votesKo: VotesCatalog = {
  bestAnswer: (votes, tied) => `⭐ ${tied ? '공동 ' : ''}베스트 답변 (투표 ${votes}표)`,
  howToVote: (emoji) => `마음에 드는 답에 ${emoji} 반응을 달면 공개 때 베스트 답변으로 소개됩니다.`,
};
