import { describe, expect, it } from 'vitest';
import { readBundledBank, syncBundledBank } from '../../src/bundled-bank.js';
import { useTestDatabase } from '../helpers/database.js';

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
