import type { DigestCatalog } from './digest.js';

/** Short dates in the digest: `3/10`. */
const md = (date: string): string => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;

export const digestKo: DigestCatalog = {
  title: (from, to) => `📊 주간 요약 (${md(from)}~${md(to)})`,
  summary: (rounds, answers, people) => `질문 ${rounds}개 · 답변 ${answers}개 · 참여 ${people}명`,
  participation: '요일별 답변 수',
  noRound: '질문 없음',
  topScores: '이번 주 점수 순위',
  scoreRow: (rank, score, answers) => `${rank}위 · ${score}점 · 답변 ${answers}개`,
  chartScore: (score, answers) => `${score}점 · 답변 ${answers}개`,
  nobody: '이번 주에는 답변이 없었습니다.',
  chartAlt: (from, to) => `${md(from)}~${md(to)} 요일별 답변 수 막대 그래프`,
  answersAxis: '답변 수',
  dayNames: ['월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'],
  digestSet: (day, reveal) =>
    `매주 ${day} ${reveal} 공개 뒤에 주간 요약(요일별 참여와 점수 순위)을 올립니다.`,
  digestOff: '주간 요약을 껐습니다.',
  statusDigest: (day) => `주간 요약: ${day === null ? '꺼짐' : `매주 ${day} 공개 뒤`}`,
  invalidDay: (value) =>
    `요일 하나를 적거나 \`off\`로 끕니다: "${value}" (예: \`digest fri\`, \`digest 금\`)`,
  helpLines: ['digest fri | 금 | off — 매주 그 요일 공개 뒤 주간 요약(참여 그래프와 점수 순위)'],
};
