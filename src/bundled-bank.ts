import { readFile } from 'node:fs/promises';
import { BUNDLED_SOURCE, planBundledSync } from './core/bank/bundled.js';
import { mergeBank } from './core/bank/merge.js';
import { parseBankText } from './core/bank/parse.js';
import type { BankQuestion } from './core/bank/types.js';
import type { Store } from './core/ports.js';
import { projectPath } from './paths.js';

/** The bank shipped with sa-quiz: bank/ko.md and bank/en.md, the same questions by id. */
export const BUNDLED_FILES = [
  { path: projectPath('bank', 'ko.md'), locale: 'ko' },
  { path: projectPath('bank', 'en.md'), locale: 'en' },
] as const;

export async function readBundledBank(): Promise<BankQuestion[]> {
  const parsed = await Promise.all(
    BUNDLED_FILES.map(async (f) => parseBankText(f.path, await readFile(f.path, 'utf8'), f.locale)),
  );
  const merged = mergeBank(parsed.flatMap((p) => p.questions));
  const errors = [...parsed.flatMap((p) => p.errors), ...merged.errors];
  if (errors.length > 0) {
    throw new Error(
      `the bundled bank has errors: ${errors.map((e) => `${e.file}:${e.line} ${e.code} ${e.detail}`).join('; ')}`,
    );
  }
  return [...merged.questions];
}

/** Loads the bundled bank into the global library on first start (and newer bundled wording later). */
export async function syncBundledBank(store: Store): Promise<number> {
  const bundled = await readBundledBank();
  const writes = planBundledSync(await store.listQuestions(null), bundled);
  if (writes.length > 0) await store.transaction((tx) => tx.saveQuestions(null, writes, BUNDLED_SOURCE));
  return writes.length;
}
