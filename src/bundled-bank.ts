import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLED_SOURCE, planBundledRetire, planBundledSync } from './core/bank/bundled.js';
import { mergeBank } from './core/bank/merge.js';
import { parseBankText } from './core/bank/parse.js';
import type { BankQuestion } from './core/bank/types.js';
import type { Store } from './core/ports.js';
import { LOCALES, type Locale } from './core/types.js';
import { projectPath } from './paths.js';

/**
 * The bank shipped with sa-quiz: one folder per language (bank/ko, bank/en), one markdown file per
 * topic, the same questions by id in both. Files are read in name order.
 */
export async function bundledFiles(): Promise<{ path: string; locale: Locale }[]> {
  const lists = await Promise.all(
    LOCALES.map(async (locale) => {
      const dir = projectPath('bank', locale);
      const names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
      return names.map((n) => ({ path: join(dir, n), locale }));
    }),
  );
  return lists.flat();
}

export async function readBundledBank(): Promise<BankQuestion[]> {
  const files = await bundledFiles();
  const parsed = await Promise.all(
    files.map(async (f) => parseBankText(f.path, await readFile(f.path, 'utf8'), f.locale)),
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

/**
 * Loads the bundled bank into the global library on first start, newer bundled wording later,
 * and retires the bundled questions a release dropped. Returns how many rows it wrote.
 */
export async function syncBundledBank(store: Store): Promise<number> {
  const bundled = await readBundledBank();
  const existing = await store.listQuestions(null);
  const writes = planBundledSync(existing, bundled);
  const retired = planBundledRetire(existing, bundled);
  if (writes.length + retired.length > 0) {
    await store.transaction(async (tx) => {
      if (writes.length > 0) await tx.saveQuestions(null, writes, BUNDLED_SOURCE);
      if (retired.length > 0) await tx.retireQuestions(retired);
    });
  }
  return writes.length + retired.length;
}
