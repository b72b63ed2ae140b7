import type { Question } from '../types.js';
import type { BankQuestion } from './types.js';

export const BUNDLED_SOURCE = 'bundled';
/** A bundled question a later release no longer ships (merged into another, or removed). */
export const RETIRED_SOURCE = 'bundled-retired';

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
    return current.source === BUNDLED_SOURCE && canonicalJson(current.texts) !== canonicalJson(q.texts);
  });
}

/** Bundled questions the release no longer holds: they are retired, never deleted (rounds refer to them). */
export function planBundledRetire(existing: readonly Question[], bundled: readonly BankQuestion[]): string[] {
  const shipped = new Set(bundled.map((q) => q.key));
  return existing.filter((q) => q.source === BUNDLED_SOURCE && !shipped.has(q.key)).map((q) => q.key);
}

/**
 * JSON with object keys sorted at every level: the same content gives the same text whatever
 * order its keys were stored in (PostgreSQL's jsonb keeps its own order, so a plain
 * JSON.stringify of what was read back never equals what was written, and every start rewrote
 * the whole bundled bank).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
