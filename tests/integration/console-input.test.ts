import { describe, expect, it } from 'vitest';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

/**
 * The console restarted on the same data: the new session numbers its messages and replies from
 * m1 and r1 again, and they must not be taken for the old session's (an answer ignored as a
 * duplicate, a reply filed under yesterday's round). And `/clock` refuses skips that would hang,
 * and `/upload` never reads more than the bank limit of a file.
 */

const tdb = useTestDatabase({ bundledBank: true });

describe('the console across restarts', () => {
  it('keeps reply and message ids unique, so answers of the next run are stored', async () => {
    const monday = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    await monday.type('/sa-admin subscribe');
    await monday.at('2026-11-23T00:00:00Z');
    expect(await monday.type('alice: 월요일의 답')).toContain('(r1)');
    await monday.at('2026-11-23T09:00:00Z');
    monday.take();

    // The next day, a new process: the same store, a new session.
    const tuesday = consoleWorld(tdb.current.store, '2026-11-24T00:00:00Z');
    await tuesday.at('2026-11-24T00:00:00Z');
    const recorded = await tuesday.type('alice: 화요일의 답');
    expect(recorded).toContain('(r1)');
    expect(recorded).toContain('답변이 기록되었습니다');
    await tuesday.at('2026-11-24T09:00:00Z');
    const reveal = tuesday.take();
    expect(reveal).toContain('alice: 1 → 2회 연속');

    const rounds = await tdb.current.database.db.query.rounds.findMany({
      orderBy: (r, { asc }) => asc(r.id),
    });
    expect(rounds.map((r) => r.localDate)).toEqual(['2026-11-23', '2026-11-24']);
    expect(new Set(rounds.map((r) => r.messageRef)).size).toBe(2);
    const answers = await tdb.current.database.db.query.answers.findMany({
      orderBy: (a, { asc }) => asc(a.id),
    });
    expect(answers.map((a) => [a.roundId, a.text])).toEqual([
      [rounds[0]?.id, '월요일의 답'],
      [rounds[1]?.id, '화요일의 답'],
    ]);
  });

  it('refuses a /clock skip too far ahead, or into the past, and goes on working', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    expect(await w.type('/clock +99999999d')).toContain('Not a time');
    expect(await w.type('/clock +400d')).toContain('Too far: /clock skips at most 31 days');
    expect(await w.type('/clock 9999-01-01 09:00')).toContain('Too far');
    expect(await w.type('/clock 2020-01-01 09:00')).toContain('That is in the past');
    expect(w.clock.now().toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(await w.type('/clock +2h')).toContain('(clock: 2026-11-23 11:00 (Asia/Seoul))');
    expect(await w.type('/sa-admin status')).toContain('sa-quiz 상태');
  });

  it('refuses to /upload a file larger than the bank limit without reading it whole', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    expect(await w.type('/upload /dev/zero')).toBe('Too large: /dev/zero is more than 2 MB');
    expect(await w.type('/upload /no/such/file')).toBe('Cannot read /no/such/file: ENOENT');
    expect(await tdb.current.database.db.query.bankUploads.findMany()).toEqual([]);
  });
});
