import type { HistoryCatalog } from './history.js';

export const historyEn: HistoryCatalog = {
  title: 'Past questions',
  empty: 'No question has been revealed in this channel yet.',
  line: (date, title, answered) => `${date} · ${title} · ${answered} answered`,
  show: (date) => `Answer of ${date.slice(5)}`,
  hint: 'A button shows that day’s reference answer again, only to you. `/sa-quiz history 10` lists more.',
};
