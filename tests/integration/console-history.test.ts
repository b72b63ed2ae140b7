import { describe, expect, it } from 'vitest';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

describe('past questions in the console', () => {
  it('/sa-quiz history lists revealed rounds; /press shows one reference answer again', async () => {
    // Monday 2026-11-23, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    expect(await w.type('/sa-quiz history')).toContain('공개된 질문이 아직 없습니다');
    await w.type('/sa-admin subscribe');
    for (const date of ['2026-11-23', '2026-11-24']) {
      await w.at(`${date}T00:00:00Z`);
      await w.type('alice: 답입니다');
      await w.at(`${date}T09:00:00Z`);
    }
    w.take();
    const list = await w.type('/sa-quiz history');
    expect(list).toMatch(/2026-11-24 · .+ · 1명 답변\n.*2026-11-23 · .+ · 1명 답변/);
    const shown = await w.type('/press 2');
    expect(shown).toContain('모범 답안');
    expect(shown).toContain('[정의]');
    expect(shown).toContain('2026-11-23');
  });
});
