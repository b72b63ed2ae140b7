/**
 * Title normalisation decides which entries are the same question, so `Q18. AWS CloudWatch란?
 * (중복)` and `CloudWatch` meet. It only removes decoration; it never translates.
 */

const QUESTION_NUMBER = /^\s*Q\s*\d+\s*[.)]\s*/i;
const DUPLICATE_MARK = /\(\s*중복\s*\)/g;

/** The title as shown to people: without the `Qn.` numbering and the `(중복)` mark. */
export function displayTitle(raw: string): string {
  return raw.replace(QUESTION_NUMBER, '').replace(DUPLICATE_MARK, '').replace(/\s+/g, ' ').trim();
}

export function normalizeTitle(raw: string): string {
  let title = displayTitle(raw.normalize('NFKC'));
  title = title.replace(/\([^)]*\)/g, ' ');
  title = title.replace(/\s*(이란|란|는|은|이란 무엇인가요|란 무엇인가요)?\s*[?？]+\s*$/u, '');
  title = title.replace(/^what\s+(is|are)\s+(an?\s+|the\s+)?/i, '');
  title = title.replace(/^(aws|amazon)\s+/i, '');
  return title.toLowerCase().replace(/\s+/g, '');
}

/** A key derived from a title, for entries that carry no explicit id. */
export function keyFromTitle(raw: string): string {
  const slug = normalizeTitle(raw)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'untitled' : slug.slice(0, 80);
}

// Lowercase letters of any script (derived keys keep Hangul), digits and hyphens.
const ID_PATTERN = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}-]{0,79}$/u;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
