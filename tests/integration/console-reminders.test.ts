import { describe, expect, it } from 'vitest';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

/** Instants in Seoul (UTC+9) of Monday 2025-03-10 + `day` days at `hour`:00. */
const kst = (day: number, hour: number) => new Date(Date.UTC(2025, 2, 10 + day, hour - 9)).toISOString();

describe('the console channel with a deadline reminder', () => {
  it('reminds in the thread N hours before the reveal and nudges streak holders who have not answered', async () => {
    const w = consoleWorld(tdb.current.store, kst(0, 8));
    await w.type('/sa-admin subscribe');
    expect(await w.type('/sa-admin status')).toContain('마감 리마인더: 꺼짐');
    expect(await w.type('/sa-admin reminder 9')).toContain('출제 시간(09:00)보다 늦어야 합니다');
    expect(await w.type('/sa-admin reminder 13')).toContain('리마인더는 공개 1~12시간 전으로 정하거나');
    expect(await w.type('/sa-admin 리마인더 2h')).toContain('마감 2시간 전에 스레드에 리마인더를 올립니다');
    expect(await w.type('/sa-admin status')).toContain('마감 리마인더: 공개 2시간 전');
    expect(await w.type('/sa-admin help')).toContain('reminder 2 | 2h | off');

    // Monday: alice and bob answer and start a streak; nobody was on one, so no nudge.
    await w.at(kst(0, 9));
    await w.type('alice: 보안 그룹은 상태 저장 방화벽입니다', 'bob: 네트워크 ACL은 상태 비저장입니다');
    w.take();
    await w.at(kst(0, 15));
    expect(w.take()).toBe('');
    await w.at(kst(0, 16));
    const monday = w.take();
    expect(monday).toContain('⏰ 답변 2개');
    expect(monday).toContain('모범 답안 공개: 18:00 (Asia/Seoul)');
    expect(monday).not.toContain('only');
    await w.at(kst(0, 17));
    expect(w.take()).toBe('');
    await w.at(kst(0, 18));
    w.take();

    // Tuesday: bob answers, alice has not at 16:00: one nudge, to alice only, and one reminder.
    await w.at(kst(1, 9));
    await w.type('bob: 오늘도 답합니다');
    w.take();
    await w.at(kst(1, 16));
    const tuesday = w.take();
    expect(tuesday).toContain('⏰ 답변 1개');
    expect(tuesday).toContain('only alice sees this');
    expect(tuesday).toContain('🔥 1회 연속 기록 중입니다');
    expect(tuesday).toContain('`/sa-quiz remind off`');
    expect(tuesday).not.toContain('only bob sees this');
    // Later ticks that day: nothing again.
    await w.at(kst(1, 16).replace(':00:00', ':15:00'));
    await w.at(kst(1, 17));
    expect(w.take()).toBe('');
    await w.at(kst(1, 18));
    w.take();

    // bob (on a streak of 2) turns nudges off.
    expect(await w.type('/as bob', '/sa-quiz remind off')).toContain(
      '이제 마감 전 개인 알림을 보내지 않습니다',
    );
    // Wednesday: nobody has answered by 16:00; bob is on a streak but opted out, alice's streak
    // ended Tuesday: a reminder, no nudge.
    await w.at(kst(2, 9));
    w.take();
    await w.at(kst(2, 16));
    const wednesday = w.take();
    expect(wednesday).toContain('⏰ 아직 답변이 없습니다');
    expect(wednesday).not.toContain('sees this');

    await w.type('bob: 늦게라도 답합니다');
    await w.at(kst(2, 18));
    w.take();

    // Back on (the Korean words work too): Thursday's nudge reaches bob again.
    expect(await w.type('/sa-quiz 알림 켜기')).toContain('마감 전 개인 알림을 다시 받습니다');
    await w.at(kst(3, 9));
    w.take();
    await w.at(kst(3, 16));
    const thursday = w.take();
    expect(thursday).toContain('only bob sees this');
    expect(thursday).toContain('🔥 3회 연속 기록 중입니다');
  });
});
