import { describe, expect, it } from 'vitest';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

describe('votes in the console', () => {
  it('/vote stars a reply as the current user; the reveal quotes the most-voted answer', async () => {
    // Monday 2026-11-23, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    await w.at('2026-11-23T00:00:00Z');
    expect(await w.type('alice: 보안 그룹은 상태 저장 방화벽입니다')).toContain('r1');
    expect(await w.type('bob: 잘 모르겠어요')).toContain('r2');
    expect(await w.type('/as carol', '/vote r1')).toContain('⭐ counted');
    expect(await w.type('/as bob', '/vote r1')).toContain('⭐ counted');
    expect(await w.type('/as alice', '/vote r1')).toContain('not counted');
    expect(await w.type('/as carol', '/vote r2', '/unvote r2')).toContain('⭐ taken back');
    w.take();
    await w.at('2026-11-23T09:00:00Z');
    const reveal = w.take();
    expect(reveal).toContain('⭐ 베스트 답변 (투표 2표)');
    expect(reveal).toContain('alice — “보안 그룹은 상태 저장 방화벽입니다”');
  });
});
