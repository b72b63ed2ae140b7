import { describe, expect, it } from 'vitest';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

describe('forget-me in the console', () => {
  it('/sa-quiz forget-me asks first; /press 2 cancels, /press 1 deletes, once', async () => {
    // Monday 2026-11-23, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    expect(await w.type('/help')).toContain('/sa-quiz forget-me');
    await w.type('/sa-admin subscribe');
    await w.at('2026-11-23T00:00:00Z');
    await w.type(
      '/as alice',
      '보안 그룹은 상태 저장입니다',
      '/as bob',
      '상태 비저장은 NACL입니다',
      '/as alice',
    );
    await w.at('2026-11-23T09:00:00Z');
    w.take();
    const asked = await w.type('/sa-quiz 내 정보 삭제');
    expect(asked).toContain('내 데이터를 삭제할까요?');
    expect(asked).toContain('답변 1개');
    expect(asked).toMatch(/\[1\] 내 데이터 삭제/);
    expect(await w.type('/press 2')).toContain('아무것도 삭제하지 않았습니다');
    await w.type('/sa-quiz forget-me');
    expect(await w.type('/press 1')).toContain('내 데이터를 삭제했습니다');
    expect(await w.type('/sa-quiz forget-me')).toContain('저장한 내 데이터가 없습니다');
    await w.type('/sa-quiz history');
    const past = await w.type('/press 1');
    expect(past).toContain('(삭제된 사용자)');
    expect(past).toContain('bob');
    expect(past).not.toContain('alice');
    const board = await w.type('/sa-leaderboard all');
    expect(board).toContain('bob');
    expect(board).not.toContain('alice');
  });
});
