/**
 * Assembles bank/ko.md and bank/en.md from bank/parts/*-{ko,en}.md: reads them with the real
 * importer, groups questions under their primary category in pillar order, and writes them back
 * out with the real exporter — so the bundled files are exactly what the importer reads.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportMarkdown } from '../src/core/bank/export.js';
import { mergeBank } from '../src/core/bank/merge.js';
import { parseBankText } from '../src/core/bank/parse.js';
import type { BankQuestion } from '../src/core/bank/types.js';
import type { Locale } from '../src/core/types.js';

const ORDER: Record<Locale, string[]> = {
  ko: [
    '운영 우수성',
    '보안',
    '안정성',
    '성능 효율성',
    '비용 최적화',
    '지속 가능성',
    'Container 기반 MSA',
    '마이그레이션',
  ],
  en: [
    'Operational Excellence',
    'Security',
    'Reliability',
    'Performance Efficiency',
    'Cost Optimization',
    'Sustainability',
    'Container-based MSA',
    'Migration',
  ],
};
const HEADING: Record<Locale, string> = {
  ko: 'sa-quiz 기본 질문 은행 — AWS 솔루션즈 아키텍트 면접 예상 질문과 모범 답안',
  en: 'sa-quiz bundled bank — AWS Solutions Architect interview questions and reference answers',
};

const dir = join(import.meta.dirname, '..', 'bank');
const partsDir = join(dir, 'parts');
const names = (await readdir(partsDir)).filter((n) => /-(ko|en)\.md$/.test(n)).sort();
let order: string[] = [];
for (const locale of ['ko', 'en'] as const) {
  const parsed = await Promise.all(
    names
      .filter((n) => n.endsWith(`-${locale}.md`))
      .map(async (n) => parseBankText(n, await readFile(join(partsDir, n), 'utf8'), locale)),
  );
  const errors = parsed.flatMap((p) => p.errors);
  if (errors.length > 0) throw new Error(JSON.stringify(errors, null, 2));
  const merged = mergeBank(parsed.flatMap((p) => p.questions));
  const rank = (q: BankQuestion): number => {
    const i = ORDER[locale].indexOf(q.texts[locale]?.categories[0] ?? '');
    return i === -1 ? ORDER[locale].length : i;
  };
  // Korean decides the order; English follows it id for id.
  if (locale === 'ko') order = [...merged.questions].sort((a, b) => rank(a) - rank(b)).map((q) => q.key);
  const byKey = new Map(merged.questions.map((q) => [q.key, q]));
  const sorted = order.map((k) => byKey.get(k)).filter((q): q is BankQuestion => q !== undefined);
  await writeFile(join(dir, `${locale}.md`), exportMarkdown(sorted, locale, HEADING[locale]));
  console.log(`${locale}: ${sorted.length} questions, ${merged.duplicatesMerged} duplicates merged`);
}
