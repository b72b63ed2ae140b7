import { readBundledBank } from '../../src/bundled-bank.js';
import type { QuestionText, QuestionTexts } from '../../src/core/types.js';
import type { Db } from '../../src/db/open-database.js';
import { questions } from '../../src/db/schema.js';

/** The key of the `n`th generated question. */
export function generatedKey(n: number): string {
  return `gen-${String(n).padStart(6, '0')}`;
}

function numbered(text: QuestionText, n: number): QuestionText {
  return { ...text, title: `${text.title} #${n}` };
}

/**
 * Inserts `count` questions into one scope in bulk (a few hundred rows per statement), each a copy
 * of a bundled question with its own key and title, so rows are the size of real ones (~2.7 kB of
 * texts). `texts(n, base)` may change what a question holds (an incomplete one, another language).
 */
export async function insertGeneratedBank(
  db: Db,
  workspaceId: number | null,
  count: number,
  texts: (n: number, base: QuestionTexts) => QuestionTexts = (_n, base) => base,
): Promise<void> {
  const bundled = await readBundledBank();
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const rows = [];
    for (let n = start; n < Math.min(count, start + batch); n++) {
      const base = bundled[n % bundled.length]!.texts;
      const own: QuestionTexts = {
        ...(base.ko ? { ko: numbered(base.ko, n) } : {}),
        ...(base.en ? { en: numbered(base.en, n) } : {}),
      };
      rows.push({ workspaceId, key: generatedKey(n), texts: texts(n, own), source: 'generated' });
    }
    await db.insert(questions).values(rows);
  }
}
