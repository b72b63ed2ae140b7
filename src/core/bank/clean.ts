import { isBlank, visibleText } from '../text.js';
import type { KeyPoint, NoteSection, QuestionText } from '../types.js';
import { isPlaceholder } from './content.js';
import { decodeEntities } from './entities.js';
import { displayTitle } from './title.js';

/**
 * Every text field of a parsed question made storable and canonical, in one place for all
 * formats: NUL and other controls, zero-width and bidi characters removed (so `IAM\u200b이란?` is
 * the IAM question), line ends made `\n`, names on one line, empty and placeholder items dropped.
 * A key point's text and each of its terms are one line; terms are deduplicated; a point with no
 * text left is dropped, one with no terms is kept (lint warns); none at all leaves the field out.
 * Markdown banks decode their HTML character references first, exactly once.
 */

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const body = (s: string): string => s.replace(/\r\n?/g, '\n').trim();

/** One field made storable: entities decoded (markdown banks), controls and invisible characters removed. */
export function cleaner(options: { entities: boolean }): (s: string) => string {
  return (s) => visibleText(options.entities ? decodeEntities(s) : s);
}

export function cleanQuestionText(raw: QuestionText, options: { entities: boolean }): QuestionText {
  const clean = cleaner(options);
  const names = (list: readonly string[]): string[] => [
    ...new Set(list.map((s) => oneLine(clean(s))).filter((s) => !isBlank(s) && !isPlaceholder(s))),
  ];
  const items = (list: readonly string[]): string[] =>
    list.map((s) => body(clean(s))).filter((s) => !isBlank(s) && !isPlaceholder(s));
  const optional = (s: string | null): string | null => {
    const value = s === null ? '' : body(clean(s));
    return isBlank(value) ? null : value;
  };
  const definition = body(clean(raw.definition));
  const notes: NoteSection[] = raw.notes
    .map((n) => ({ title: oneLine(clean(n.title)), items: items(n.items) }))
    .filter((n) => !isBlank(n.title) || n.items.length > 0);
  const keyPoints: KeyPoint[] = (raw.keyPoints ?? [])
    .map((p) => ({ text: oneLine(clean(p.text)), terms: names(p.terms) }))
    .filter((p) => !isBlank(p.text) && !isPlaceholder(p.text));
  return {
    title: displayTitle(clean(raw.title)),
    categories: names(raw.categories),
    definition: isBlank(definition) || isPlaceholder(definition) ? '' : definition,
    benefits: items(raw.benefits),
    risks: items(raw.risks),
    notes,
    docs: optional(raw.docs),
    followUp: optional(raw.followUp),
    aliases: names(raw.aliases),
    ...(keyPoints.length > 0 ? { keyPoints } : {}),
  };
}
