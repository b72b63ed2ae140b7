import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/core/bank/csv-bank.js';
import { exportCsv, exportJson, exportMarkdown } from '../../src/core/bank/export.js';
import { MAX_FIELD, MAX_TITLE } from '../../src/core/bank/limits.js';
import { mergeBank } from '../../src/core/bank/merge.js';
import { parseBankText } from '../../src/core/bank/parse.js';
import type { BankQuestion, MergedBank } from '../../src/core/bank/types.js';
import type { Locale } from '../../src/core/types.js';

/**
 * Issue 15, should-fix: an export imports back as the same bank, whatever the questions hold.
 * fast-check is not installed, so banks come from a seeded generator: the same seed gives the
 * same banks on every run, and a failure names the seed that produced it.
 */

type Format = 'md' | 'json' | 'csv';
const LOCALES: readonly Locale[] = ['ko', 'en'];

function exported(bank: readonly BankQuestion[], locale: Locale, format: Format): string {
  if (format === 'md') return exportMarkdown(bank, locale, 'export');
  return format === 'json' ? exportJson(bank, locale) : exportCsv(bank, locale);
}

/** Export every language in one format, read the files back, merge: the bank that comes back. */
function roundTrip(bank: readonly BankQuestion[], format: Format): MergedBank & { parseErrors: unknown[] } {
  // A language no question has gives an empty file, which is not a bank; it is not written.
  const files = LOCALES.filter((locale) => bank.some((q) => q.texts[locale])).map((locale) =>
    parseBankText(`export-${locale}.${format}`, exported(bank, locale, format), locale),
  );
  const merged = mergeBank(files.flatMap((f) => f.questions));
  return { ...merged, parseErrors: files.flatMap((f) => f.errors) };
}

const comparable = (questions: readonly BankQuestion[]) =>
  [...questions].sort((a, b) => (a.key < b.key ? -1 : 1)).map((q) => ({ key: q.key, texts: q.texts }));

/** Reads a bank written as JSON entries per language, the way an admin would upload it. */
function bankFrom(entries: Partial<Record<Locale, Record<string, unknown>[]>>): MergedBank {
  const files = LOCALES.map((locale) =>
    parseBankText(`in-${locale}.json`, JSON.stringify(entries[locale] ?? []), locale),
  );
  const errors = files.flatMap((f) => f.errors).filter((e) => e.code !== 'no_questions');
  expect(errors).toEqual([]);
  return mergeBank(files.flatMap((f) => f.questions));
}

describe('markdown export keeps what the old layout lost', () => {
  it('keeps an uncategorised question uncategorised even after a categorised one', () => {
    const bank = bankFrom({
      ko: [
        { id: 'a', title: 'A란?', categories: ['보안'], definition: 'a' },
        { id: 'b', title: 'B란?', definition: 'b' },
      ],
    });
    const back = roundTrip(bank.questions, 'md');
    expect(back.questions.find((q) => q.key === 'b')?.texts.ko?.categories).toEqual([]);
  });

  it('keeps </summary>, </details>, <details> and line breaks inside fields', () => {
    const bank = bankFrom({
      ko: [
        {
          id: 'tags',
          title: 'x </summary> y',
          definition: 'line one\n</details>\n<details>\n- not a bullet\n\n\n  indented',
          benefits: ['a\nb', '</div>'],
          risks: ['<summary>z</summary>'],
          notes: [{ title: 'Benefits', items: ['- Risks'] }],
          followUp: 'next\nline',
        },
        { id: 'after', title: 'After', definition: 'still here' },
      ],
    });
    const back = roundTrip(bank.questions, 'md');
    expect(back.parseErrors).toEqual([]);
    expect(comparable(back.questions)).toEqual(comparable(bank.questions));
  });

  it('keeps mention syntax, entities and formula-like text as written', () => {
    const text = '<@U123> <!channel> <!here> @everyone &amp;lt; =1+2 R&D';
    const bank = bankFrom({
      ko: [
        { id: 'm', title: text, categories: [text], definition: text, benefits: [text], aliases: ['a, b'] },
      ],
    });
    for (const format of ['md', 'json', 'csv'] as const) {
      const back = roundTrip(bank.questions, format);
      expect(back.questions[0]?.texts.ko, format).toEqual(bank.questions[0]?.texts.ko);
    }
    expect(bank.questions[0]?.texts.ko?.title).toBe(text);
  });
});

// ------------------------------------------------------------------ the generated banks

/** mulberry32: small, seedable, good enough to spread test cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\r',
  '\r\n',
  '\n',
  '\n\n',
  '\n\n\n',
  '\t',
  '  ',
  ' ',
  '<details>',
  '<details id="x">',
  '</details>',
  '<summary>',
  '</summary>',
  '<div markdown="1">',
  '</div>',
  '<br/>',
  '<b>',
  '<@U123ABC>',
  '<!channel>',
  '<!here>',
  '<#C123|general>',
  '@everyone',
  '@here',
  '=SUM(A1:A9)',
  '+1',
  '-1',
  '@cmd',
  "'",
  "'=",
  '- ',
  '-',
  '* ',
  '+ ',
  '**',
  '# 1. ',
  '#',
  '==',
  '&',
  '&amp;',
  '&amp;lt;',
  '&lt;',
  '&#10;',
  '&#0;',
  '&copy;',
  '&x;',
  ';',
  '|',
  '\\',
  '\\|',
  ',',
  '，',
  '"',
  '""',
  '(중복)',
  'Q1. ',
  '(EC2)',
  'Benefits',
  'Risks:',
  'Docs: ',
  'Categories: ',
  '정의',
  '장점',
  '- Benefits',
  '    - nested',
  '  - child',
  '1. ',
  '\u200b',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\u3164',
  '\u00a0',
  '\ud800',
  '😀',
  '👩‍💻',
  '🇰🇷',
  'ー',
  'ǅ',
  'é',
  'TBD',
  '??',
  '한국어 질문',
  'IAM이란?',
  'AWS ',
  '란?',
  'What is ',
  'word',
  'S3',
];

function generator(seed: number) {
  const next = random(seed);
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const chance = (p: number): boolean => next() < p;
  const hostile = (pieces: number): string =>
    Array.from({ length: pieces }, () =>
      chance(0.6) ? pick(HOSTILE) : pick(['가', 'a', 'Z', '9', ' ']),
    ).join('');
  /** Occasionally close to the length limit: a long run of one character before the hostile text. */
  const long = (limit: number): string => {
    const core = hostile(int(6));
    const unit = pick(['가', 'a', '😀', '&', '<']);
    return unit.repeat(Math.max(0, Math.floor((limit - core.length) / unit.length) - 1)) + core;
  };
  const field = (limit: number): string => (chance(0.04) ? long(limit) : hostile(int(10)));
  // Every title has something visible, so no entry is an error; the rest may be anything.
  const title = (): string =>
    chance(0.03)
      ? `${'제'.repeat(MAX_TITLE - 40)}${hostile(2)}`
      : `${hostile(int(5))}${pick(['word', 'S3', '한국어', 'IAM'])}${hostile(int(4))}`;
  const list = (limit: number): string[] => Array.from({ length: int(4) }, () => field(limit));
  const entry = (id: string | null): Record<string, unknown> => ({
    ...(id === null ? {} : { id }),
    title: title(),
    categories: chance(0.3) ? [] : list(80),
    definition: field(MAX_FIELD),
    benefits: list(MAX_FIELD),
    risks: list(MAX_FIELD),
    notes: chance(0.6)
      ? []
      : Array.from({ length: 1 + int(2) }, () => ({ title: field(80), items: list(300) })),
    docs: chance(0.5) ? null : field(300),
    followUp: chance(0.5) ? null : field(300),
    aliases: chance(0.7) ? [] : list(40),
    // Key points (issue #10): hostile text and terms too, commas and `+` included.
    keyPoints: chance(0.4)
      ? []
      : Array.from({ length: 1 + int(4) }, () => ({
          text: field(300),
          terms: chance(0.1) ? [] : [...list(80), pick(['a, b', 'x + y', 'c，d', 'Terms: t'])],
        })),
  });
  return (): Partial<Record<Locale, Record<string, unknown>[]>> => {
    const ids = Array.from({ length: 1 + int(7) }, (_, i) =>
      chance(0.25) ? null : `q${i}-${pick(['a', '가', '9'])}`,
    );
    const ko = ids.map((id) => entry(id));
    // English: some translations by the same id, some entries of its own.
    const en = ids.filter((id) => id !== null && chance(0.5)).map((id) => entry(id));
    return { ko, en: chance(0.2) ? [...en, entry(null)] : en };
  };
}

describe('generated banks with hostile text survive every export format (property)', () => {
  const BANKS = 300;
  const SEED = 15_2025;

  it(`round-trips ${BANKS} generated banks through markdown, JSON and CSV`, () => {
    const generate = generator(SEED);
    let questions = 0;
    let hostileKept = 0;
    let keyPointsKept = 0;
    for (let n = 0; n < BANKS; n++) {
      const bank = bankFrom(generate());
      expect(bank.errors, `bank ${n} of seed ${SEED}`).toEqual([]);
      questions += bank.questions.length;
      const expected = comparable(bank.questions);
      hostileKept +=
        JSON.stringify(expected).match(/<\/details>|<@U123ABC>|\\n|&amp;|@everyone/g)?.length ?? 0;
      keyPointsKept += expected.filter((q) => Object.values(q.texts).some((t) => t?.keyPoints)).length;
      for (const format of ['md', 'json', 'csv'] as const) {
        const back = roundTrip(bank.questions, format);
        expect(back.parseErrors, `bank ${n} of seed ${SEED}, ${format}`).toEqual([]);
        expect(back.errors, `bank ${n} of seed ${SEED}, ${format}`).toEqual([]);
        expect(comparable(back.questions), `bank ${n} of seed ${SEED}, ${format}`).toEqual(expected);
      }
    }
    // The generator did produce what it is meant to: many questions, hostile text kept in them.
    expect(questions).toBeGreaterThan(BANKS * 3);
    expect(hostileKept).toBeGreaterThan(BANKS);
    expect(keyPointsKept).toBeGreaterThan(BANKS);
  });

  it('writes nothing a spreadsheet would run, and nothing unstorable', () => {
    const generate = generator(SEED + 1);
    for (let n = 0; n < 50; n++) {
      const bank = bankFrom(generate());
      for (const locale of LOCALES) {
        const count = bank.questions.filter((q) => q.texts[locale]).length;
        const csv = exportCsv(bank.questions, locale);
        const cells = readCsv(csv).records.flatMap((r) => r.cells);
        // The keyPoints column is written only when a question of that language has key points.
        const columns = bank.questions.some((q) => (q.texts[locale]?.keyPoints ?? []).length > 0) ? 11 : 10;
        expect(cells.length, `bank ${n}`).toBe(columns * (count + 1));
        expect(
          cells.filter((c) => /^[=+\-@\t\r]/.test(c)),
          `bank ${n}`,
        ).toEqual([]);
        for (const out of [
          csv,
          exportMarkdown(bank.questions, locale, 'x'),
          exportJson(bank.questions, locale),
        ]) {
          expect(out.includes('\u0000'), `bank ${n}`).toBe(false);
        }
      }
    }
  });
});
