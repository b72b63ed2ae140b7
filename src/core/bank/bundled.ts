import type { Question } from '../types.js';
import type { BankQuestion } from './types.js';

export const BUNDLED_SOURCE = 'bundled';

/**
 * What to write so the global library holds the bundled bank: missing questions are added and
 * untouched bundled ones follow a newer release; a question someone imported over is left alone.
 */
export function planBundledSync(
  existing: readonly Question[],
  bundled: readonly BankQuestion[],
): BankQuestion[] {
  const byKey = new Map(existing.map((q) => [q.key, q]));
  return bundled.filter((q) => {
    const current = byKey.get(q.key);
    if (!current) return true;
    return current.source === BUNDLED_SOURCE && JSON.stringify(current.texts) !== JSON.stringify(q.texts);
  });
}
