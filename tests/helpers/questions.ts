import type { Question, QuestionText } from '../../src/core/types.js';

/** Small factories for questions in pure tests. */
export function text(title: string, overrides: Partial<QuestionText> = {}): QuestionText {
  return {
    title,
    categories: ['보안'],
    definition: `${title} definition`,
    benefits: ['a benefit'],
    risks: ['a risk'],
    notes: [],
    docs: null,
    followUp: null,
    aliases: [],
    ...overrides,
  };
}

let nextId = 1;

export function question(
  key: string,
  overrides: Partial<QuestionText> = {},
  workspaceId: number | null = null,
): Question {
  return { id: nextId++, workspaceId, key, texts: { ko: text(key, overrides) }, source: 'test' };
}

/** Deterministic "random" for selection tests. */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}
