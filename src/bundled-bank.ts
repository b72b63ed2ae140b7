import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_SOURCE, planBundledRetire, planBundledSync } from './core/bank/bundled.js';
import { mergeBank } from './core/bank/merge.js';
import { parseBankText } from './core/bank/parse.js';
import type { BankQuestion } from './core/bank/types.js';
import type { Store } from './core/ports.js';
import { LOCALES, type Locale } from './core/types.js';
import { projectPath, projectRoot } from './paths.js';

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
 * What a load of the bundled bank depends on: the bank's files, the program that parses them (every
 * file of the directory this module runs from: src/ under tsx, dist/ when bundled) and its
 * dependencies' versions (package-lock.json). Any change to one of them, a new release included,
 * gives another fingerprint. Reading the files costs a few milliseconds; parsing the bank costs
 * about 100 ms and its garbage grows the heap by ~25 MB that an idle process keeps.
 */
export function bundledFingerprint(): Promise<string> {
  fingerprint ??= computeFingerprint();
  return fingerprint;
}

/** Computed once per process: neither the bank nor the program changes under a running one. */
let fingerprint: Promise<string> | undefined;

async function computeFingerprint(): Promise<string> {
  const root = projectRoot();
  const module = fileURLToPath(import.meta.url);
  // The top directory under the project holding this module; a module at the project's root (or
  // outside it) is hashed alone: the root also holds node_modules and the data directory.
  const [top, ...rest] = relative(root, module).split(sep);
  const code =
    top === undefined || top === '..' || rest.length === 0
      ? [module]
      : (await readdir(join(root, top), { recursive: true, withFileTypes: true }))
          .filter((e) => e.isFile() && !e.name.endsWith('.map'))
          // `parentPath` from Node 20.12; `path` before (package.json allows 20.11).
          .map((e) => join(e.parentPath ?? (e as { path?: string }).path ?? root, e.name));
  const bank = (await bundledFiles()).map((f) => f.path);
  const lock = join(root, 'package-lock.json');
  const hash = createHash('sha256');
  // Read through one small buffer: the ~3 MB of files would otherwise stay allocated as garbage
  // in an idle process (no collection runs after startup to free them).
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (const file of [...bank, ...code.sort(), ...(existsSync(lock) ? [lock] : [])]) {
    const handle = await open(file, 'r');
    try {
      hash.update(`${relative(root, file)}\0${(await handle.stat()).size}\0`);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
  return hash.digest('hex');
}

/**
 * Loads the bundled bank into the global library on first start, newer bundled wording later,
 * and retires the bundled questions a release dropped. Returns how many rows it wrote. A start
 * whose fingerprint (`bundledFingerprint`) matches the last load, on a global library nothing has
 * written since (`loadedBundledBank`), reads and parses nothing: a restart costs one query.
 */
export async function syncBundledBank(
  store: Store,
  options: { fingerprint?: string; read?: () => Promise<BankQuestion[]> } = {},
): Promise<number> {
  const release = options.fingerprint ?? (await bundledFingerprint());
  if ((await store.loadedBundledBank()) === release) return 0;
  const bundled = await (options.read ?? readBundledBank)();
  // One process at a time plans and writes, from what the one before it left (replicas of two
  // releases starting at once end with the later one's bank and fingerprint).
  return store.transaction(async (tx) => {
    if ((await tx.loadedBundledBank({ lock: true })) === release) return 0;
    const existing = await tx.listQuestions(null);
    const writes = planBundledSync(existing, bundled);
    const retired = planBundledRetire(existing, bundled);
    if (writes.length > 0) await tx.saveQuestions(null, writes, BUNDLED_SOURCE);
    if (retired.length > 0) await tx.retireQuestions(retired);
    await tx.saveLoadedBundledBank(release);
    return writes.length + retired.length;
  });
}
