import { isHangul, normalizeText } from './normalize.js';

/**
 * Whether a reply is a real attempt at an answer. "모르겠어요", "pass", "?", a lone emoji or a
 * few characters are not, and do not extend a streak; anything else is, whatever it covers, so
 * an imperfect grader never breaks someone's streak.
 */

/** Words that say "I don't know" or "skip" (a word containing one of these stems is dropped). */
const NON_ANSWER_STEMS = [
  '모르',
  '몰라',
  '몰랐',
  '모름',
  '궁금',
  '글쎄',
  '패스',
  '스킵',
  '넘어',
  '기억',
  '생각 안',
  '어렵',
  '힘들',
];
/** The same in English: whole words only (`password` is an answer). */
const NON_ANSWER_WORDS = new Set(['pass', 'skip', 'idk', 'dunno', 'unsure', 'nope', 'tbd']);
const NON_ANSWER_PHRASES =
  /\b(?:i )?(?:don t|do not|dont) know\b|\bno idea\b|\bnot sure\b|\bno clue\b|\bpass\b/g;

/** Words that carry no content on their own. */
const FILLERS = new Set([
  '저도',
  '저는',
  '나도',
  '음',
  '흠',
  '아',
  '어',
  '네',
  '넵',
  '예',
  '잘',
  '좀',
  '정말',
  '진짜',
  '오늘',
  '오늘은',
  '이번',
  '이건',
  '문제',
  '질문',
  '해요',
  '어요',
  '같아요',
  '겠어요',
  '다음에',
  '나중에',
  'ok',
  'okay',
  'hmm',
  'um',
  'uh',
  'yes',
  'no',
  'lol',
  'i',
  'me',
  'too',
  'this',
  'one',
  'today',
  'question',
]);

/** A Hangul syllable says about as much as two Latin letters. */
function weight(word: string): number {
  let total = 0;
  for (const ch of word) total += isHangul(ch) ? 2 : /[a-z0-9]/.test(ch) ? 1 : 0;
  return total;
}

const MIN_WEIGHT = 6;

export function isRealAttempt(answer: string): boolean {
  const words = normalizeText(answer).replace(NON_ANSWER_PHRASES, ' ').split(' ');
  let total = 0;
  for (const word of words) {
    if (word === '' || FILLERS.has(word) || NON_ANSWER_WORDS.has(word)) continue;
    if (NON_ANSWER_STEMS.some((stem) => word.includes(stem))) continue;
    total += weight(word);
    if (total >= MIN_WEIGHT) return true;
  }
  return false;
}
