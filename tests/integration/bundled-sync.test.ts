import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bundledFingerprint, readBundledBank, syncBundledBank } from '../../src/bundled-bank.js';
import { BUNDLED_SOURCE, RETIRED_SOURCE } from '../../src/core/bank/bundled.js';
import { questions } from '../../src/db/schema.js';
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

  it('a restart of the same release does not even read the bank; another release compares by content', async () => {
    const store = tdb.current.store;
    let reads = 0;
    const read = async () => {
      reads += 1;
      return readBundledBank();
    };
    const bundled = await readBundledBank();
    expect(await syncBundledBank(store, { fingerprint: 'release-1', read })).toBe(bundled.length);
    expect(await syncBundledBank(store, { fingerprint: 'release-1', read })).toBe(0);
    expect(reads).toBe(1);
    // A new release (another program or bank) reads and compares, and writes only what changed.
    expect(await syncBundledBank(store, { fingerprint: 'release-2', read })).toBe(0);
    expect(reads).toBe(2);
    expect(await store.loadedBundledBank()).toBe('release-2');
  });

  it('is loaded again when bundled questions went missing since the last load, whatever the fingerprint', async () => {
    const store = tdb.current.store;
    const db = tdb.current.database.db;
    await syncBundledBank(store, { fingerprint: 'release-1' });
    const [victim] = await store.listQuestions(null);
    if (!victim) throw new Error('no bundled question');
    await db.delete(questions).where(eq(questions.id, victim.id));
    expect(await store.loadedBundledBank()).toBeNull();
    expect(await syncBundledBank(store, { fingerprint: 'release-1' })).toBe(1);
    expect((await store.listQuestions(null)).map((q) => q.key)).toContain(victim.key);
    // Imported over (no longer a bundled row): the import is kept, and the load is known again.
    await store.transaction((tx) =>
      tx.saveQuestions(
        null,
        [{ key: victim.key, texts: { ko: text('가져온 질문') }, sources: [] }],
        'import',
      ),
    );
    expect(await syncBundledBank(store, { fingerprint: 'release-1' })).toBe(0);
    expect(await store.loadedBundledBank()).toBe('release-1');
    // Rewritten with as many bundled questions (an older release started in between): repaired.
    const [other] = (await store.listQuestions(null)).filter((q) => q.source === BUNDLED_SOURCE);
    if (!other) throw new Error('no bundled question');
    await store.transaction((tx) =>
      tx.saveQuestions(
        null,
        [{ key: other.key, texts: { ko: text('옛 문구') }, sources: [] }],
        BUNDLED_SOURCE,
      ),
    );
    expect(await store.loadedBundledBank()).toBeNull();
    expect(await syncBundledBank(store, { fingerprint: 'release-1' })).toBe(1);
    expect(await store.loadedBundledBank()).toBe('release-1');
    expect(
      (await store.findQuestionByKey((await store.ensureWorkspace('slack', 'T1', 't')).id, victim.key))
        ?.source,
    ).toBe('import');
  });

  it('is loaded once when two processes start at the same time', async () => {
    const store = tdb.current.store;
    const bundled = await readBundledBank();
    const written = await Promise.all([
      syncBundledBank(store, { fingerprint: 'release-1' }),
      syncBundledBank(store, { fingerprint: 'release-1' }),
    ]);
    expect(written.reduce((a, b) => a + b, 0)).toBe(bundled.length);
    expect(await store.loadedBundledBank()).toBe('release-1');
  });

  it("fingerprints the bank's files and the program: the same in one process, a hex digest", async () => {
    const first = await bundledFingerprint();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await bundledFingerprint()).toBe(first);
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
