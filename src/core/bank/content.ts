import type { QuestionText } from '../types.js';

const PLACEHOLDERS = new Set([
  '',
  '?',
  '??',
  '???',
  '-',
  '--',
  'tbd',
  'todo',
  'n/a',
  'na',
  '없음',
  '...',
  '…',
]);

/** `??`, `TBD`, an empty `- 이란?`: text that holds no content yet. */
export function isPlaceholder(text: string): boolean {
  // Every placeholder is short; a long answer is not copied to find that out.
  return text.length <= 40 && PLACEHOLDERS.has(text.trim().toLowerCase());
}

/** Complete = a definition, at least one benefit and at least one risk. */
export function isComplete(text: QuestionText): boolean {
  return text.definition.trim() !== '' && text.benefits.length > 0 && text.risks.length > 0;
}

/** Orders two wordings of the same question: the richer one wins a merge. */
export function richness(text: QuestionText): number {
  return (
    (isComplete(text) ? 1_000_000 : 0) +
    (text.definition.trim() !== '' ? 100_000 : 0) +
    (text.benefits.length + text.risks.length) * 1_000 +
    Math.min(text.definition.length, 999)
  );
}

export function emptyText(title: string): QuestionText {
  return {
    title,
    categories: [],
    definition: '',
    benefits: [],
    risks: [],
    notes: [],
    docs: null,
    followUp: null,
    aliases: [],
  };
}

/** Korean if a good share of the letters are Hangul. */
export function detectLocale(sample: string): 'ko' | 'en' {
  const hangul = sample.match(/[\uac00-\ud7a3]/g)?.length ?? 0;
  const latin = sample.match(/[a-z]/gi)?.length ?? 0;
  return hangul > 0 && hangul * 4 >= latin ? 'ko' : hangul > 50 ? 'ko' : 'en';
}
