import { describe, expect, it } from 'vitest';
import { readBundledBank, syncBundledBank } from '../../src/bundled-bank.js';
import { BUNDLED_SOURCE, RETIRED_SOURCE } from '../../src/core/bank/bundled.js';
import { useTestDatabase } from '../helpers/database.js';
import { text } from '../helpers/questions.js';

const tdb = useTestDatabase();

describe('the bundled bank on every start', () => {
  it('is written on the first start only: a restart with the same bank writes nothing', async () => {
    const bundled = await readBundledBank();
    expect(await syncBundledBank(tdb.current.store)).toBe(bundled.length);
    const stamps = async () =>
      (await tdb.current.database.db.query.questions.findMany()).map((q) => [q.key, q.updatedAt.getTime()]);
    const before = await stamps();
    expect(await syncBundledBank(tdb.current.store)).toBe(0);
    expect(await syncBundledBank(tdb.current.store)).toBe(0);
    expect(await stamps()).toEqual(before);
  });
});

describe('a bundled question a release no longer ships', () => {
  it('is retired: kept for the rounds that used it, never listed, counted, chosen or practised again', async () => {
    const store = tdb.current.store;
    await syncBundledBank(store);
    const dropped = { key: 'aurora-endpoints-old', texts: { ko: text('오래된 질문') }, sources: [] };
    await store.transaction((tx) => tx.saveQuestions(null, [dropped], BUNDLED_SOURCE));
    const workspace = await store.ensureWorkspace('slack', 'T1', 'team');
    const row = (await store.listQuestions(null)).find((q) => q.key === dropped.key);
    expect(row).toBeDefined();
    const before = await store.countQuestions(workspace.id);

    // The next start sees a bundled row the bank does not hold, and retires it (one write).
    expect(await syncBundledBank(store)).toBe(1);
    expect((await store.listQuestions(null)).map((q) => q.key)).not.toContain(dropped.key);
    expect(await store.countQuestions(workspace.id)).toBe(before - 1);
    expect(await store.findQuestionByKey(workspace.id, dropped.key)).toBeNull();
    const complete = await store.listCompleteQuestions(workspace.id, 'ko');
    expect(complete.map((q) => q.key)).not.toContain(dropped.key);
    expect(complete).toHaveLength(before - 1);
    // The row itself stays, so a past round can still show its question.
    expect((await store.getQuestion(row?.id ?? 0))?.source).toBe(RETIRED_SOURCE);
    // Retiring is done once: the start after writes nothing.
    expect(await syncBundledBank(store)).toBe(0);
  });
});
