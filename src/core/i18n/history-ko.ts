import type { HistoryCatalog } from './history.js';

export const historyKo: HistoryCatalog = {
  title: '지난 질문',
  empty: '이 채널에서 공개된 질문이 아직 없습니다.',
  line: (date, title, answered) => `${date} · ${title} · ${answered}명 답변`,
  show: (date) => `${date.slice(5)} 답안 보기`,
  hint: '버튼을 누르면 그날의 모범 답안을 나만 보게 다시 보여 줍니다. `/sa-quiz history 10`으로 더 볼 수 있습니다.',
};
