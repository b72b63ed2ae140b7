import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBankText } from '../../src/core/bank/parse.js';
import type { BankError, ParsedQuestion } from '../../src/core/bank/types.js';
import type { Locale } from '../../src/core/types.js';

const root = join(import.meta.dirname, '..', '..');

/** The bundled bank of one language as parsed, every file of bank/<locale>/ in name order. */
export function bundledParsed(locale: Locale): { questions: ParsedQuestion[]; errors: BankError[] } {
  const dir = join(root, 'bank', locale);
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .sort();
  const parsed = files.map((n) =>
    parseBankText(`bank/${locale}/${n}`, readFileSync(join(dir, n), 'utf8'), locale),
  );
  return { questions: parsed.flatMap((p) => p.questions), errors: parsed.flatMap((p) => p.errors) };
}
