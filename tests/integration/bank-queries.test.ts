import { describe, expect, it } from 'vitest';
import type { BankQuestion } from '../../src/core/bank/types.js';
import { nextPractice, type PracticeCard, pickPractice, reviewCard } from '../../src/core/practice.js';
import { dailyCandidates, effectiveBank, termsOf } from '../../src/core/selection.js';
import { LOCALES, type Question, type QuestionText } from '../../src/core/types.js';
import { useTestDatabase } from '../helpers/database.js';
import { text } from '../helpers/questions.js';

/**
 * The store's bank queries (src/db/effective-bank.ts, src/db/derived-columns.ts) are the core's
 * rules written in SQL. On rows chosen to tell them apart — overrides both ways, one language
 * only, definitions made of every kind of blank, cards for questions that are gone or incomplete
 * — they give exactly what effectiveBank, dailyCandidates, termsOf and pickPractice give.
 */

const tdb = useTestDatabase();
const NOW = new Date('2026-11-23T00:00:00Z');
const DAY = 86_400_000;

/** Every character String.prototype.trim removes, and a few it keeps (zero-width space, NEL, U+180E). */
const BLANKS = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter(
  (c) => c.trim() === '',
);
const NOT_BLANK = ['\u200b', '\u0085', '\u180e'];

function q(key: string, texts: BankQuestion['texts']): BankQuestion {
  return { key, texts, sources: [] };
}
const ko = (title: string, overrides: Partial<QuestionText> = {}) => ({ ko: text(title, overrides) });
const en = (title: string, overrides: Partial<QuestionText> = {}) => ({ en: text(title, overrides) });

const GLOBAL: BankQuestion[] = [
  q('g-complete', ko('완전한 질문')),
  q('g-overridden-away', ko('팀이 덮어써 미완성')),
  q('g-overridden-in', ko('팀이 덮어써 완성', { benefits: [] })),
  q('g-en-only', en('What is English only?', { categories: ['Cost'] })),
  q('g-ko-only', ko('한국어만 (KO)', { aliases: ['Korean only'] })),
  q('g-ko-incomplete-en-complete', { ...ko('반쪽', { definition: '' }), ...en('Half') }),
  q('g-no-risks', ko('위험 없음', { risks: [] })),
  ...BLANKS.map((blank, i) => q(`g-blank-${i}`, ko(`공백 ${i}`, { definition: `${blank}${blank}` }))),
  q('g-all-blanks', ko('모든 공백', { definition: BLANKS.join('') })),
  ...NOT_BLANK.map((c, i) => q(`g-not-blank-${i}`, ko(`보이지 않는 글자 ${i}`, { definition: ` ${c} ` }))),
];
const OWN: BankQuestion[] = [
  q('g-overridden-away', ko('우리 버전', { risks: [] })),
  q('g-overridden-in', ko('우리 완성 버전', { categories: ['비용 최적화'] })),
  q('w-only-1', ko('Savings Plans (Compute)', { categories: ['비용'] })),
  q('w-only-2', en('Team English', { aliases: ['TE'] })),
  q('w-incomplete', ko('팀 미완성', { definition: '\u3000' })),
];

async function seed() {
  const { store } = tdb.current;
  const a = await store.ensureWorkspace('slack', 'TA', 'A');
  const b = await store.ensureWorkspace('slack', 'TB', 'B');
  await store.saveQuestions(null, GLOBAL, 'test');
  await store.saveQuestions(a.id, OWN, 'test');
  await store.saveQuestions(b.id, [q('g-complete', ko('B의 버전'))], 'test');
  const bankOf = async (id: number): Promise<Question[]> =>
    effectiveBank(await store.listQuestions(null), await store.listQuestions(id));
  return { a, b, bankOf };
}

async function card(workspaceId: number, userId: string, key: string, dueInDays: number): Promise<void> {
  const reviewed = reviewCard(null, key, 'good', new Date(NOW.getTime() - 30 * DAY));
  const c: PracticeCard = { ...reviewed, due: new Date(NOW.getTime() + dueInDays * DAY) };
  await tdb.current.store.savePracticeCard(workspaceId, userId, c, 'good', NOW);
}

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('the bank queries against the core rules', () => {
  it('find, count and list the questions a workspace sees, as effectiveBank and dailyCandidates do', async () => {
    const { store } = tdb.current;
    const { a, b, bankOf } = await seed();
    for (const ws of [a, b]) {
      const bank = await bankOf(ws.id);
      expect(await store.countQuestions(ws.id)).toBe(bank.length);
      for (const key of [...new Set([...GLOBAL, ...OWN].map((x) => x.key)), 'missing']) {
        const expected = bank.find((x) => x.key === key) ?? null;
        expect(await store.findQuestionByKey(ws.id, key), key).toEqual(expected);
      }
      for (const locale of LOCALES) {
        const listed = await store.listCompleteQuestions(ws.id, locale);
        const expected = dailyCandidates(bank, locale, []);
        expect(listed.map((s) => [s.id, s.key])).toEqual(expected.map((x) => [x.id, x.key]));
        for (const [i, summary] of listed.entries()) {
          const terms = termsOf(expected[i]!);
          expect(sorted(summary.titles)).toEqual(sorted(terms.titles));
          expect(sorted(summary.categories)).toEqual(sorted(terms.categories));
          expect(sorted(summary.aliases)).toEqual(sorted(terms.aliases));
        }
      }
    }
    // The blanks JavaScript trims make a question incomplete; the characters it keeps do not.
    const complete = new Set((await store.listCompleteQuestions(a.id, 'ko')).map((s) => s.key));
    expect(BLANKS.length).toBeGreaterThan(20);
    expect(BLANKS.some((_, i) => complete.has(`g-blank-${i}`))).toBe(false);
    expect(NOT_BLANK.every((_, i) => complete.has(`g-not-blank-${i}`))).toBe(true);
    expect(complete.has('g-overridden-in')).toBe(true);
    expect(complete.has('g-overridden-away')).toBe(false);
  });

  it('pick the practice card pickPractice picks from the whole bank, for every query, time and draw', async () => {
    const { store } = tdb.current;
    const { a, b, bankOf } = await seed();
    // u1: due and future cards, and cards for a question that is incomplete here and one that is gone.
    await card(a.id, 'u1', 'w-only-1', -2);
    await card(a.id, 'u1', 'g-complete', -1);
    await card(a.id, 'u1', 'g-ko-only', 1);
    await card(a.id, 'u1', 'g-overridden-away', -3);
    await card(a.id, 'u1', 'gone', -4);
    // u2 has practised every question A sees, none due before NOW + 5 days.
    const bankA = await bankOf(a.id);
    for (const [i, x] of bankA.entries()) await card(a.id, 'u2', x.key, 5 + (i % 7));
    // Someone else's cards, and u1's cards in another workspace, change nothing.
    await card(a.id, 'u3', 'g-en-only', -9);
    await card(b.id, 'u1', 'g-en-only', -9);

    const queries = [
      '',
      '   ',
      'g-',
      'savingsplans',
      'savings plans',
      '비용',
      'te',
      'half',
      'nothing-matches',
    ];
    const times = [-10, 0, 20].map((d) => new Date(NOW.getTime() + d * DAY));
    for (const userId of ['u1', 'u2', 'new']) {
      const cards = await store.listPracticeCards(a.id, userId);
      for (const locale of LOCALES)
        for (const query of queries)
          for (const now of times)
            for (const r of [0, 0.999]) {
              const expected = pickPractice(bankA, cards, locale, query, now, () => r);
              const actual = await nextPractice(store, a.id, userId, locale, query, now, () => r);
              const where = `${userId} ${locale} "${query}" ${now.toISOString()} ${r}`;
              expect(actual?.question.key ?? null, where).toBe(expected?.question.key ?? null);
              expect(actual?.question, where).toEqual(expected?.question);
              expect(actual?.card?.questionKey, where).toBe(expected?.card?.questionKey);
              expect(actual?.dueCount, where).toBe(expected?.dueCount);
            }
    }
  }, 300_000);
});
