import type { DigestCatalog } from './digest.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Short dates in the digest: `Mar 10`. */
const md = (date: string): string =>
  `${MONTHS[Number(date.slice(5, 7)) - 1] ?? ''} ${Number(date.slice(8, 10))}`;

export const digestEn: DigestCatalog = {
  title: (from, to) => `📊 Weekly digest (${md(from)} – ${md(to)})`,
  summary: (rounds, answers, people) =>
    `${rounds} ${rounds === 1 ? 'question' : 'questions'} · ${answers} ${answers === 1 ? 'answer' : 'answers'} · ${people} ${people === 1 ? 'person' : 'people'}`,
  participation: 'Answers per day',
  noRound: 'no question',
  topScores: "This week's top scores",
  scoreRow: (rank, score, answers) =>
    `#${rank} · ${score} pts · ${answers} ${answers === 1 ? 'answer' : 'answers'}`,
  chartScore: (score, answers) => `${score} pts · ${answers} ${answers === 1 ? 'answer' : 'answers'}`,
  nobody: 'Nobody answered this week.',
  chartAlt: (from, to) => `Bar chart of answers per day, ${md(from)} – ${md(to)}`,
  answersAxis: 'answers',
  dayNames: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  digestSet: (day, reveal) =>
    `Every ${day}, after the ${reveal} reveal, the weekly digest (answers per day and top scores) is posted here.`,
  digestOff: 'The weekly digest is off.',
  statusDigest: (day) => `Weekly digest: ${day === null ? 'off' : `every ${day}, after the reveal`}`,
  invalidDay: (value) => `Give one weekday, or \`off\`: "${value}" (e.g. \`digest fri\`)`,
  helpLines: ['digest fri | off — every week on that day, after the reveal: answers per day and top scores'],
};
