import { isBlank, visibleText } from '../text.js';

/**
 * Title normalisation decides which entries are the same question, so `Q18. AWS CloudWatch란?
 * (중복)` and `CloudWatch` meet. It only removes decoration; it never translates.
 */

const QUESTION_NUMBER = /^\s*Q\s*\d+\s*[.)]\s*/i;
const DUPLICATE_MARK = /\(\s*중복\s*\)/g;

/** The title as shown to people: without the `Qn.` numbering and the `(중복)` mark. */
export function displayTitle(raw: string): string {
  // Until nothing changes, so a title read back is the title written (`(중복)Q1. x` → `x`).
  let title = raw;
  for (let previous = ''; previous !== title; ) {
    previous = title;
    title = title.replace(DUPLICATE_MARK, '').replace(/\s+/g, ' ').trim().replace(QUESTION_NUMBER, '');
  }
  return title;
}

export function normalizeTitle(raw: string): string {
  let title = displayTitle(visibleText(raw).normalize('NFKC'));
  title = title.replace(/\([^)]*\)/g, ' ');
  title = title.replace(/\s*(이란|란|는|은|이란 무엇인가요|란 무엇인가요)?\s*[?？]+\s*$/u, '');
  title = title.replace(/^what\s+(is|are)\s+(an?\s+|the\s+)?/i, '');
  title = title.replace(/^(aws|amazon)\s+/i, '');
  return title.toLowerCase().replace(/\s+/g, '');
}

/**
 * A key derived from a title, for entries that carry no explicit id. It is a valid id (exports
 * write it as one) with room for a `-n` suffix when two titles give the same key.
 */
export function keyFromTitle(raw: string): string {
  const slug = normalizeTitle(raw)
    .replace(/[^\p{Ll}\p{Lo}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const short = [...slug].slice(0, 72).join('');
  return short === '' ? 'untitled' : short;
}

// Lowercase letters of any script (derived keys keep Hangul), digits and hyphens.
const ID_PATTERN = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}-]{0,79}$/u;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id) && !isBlank(id);
}
