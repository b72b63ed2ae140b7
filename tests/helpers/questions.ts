import type { BankQuestion } from '../../src/core/bank/types.js';
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

/**
 * A question whose reference answer is far too long for one message (a 4-paragraph definition,
 * 20 long benefits and 20 long risks): its reveal takes several. `extra` is appended to every
 * line (e.g. mentions, to check they are neutralised).
 */
export function longAnswerQuestion(title = '아주 긴 답의 질문', extra = ''): BankQuestion {
  const long = (n: number) => `${'가나다라마바사 '.repeat(60)}(${n})${extra}`;
  return {
    key: 'long-answer',
    sources: ['test'],
    texts: {
      ko: text(title, {
        definition: long(0).repeat(4),
        benefits: Array.from({ length: 20 }, (_, i) => long(i + 1)),
        risks: Array.from({ length: 20 }, (_, i) => long(i + 100)),
      }),
    },
  };
}
