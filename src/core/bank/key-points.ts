import type { KeyPoint } from '../types.js';
import { buildOutline, type OutlineItem } from './outline.js';

/**
 * Key points as the bank formats write them (docs/bank-format.md, "Key points"): in markdown a
 * `- Key points` / `- 핵심 포인트` item whose children are the points, each with a `- Terms:` /
 * `- 용어:` grandchild of alternatives separated by `, `; in JSON and CSV `[{text, terms}]`.
 */

/** The item that holds the points: `Key points`, `Key point`, `핵심 포인트`, `**Key points**`. */
export const KEY_POINTS_LABEL = /^(key ?points?|핵심 ?포인트|핵심 ?요점)\s*(?::\s*(.*))?$/i;
/** A point's list of alternatives: `Terms: a, b`, `용어: a, b`. */
const TERMS_LABEL = /^(terms?|용어)\s*(?::\s*(.*))?$/i;

const stripEmphasis = (text: string): string =>
  text
    .replace(/^\*\*(.*)\*\*$/, '$1')
    .replace(/^__(.*)__$/, '$1')
    .trim();

/** `a, b，c` → `[a, b, c]`: alternatives are separated by a comma and a space (or a full-width comma). */
export function splitTerms(text: string): string[] {
  return text
    .split(/,\s+|，\s*/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** True when a bullet's text opens the key points (`- Key points`, `- 핵심 포인트:`). */
export function isKeyPointsLabel(text: string): boolean {
  return KEY_POINTS_LABEL.test(stripEmphasis(text));
}

/** An item's own text with its paragraph lines, on one line. */
function ownText(item: OutlineItem): string {
  return [item.text, ...item.body.filter((e): e is string => typeof e === 'string')]
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join(' ');
}

/** An item and everything nested under it, on one line. */
function allText(item: OutlineItem): string {
  return [ownText(item), ...item.children.map(allText)].filter((s) => s !== '').join(' ');
}

function pointOf(item: OutlineItem): KeyPoint {
  const terms: string[] = [];
  const rest: string[] = [];
  for (const child of item.children) {
    const label = TERMS_LABEL.exec(stripEmphasis(child.text));
    if (label) {
      terms.push(...splitTerms(label[2] ?? ''));
      // `- Terms:` with one alternative per sub-bullet is read too.
      for (const sub of child.children) terms.push(...splitTerms(ownText(sub)));
    } else {
      // Nothing written is dropped: any other sub-bullet stays part of the claim's text.
      rest.push(allText(child));
    }
  }
  return { text: [ownText(item), ...rest].filter((s) => s !== '').join(' '), terms };
}

/**
 * The points under a `- Key points` item (`inline`: text after `Key points:` on the same line,
 * read as one more point without terms). Cleaning (clean.ts) drops points with no text.
 */
export function keyPointsOf(item: OutlineItem, inline: string): KeyPoint[] {
  const points = item.children.map(pointOf);
  return inline.trim() === '' ? points : [{ text: inline.trim(), terms: [] }, ...points];
}

/**
 * The numbered-notes answer split into its prose and its key points: an indented
 * `- Key points` bullet and every line indented deeper than it are taken out of the answer.
 */
export function takeKeyPoints(lines: readonly string[]): { rest: string[]; keyPoints: KeyPoint[] } {
  const rest: string[] = [];
  const keyPoints: KeyPoint[] = [];
  const indentOf = (s: string): number => s.length - s.trimStart().length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const label = bullet ? KEY_POINTS_LABEL.exec(stripEmphasis(bullet[1] ?? '')) : null;
    if (!bullet || !label) {
      rest.push(line);
      continue;
    }
    const indent = indentOf(line);
    const block: { text: string; line: number }[] = [{ text: line.slice(indent), line: i }];
    while (i + 1 < lines.length) {
      const next = lines[i + 1] ?? '';
      if (next.trim() !== '' && indentOf(next) <= indent) break;
      block.push({ text: next.slice(Math.min(indent, indentOf(next))), line: i + 1 });
      i++;
    }
    const [item] = buildOutline(block);
    if (item) keyPoints.push(...keyPointsOf(item, label[2] ?? ''));
  }
  return { rest, keyPoints };
}

/** The JSON shape `[{text, terms}]` (also a CSV `keyPoints` cell), or where it is wrong. */
export function keyPointsFromJson(value: unknown): { keyPoints: KeyPoint[] } | { bad: string } {
  if (value === undefined || value === null) return { keyPoints: [] };
  if (!Array.isArray(value)) return { bad: 'keyPoints' };
  const keyPoints: KeyPoint[] = [];
  for (const [index, entry] of value.entries()) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return { bad: `keyPoints[${index}]` };
    }
    const { text, terms } = entry as { text?: unknown; terms?: unknown };
    if (typeof text !== 'string') return { bad: `keyPoints[${index}].text` };
    if (terms === undefined || terms === null) {
      keyPoints.push({ text, terms: [] });
    } else if (typeof terms === 'string') {
      keyPoints.push({ text, terms: [terms] });
    } else if (Array.isArray(terms) && terms.every((t) => typeof t === 'string')) {
      keyPoints.push({ text, terms: [...terms] });
    } else {
      return { bad: `keyPoints[${index}].terms` };
    }
  }
  return { keyPoints };
}

/** A question's key points, `[]` when it has none (the field is optional in stored texts). */
export function keyPointsIn(text: { readonly keyPoints?: readonly KeyPoint[] }): readonly KeyPoint[] {
  return text.keyPoints ?? [];
}
