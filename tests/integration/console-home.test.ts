import { describe, expect, it } from 'vitest';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

describe('the home in the console (as Slack’s App Home tab)', () => {
  it('before anything is subscribed, says how to start', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    expect(await w.type('/home')).toContain('`/sa-admin subscribe`');
  });

  it("after Monday's round: my standing, Tuesday's question, practice, and the channel's state", async () => {
    // Monday 2026-11-23, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    await w.at('2026-11-23T00:00:00Z');
    await w.type('alice: 보안 그룹은 인스턴스 수준의 상태 저장 방화벽입니다');
    await w.at('2026-11-23T09:00:00Z');
    w.take();

    const home = await w.type('/as alice', '/home');
    expect(home).toContain('sa-quiz: 나의 학습 현황');
    expect(home).toContain('#general — 1위 · 현재 1연속 · 최고 1 · 답변 1');
    expect(home).toContain('다음 질문: 2026-11-24 09:00 (Asia/Seoul)');
    expect(home).toMatch(/오늘 복습할 카드 \d+장 · 아직 풀지 않은 질문 \d+개/);
    expect(home).toMatch(/최근 내 답변[^\n]*\n.*2026-11-23 · #general · .+ · \d\/\d/);
    expect(home).toContain('#general — 월-금 09:00 출제, 18:00 공개 (Asia/Seoul) · 진행 중');

    await w.type('/sa-admin pause');
    const paused = await w.type('/home');
    expect(paused).toContain('다음 질문: 예정된 질문이 없습니다.');
    expect(paused).toContain('일시 중지됨 (관리자)');
  });
});
