/**
 * Normalisation shared by answers and key-point terms, so that width, case, punctuation and
 * spacing never decide whether a point was made: `Multi-AZ`, `ＭＵＬＴＩ ａｚ` and `multi az`
 * are the same text.
 */

/** Slack `:emoji_name:` codes and Discord custom emoji `<:name:123>`: not words of the answer. */
const EMOJI_CODES = /<a?:[\w~-]+:\d+>|:[a-z0-9_+-]+:/gi;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const SENTENCE_END = /[.!?;。！？\n]+|(?<=[다요죠음함됨임])\s*[,，]\s*|\s[-–—]\s/u;

/** One piece of text as lower-case words separated by single spaces. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(EMOJI_CODES, ' ').toLowerCase().replace(NOT_WORD, ' ').trim();
}

/**
 * The answer as normalised sentences: the unit in which `a + b` must both appear and in which
 * negation is looked for. Sentence ends are `.`, `!`, `?`, `;`, line breaks, and a comma after
 * a finished Korean clause (`…된다, …`).
 */
export function normalizedSentences(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(SENTENCE_END)
    .map(normalizeText)
    .filter((s) => s !== '');
}

const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/;

export function isHangul(ch: string | undefined): boolean {
  return ch !== undefined && HANGUL_SYLLABLE.test(ch);
}
