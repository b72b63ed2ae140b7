import type { Store } from '../../src/core/ports.js';

/** What a Store handed to the application: whole questions, question summaries, practice cards. */
export interface Reads {
  /** Whole questions (with their texts). */
  questions: number;
  /** Rows that name a question without its body (key and terms). */
  summaries: number;
  cards: number;
  /** Store calls made. */
  calls: number;
}

function tally(reads: Reads, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) tally(reads, item);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if ('texts' in value && 'key' in value) reads.questions++;
  else if ('titles' in value && 'key' in value) reads.summaries++;
  else if ('questionKey' in value) reads.cards++;
}

/**
 * The store, observed: every call goes to the real store unchanged, and what it returns is
 * counted. `reads` is what the application received since the last `reset()`.
 */
export function countingStore(store: Store): { store: Store; reads: Reads; reset(): void } {
  const reads: Reads = { questions: 0, summaries: 0, cards: 0, calls: 0 };
  const observed = (inner: Store): Store => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(inner)) {
      if (typeof member !== 'function') continue;
      wrapped[name] = async (...args: unknown[]) => {
        reads.calls++;
        const result = await (member as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
        tally(reads, result);
        return result;
      };
    }
    wrapped.transaction = <T>(work: (tx: Store) => Promise<T>): Promise<T> =>
      inner.transaction((tx) => work(observed(tx)));
    return wrapped as unknown as Store;
  };
  return {
    store: observed(store),
    reads,
    reset: () => {
      reads.questions = 0;
      reads.summaries = 0;
      reads.cards = 0;
      reads.calls = 0;
    },
  };
}
