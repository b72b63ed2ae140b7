import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../src/adapters/console/console-chat.js';
import { syncBundledBank } from '../../src/bundled-bank.js';
import type { Chat } from '../../src/core/ports.js';
import { pickPractice } from '../../src/core/practice.js';
import { Quiz } from '../../src/core/quiz.js';
import { chooseQuestion, dailyCandidates, effectiveBank } from '../../src/core/selection.js';
import type { ChannelAddress, Platform, Question, Workspace } from '../../src/core/types.js';
import type { View } from '../../src/core/views.js';
import { FixedClock } from '../helpers/clock.js';
import { countingStore } from '../helpers/counting-store.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { generatedKey, insertGeneratedBank } from '../helpers/large-bank.js';
import { text } from '../helpers/questions.js';

/**
 * Issue #15, must-fix 4: no command reads a whole bank. A workspace with 20,000 questions of
 * real size (bulk-inserted into the real database), observed through a store that counts what it
 * hands to the application: each command reads the one question it shows, and picks the same
 * question the in-memory rules pick from the whole bank.
 */

const SIZE = 20_000;
const MONDAY_0900_KST = '2026-11-23T00:00:00Z';
const DAY = 86_400_000;
const BIG: ChannelAddress = { platform: 'console', workspaceId: 'big', channelId: 'general' };

let tdb: TestDatabase;
let workspace: Workspace;
/** The bank as `effectiveBank` makes it, read once for the expected answers (not through the quiz). */
let bank: Question[];
let overridden: string;

beforeAll(async () => {
  tdb = await openTestDatabase();
  await syncBundledBank(tdb.store);
  workspace = await tdb.store.ensureWorkspace('console', 'big', 'big');
  // Every tenth generated question lacks a risk in Korean: not a practice candidate in `ko`.
  await insertGeneratedBank(tdb.database.db, workspace.id, SIZE, (n, texts) =>
    n % 10 === 3 && texts.ko ? { ...texts, ko: { ...texts.ko, risks: [] } } : texts,
  );
  const [first] = await tdb.store.listQuestions(null);
  overridden = first!.key;
  await tdb.store.saveQuestions(
    workspace.id,
    [
      {
        key: overridden,
        texts: { ko: text('우리 팀의 질문', { definition: 'our own definition' }) },
        sources: [],
      },
    ],
    'test',
  );
  bank = effectiveBank(await tdb.store.listQuestions(null), await tdb.store.listQuestions(workspace.id));
}, 300_000);

afterAll(async () => {
  await tdb?.close();
});

function world() {
  const counting = countingStore(tdb.store);
  const clock = new FixedClock(MONDAY_0900_KST);
  let r = 0.5;
  const quiz = new Quiz({
    store: counting.store,
    clock,
    chats: new Map<Platform, Chat>([['console', new ConsoleChat(() => {})]]),
    random: () => r,
  });
  return {
    quiz,
    clock,
    counting,
    setRandom: (value: number) => {
      r = value;
    },
    /** Runs one command and returns its view with what the store handed over during it. */
    async command(run: () => Promise<View>) {
      counting.reset();
      const view = await run();
      return { view, reads: { ...counting.reads } };
    },
  };
}

const shownKey = (view: View): string | undefined => view.actions[0]?.value;

describe(`a workspace bank of ${SIZE.toLocaleString('en')} questions`, () => {
  it('is counted without reading it: the global questions and its own, an override once', async () => {
    const global = (await tdb.store.listQuestions(null)).length;
    expect(bank.length).toBe(SIZE + global);
    expect(await tdb.store.countQuestions(workspace.id)).toBe(SIZE + global);
    const other = await tdb.store.ensureWorkspace('console', 'other', 'other');
    expect(await tdb.store.countQuestions(other.id)).toBe(global);
  });

  it('/sa-quiz reads one question, the one the rules pick from the whole bank', async () => {
    const w = world();
    const now = w.clock.now();
    for (const r of [0, 0.61, 0.999]) {
      w.setRandom(r);
      const { view, reads } = await w.command(() => w.quiz.practice(BIG, 'new-user', ''));
      const expected = pickPractice(bank, [], 'ko', '', now, () => r);
      expect(shownKey(view)).toBe(expected?.question.key);
      expect(reads).toMatchObject({ questions: 1, summaries: 0, cards: 0 });
    }
  }, 120_000);

  it('shows the workspace wording of a key it overrides, the global one otherwise, one row each', async () => {
    const w = world();
    const own = await w.command(() => w.quiz.practiceAnswer(BIG, overridden));
    expect(JSON.stringify(own.view)).toContain('our own definition');
    expect(own.reads.questions).toBe(1);
    const globalKey = bank.find((q) => q.workspaceId === null)!.key;
    const global = await w.command(() => w.quiz.practiceAnswer(BIG, globalKey));
    expect(shownKey(global.view)).toBe(globalKey);
    expect(global.reads.questions).toBe(1);
    const generated = await w.command(() => w.quiz.practiceAnswer(BIG, generatedKey(SIZE - 1)));
    expect(generated.view.title).toContain(`#${SIZE - 1}`);
    expect(generated.reads.questions).toBe(1);
    const unknown = await w.command(() => w.quiz.practiceAnswer(BIG, 'no-such-question'));
    expect(unknown.view.tone).toBe('error');
    expect(unknown.reads.questions).toBe(0);
  }, 120_000);

  it('grades one card and offers due cards first, reading one question per command', async () => {
    const w = world();
    w.clock.set(new Date(Date.parse(MONDAY_0900_KST) - 2 * DAY));
    for (const n of [17, 4_242, 19_998]) {
      const { reads } = await w.command(() => w.quiz.practiceGrade(BIG, 'regular', generatedKey(n), 'again'));
      expect(reads).toMatchObject({ questions: 1, summaries: 0 });
      expect(reads.cards).toBeLessThanOrEqual(1);
    }
    w.clock.set(MONDAY_0900_KST);
    const cards = await tdb.store.listPracticeCards(workspace.id, 'regular');
    expect(cards).toHaveLength(3);
    const expected = pickPractice(bank, cards, 'ko', '', w.clock.now(), () => 0.5);
    expect(expected?.dueCount).toBe(3);
    const { view, reads } = await w.command(() => w.quiz.practice(BIG, 'regular', ''));
    expect(shownKey(view)).toBe(expected?.question.key);
    expect(view.footer).toContain('3');
    expect(reads).toMatchObject({ questions: 1, summaries: 0, cards: 0 });
  }, 120_000);

  it('a keyword search reads the candidates’ terms but only the chosen question whole', async () => {
    const w = world();
    for (const [query, r] of [
      ['cloudtrail', 0.3],
      ['#12345', 0],
      ['보안', 0.77],
    ] as const) {
      w.setRandom(r);
      const { view, reads } = await w.command(() => w.quiz.practice(BIG, 'searcher', query));
      const expected = pickPractice(bank, [], 'ko', query, w.clock.now(), () => r);
      expect(shownKey(view)).toBe(expected?.question.key);
      expect(reads.questions).toBe(1);
    }
  }, 120_000);

  it('the daily question is chosen from keys and terms; only the posted question is read whole', async () => {
    const w = world();
    for (const [channelId, filter, r] of [
      ['daily', [], 0.42],
      ['filtered', ['보안 아키텍처 설계'], 0.9],
    ] as const) {
      const channel = await w.quiz.channelAt({ ...BIG, channelId });
      const subscribed = await tdb.store.updateChannel(channel.id, {
        subscribed: true,
        categoryFilter: filter,
      });
      w.setRandom(r);
      w.counting.reset();
      const posted = await w.quiz.postNow(subscribed);
      expect(posted.ok).toBe(true);
      const candidates = dailyCandidates(bank, 'ko', filter);
      if (filter.length > 0)
        expect(candidates.length).toBeLessThan(dailyCandidates(bank, 'ko', []).length / 2);
      const expected = chooseQuestion(candidates, new Map(), () => r);
      expect(posted.ok && posted.value.questionId).toBe(expected?.id);
      expect(w.counting.reads.questions).toBe(1);
    }
  }, 120_000);
});
