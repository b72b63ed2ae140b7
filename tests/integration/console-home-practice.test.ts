import { describe, expect, it } from 'vitest';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

describe('the home’s "Practice now" button in the console', () => {
  it('is a numbered action; /press gives the practice card as /sa-quiz does, and its buttons work', async () => {
    // Monday 2026-11-23, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    w.take();

    const home = await w.type('/as alice', '/home');
    expect(home).toMatch(/오늘 복습할 카드 0장 · 아직 풀지 않은 질문 [1-9]\d*개/);
    expect(home).toContain('[1] 지금 연습하기');

    const card = await w.type('/press 1');
    expect(card).toContain('연습 문제');
    expect(card).toContain('[1] 답 보기');
    expect(await w.type('/press 1')).toContain('[정의]');
  });

  it('comes first, before the settings buttons', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    w.take();
    const home = await w.type('/home');
    expect(home).toContain('[1] 지금 연습하기   [2] ⚙️ #general 설정');
    expect(await w.type('/press 1')).toContain('[1] 답 보기');
  });

  it('is not offered when nothing is due or unseen (an empty workspace)', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    const home = await w.type('/home');
    expect(home).not.toContain('지금 연습하기');
  });
});
