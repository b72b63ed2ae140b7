import type { KeyPoint } from '../types.js';
import { isHangul, normalizeText } from './normalize.js';

/**
 * Compiled key-point terms and how they are looked for in an answer (rules in
 * docs/bank-format.md, "Key points"): the words of a phrase in order, with nothing, a space or a
 * Korean particle between them; any ending after a Hangul word, a few inflections after a Latin
 * one; a Latin word starts at a word start; a Hangul phrase may start inside a word unless a
 * negating prefix (비, 불, 무, 미) begins that word; `a + b` needs both in one sentence; a plainly
 * negated match (`허용되지 않는다`, `is not stateful`) does not count.
 */

const PARTICLES =
  '으로써|으로서|에서는|에서|에게|으로|이랑|까지|부터|처럼|보다|이나|이라|이며|하고|에는|와의|과의|을|를|이|가|은|는|의|에|로|와|과|랑|도|만|나|라|며|및';
const LATIN_SUFFIX = '(?:s|es|ed|d|ing|ly|er|ers)?';
const NEGATED_PREFIX = '(?<!(?:^|[^\\uAC00-\\uD7A3])[비불무미])';
const LATIN_START = '(?<![a-z0-9])';
const LATIN_END = '(?![a-z0-9])';

/** Words that make a claim its opposite when they follow it (Korean) or precede it (English). */
const KOREAN_NEGATION_AFTER = /^(않|안$|안(?:되|돼|됨|된|함|해|하)|못|없|아니|아닌|아님|불가)/;
/** A word that ends a clause (`…되고`, `…지만`): negation after it belongs to the next claim. */
const CLAUSE_END = /(고|며|서|면|데|지만|니까|므로|는데|라서|이라)$/;
/** How many words after a match may still negate it (`Fargate에는 적용 안 되고`). */
const NEGATION_WINDOW = 2;
const KOREAN_NEGATION_IN_WORD = /(않|없|못하|아니|아닌|불가|안됨|안돼|안된|안되)/;
const KOREAN_NEGATION_BEFORE = /^(안|못)$/;
const ENGLISH_NEGATION_BEFORE =
  /(?:^| )(?:not|no|never|without|cannot|non|neither|nor|(?:can|isn|aren|doesn|don|won|wasn|didn|shouldn|couldn) t)(?: |$)/;
/** A term that states a negative itself (`거부 규칙 + 없`, `no deny`) is not checked for negation. */
const NEGATIVE_TERM =
  /(않|없|못|아니|불가)|(?:^| )(not|no|never|without|cannot|only|non)(?: |$)|(?:^| )[a-z]+ t(?: |$)/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordPattern(word: string, last: boolean): string {
  const first = word[0];
  const end = word[word.length - 1];
  const start = isHangul(first) ? NEGATED_PREFIX : LATIN_START;
  const body = escapeRegExp(word);
  if (isHangul(end)) return `${start}${body}${last ? '' : `(?:${PARTICLES})?\\s?`}`;
  return `${start}${body}${LATIN_SUFFIX}${LATIN_END}${last ? '' : '\\s?'}`;
}

/** One compiled alternative of a key point: its parts, each a phrase as a regular expression. */
export interface CompiledTerm {
  readonly source: string;
  readonly parts: readonly RegExp[];
  /** Every word of every part as it must appear literally: a sentence lacking one cannot match. */
  readonly words: readonly string[];
  readonly checksNegation: boolean;
}

export interface CompiledPoint {
  readonly point: KeyPoint;
  readonly terms: readonly CompiledTerm[];
}

export function compileTerm(term: string): CompiledTerm | null {
  const parts = term
    .split(/\s*\+\s*/)
    .map(normalizeText)
    .filter((p) => p !== '');
  if (parts.length === 0) return null;
  const patterns = parts.map((phrase) => {
    const words = phrase.split(' ');
    return new RegExp(words.map((w, i) => wordPattern(w, i === words.length - 1)).join(''), 'gu');
  });
  return {
    source: term,
    parts: patterns,
    words: parts.flatMap((phrase) => phrase.split(' ')),
    checksNegation: !NEGATIVE_TERM.test(parts.join(' ')),
  };
}

const compiled = new WeakMap<KeyPoint, CompiledPoint>();

/** A key point's terms compiled once per point object. */
export function compilePoint(point: KeyPoint): CompiledPoint {
  let found = compiled.get(point);
  if (!found) {
    const terms = point.terms.map(compileTerm).filter((t): t is CompiledTerm => t !== null);
    found = { point, terms };
    compiled.set(point, found);
  }
  return found;
}

function isNegated(sentence: string, start: number, end: number): boolean {
  const rest = sentence.slice(end);
  const restOfWord = /^\S*/.exec(rest)?.[0] ?? '';
  if (KOREAN_NEGATION_IN_WORD.test(restOfWord)) return true;
  if (!CLAUSE_END.test(restOfWord)) {
    const next = rest.slice(restOfWord.length).trim().split(' ').slice(0, NEGATION_WINDOW);
    for (const word of next) {
      if (KOREAN_NEGATION_AFTER.test(word)) return true;
      if (CLAUSE_END.test(word)) break;
    }
  }
  const before = sentence.slice(0, start).trim().split(' ');
  if (KOREAN_NEGATION_BEFORE.test(before[before.length - 1] ?? '')) return true;
  return ENGLISH_NEGATION_BEFORE.test(before.slice(-4).join(' '));
}

/** The answer's words that show `term` in one sentence, or null. */
function matchTerm(term: CompiledTerm, sentence: string): string[] | null {
  // Each pattern holds its words literally (endings and particles only follow them), so a plain
  // substring test rules out most sentences before any regular expression runs.
  if (!term.words.every((word) => sentence.includes(word))) return null;
  const evidence: string[] = [];
  for (const part of term.parts) {
    // The first occurrence that is not negated: `안 되고 … 되고` may make the claim the second time.
    let made: string | null = null;
    for (const m of sentence.matchAll(part))
      if (!term.checksNegation || !isNegated(sentence, m.index, m.index + m[0].length)) {
        made = m[0].trim();
        break;
      }
    if (made === null) return null;
    evidence.push(made);
  }
  return evidence;
}

/** The evidence that `point` is made in one of `sentences`, or null when it is not. */
export function findPoint(point: CompiledPoint, sentences: readonly string[]): string[] | null {
  for (const term of point.terms)
    for (const sentence of sentences) {
      const evidence = matchTerm(term, sentence);
      if (evidence) return evidence;
    }
  return null;
}
