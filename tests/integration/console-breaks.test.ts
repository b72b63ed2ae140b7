import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/core/types.js';
import { libraryHolidayCalendar } from '../../src/holidays/library-calendar.js';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

async function general(): Promise<Channel> {
  const channel = await tdb.current.store.findChannel('console', 'local', 'general');
  if (!channel) throw new Error('no channel');
  return channel;
}

/** 09:00 and 18:00 KST of a local date, as UTC instants. */
const nine = (date: string) => `${date}T00:00:00Z`;
const six = (date: string) => `${date}T09:00:00Z`;

describe('the console channel on Korean holidays and with streak freezes', () => {
  it('skips 추석 with no round and keeps streaks; a missed round uses a freeze, said in the reveal', async () => {
    // Monday 2026-09-14, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-09-13T23:00:00Z', undefined, {
      holidays: libraryHolidayCalendar(),
    });
    await w.type('/sa-admin subscribe');
    w.take();

    const status = await w.type('/sa-admin status');
    expect(status).toContain('공휴일: 대한민국(KR) 공휴일에는 쉼 (시간대 기본값)');
    expect(status).toContain('휴무일: 없음');

    /** One round day: post at 09:00, the answerers reply, reveal at 18:00; returns the reveal. */
    const day = async (date: string, answerers: readonly string[]): Promise<string> => {
      expect(await w.at(nine(date))).toMatchObject({ posted: 1 });
      for (const who of answerers)
        await w.type(`${who}: 보안 그룹은 상태 저장 방화벽이라 응답 트래픽이 자동으로 허용됩니다`);
      w.take();
      expect(await w.at(six(date))).toMatchObject({ revealed: 1 });
      return w.take();
    };

    for (const date of ['2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17']) await day(date, ['alice']);
    // The fifth answered round earns a freeze.
    expect(await day('2026-09-18', ['alice'])).toContain('alice: 4 → 5회 연속 · 🧊 프리즈 획득');
    const board = await w.type('/as alice', '/sa-leaderboard');
    expect(board).toContain('🧊 연속 기록 프리즈: 1/2개 (5번 더 답하면 하나 더)');
    await w.type('/as me');
    w.take();

    // Monday alice misses the round: her freeze keeps the streak.
    const missed = await day('2026-09-21', ['bob']);
    expect(missed).toContain('🧊 alice: 프리즈를 써서 5회 연속 기록을 지켰습니다 (남은 프리즈 0개)');
    expect(missed).not.toContain('alice: 5회 연속 기록이 끊겼습니다');
    // She missed the question all the same: it comes back in her practice queue.
    const { store } = tdb.current;
    const mondayRound = await store.findDailyRound((await general()).id, '2026-09-21');
    const question = await store.getQuestion(mondayRound!.questionId);
    expect(
      await store.findPracticeCard((await general()).workspaceId, 'alice', question!.key),
    ).not.toBeNull();
    await day('2026-09-22', ['alice']);
    expect(await day('2026-09-23', ['alice'])).toContain('alice: 6 → 7회 연속');

    // The status names today's holiday the day before 추석 and the next ones.
    w.clock.set('2026-09-23T23:30:00Z');
    const before = await w.type('/sa-admin status');
    expect(before).toContain('오늘은 쉬는 날입니다 (추석 전날). 오늘은 문제가 없습니다.');
    expect(before).toContain('다음 쉬는 날: 2026-09-25 추석');
    expect(before).toContain('다음 질문: 2026-09-28 09:00 (Asia/Seoul)');

    // 추석 전날 and 추석 (Thursday, Friday): nothing is posted, nothing recorded, all day long.
    for (const date of ['2026-09-24', '2026-09-25']) {
      expect(await w.at(nine(date))).toEqual({ posted: 0, revealed: 0, skipped: 0, failed: 0 });
      expect(await w.at(six(date))).toEqual({ posted: 0, revealed: 0, skipped: 0, failed: 0 });
      expect(await w.at(`${date}T14:59:00Z`)).toEqual({ posted: 0, revealed: 0, skipped: 0, failed: 0 });
      expect(await tdb.current.store.findDailyRound((await general()).id, date)).toBeNull();
    }
    expect(w.take()).toBe('');

    // Monday after 추석: the streak simply goes on (no missed round in between).
    expect(await day('2026-09-28', ['alice'])).toContain('alice: 7 → 8회 연속');
    const alice = await tdb.current.store.streakOf((await general()).id, 'alice');
    expect(alice).toMatchObject({ current: 8, best: 8, freezes: 0, freezeProgress: 3 });
  });

  it('admins set off days and a calendar, with clear errors, in Korean and English', async () => {
    // Tuesday 2026-12-01, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-30T23:00:00Z', undefined, {
      holidays: libraryHolidayCalendar(),
    });
    await w.type('/sa-admin subscribe');
    w.take();
    expect(await w.type('/sa-admin off-day add 2026-12-24 2026-12-31')).toContain(
      '휴무일을 추가했습니다: 2026-12-24, 2026-12-31.',
    );
    expect(await w.type('/sa-admin off-day add 2026-12-32')).toContain(
      '"2026-12-32"은(는) 날짜가 아닙니다. 2026-12-24처럼 YYYY-MM-DD로 쓰세요.',
    );
    expect(await w.type('/sa-admin off-day add 2026-11-30')).toContain(
      '이미 지난 날입니다 (오늘 2026-12-01)',
    );
    expect(await w.type('/sa-admin holidays XX')).toContain('알 수 없는 국가 코드입니다: "XX"');
    expect(await w.type('/sa-admin off-day remove 2026-12-31')).toContain('휴무일: 2026-12-24');
    expect((await general()).offDays).toEqual(['2026-12-24']);

    // An off day has no round either.
    expect(await w.at('2026-12-24T00:00:00Z')).toMatchObject({ posted: 0 });
    expect(await tdb.current.store.findDailyRound((await general()).id, '2026-12-24')).toBeNull();

    await w.type('/sa-admin lang en');
    w.take();
    expect(await w.type('/sa-admin holidays JP')).toContain(
      'This channel now follows the public holidays of Japan (JP)',
    );
    expect((await general()).holidays).toBe('JP');
    expect(await w.type('/sa-admin holidays')).toContain('Holidays: Japan (JP) public holidays skipped');
    expect(await w.type('/sa-admin holidays off')).toContain('no longer skips public holidays');
    // 기독탄신일 (Friday 12-25) is not a day off once holidays are off.
    expect(await w.at('2026-12-25T00:00:00Z')).toMatchObject({ posted: 1 });
    expect(await w.type('/sa-admin holidays auto')).toContain(
      "Holidays follow the time zone again: South Korea's public holidays are skipped (Asia/Seoul).",
    );
    expect(await w.type('/sa-admin help')).toContain('off-day add|remove 2026-12-24');
  });
});
