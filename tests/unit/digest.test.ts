import { describe, expect, it } from 'vitest';
import { adminCommandText } from '../../src/adapters/discord/discord-commands.js';
import { parseAdminCommand } from '../../src/core/commands.js';
import {
  buildWeekDigest,
  digestChart,
  digestDue,
  digestText,
  digestView,
  parseDigestSetting,
  rankScorers,
  textBar,
  textChart,
} from '../../src/core/digest.js';
import { messages } from '../../src/core/i18n/catalog.js';
import { viewToPlainText } from '../../src/core/views.js';
import { testChannel } from '../helpers/fixtures.js';

/** Mon 3/10 – Fri 3/14 2025: Wednesday had no round (an off day), Thursday's round nobody answered. */
const WEEK = buildWeekDigest(
  '2025-03-14',
  [
    { localDate: '2025-03-10', rounds: 1, answers: 6 },
    { localDate: '2025-03-11', rounds: 1, answers: 3 },
    { localDate: '2025-03-13', rounds: 1, answers: 0 },
    { localDate: '2025-03-14', rounds: 2, answers: 5 },
  ],
  [
    { userId: 'U2', userName: '이서연', answers: 3, score: 2.5 },
    { userId: 'U1', userName: '김민지', answers: 4, score: 3.25 },
    { userId: 'U3', userName: 'Bob', answers: 2, score: 2.5 },
  ],
  6,
);

describe('weekly digest: when it is due', () => {
  const friday = testChannel({ digestDay: 5 });

  it('is due on its weekday in the channel zone, from the reveal time on', () => {
    // Friday 2025-03-14 17:59 and 18:00 in Seoul.
    expect(digestDue(friday, new Date('2025-03-14T08:59:00Z'))).toBeNull();
    expect(digestDue(friday, new Date('2025-03-14T09:00:00Z'))).toEqual({
      localDate: '2025-03-14',
      weekStart: '2025-03-10',
    });
    expect(digestDue(friday, new Date('2025-03-14T14:59:00Z'))).toMatchObject({ localDate: '2025-03-14' });
    // Saturday 00:00 in Seoul: another day, even though it is still Friday in UTC.
    expect(digestDue(friday, new Date('2025-03-14T15:00:00Z'))).toBeNull();
    // Thursday after its reveal: not the digest's day.
    expect(digestDue(friday, new Date('2025-03-13T10:00:00Z'))).toBeNull();
    expect(digestDue(testChannel(), new Date('2025-03-14T10:00:00Z'))).toBeNull();
  });

  it('follows the channel zone and reveal time', () => {
    const newYork = testChannel({
      digestDay: 5,
      schedule: {
        postTime: '09:00',
        revealTime: '17:00',
        days: [1, 2, 3, 4, 5],
        timezone: 'America/New_York',
      },
    });
    // Friday 2025-03-14 16:59 / 17:00 EDT (UTC-4); in Seoul it is already Saturday.
    expect(digestDue(newYork, new Date('2025-03-14T20:59:00Z'))).toBeNull();
    expect(digestDue(newYork, new Date('2025-03-14T21:00:00Z'))).toEqual({
      localDate: '2025-03-14',
      weekStart: '2025-03-10',
    });
  });

  it('is due on a day without a round too (a Sunday digest)', () => {
    const sunday = testChannel({ digestDay: 7 });
    expect(digestDue(sunday, new Date('2025-03-16T09:00:00Z'))).toEqual({
      localDate: '2025-03-16',
      weekStart: '2025-03-10',
    });
  });
});

describe('weekly digest: the setting', () => {
  it('reads one weekday in English or Korean, or off', () => {
    for (const [text, day] of [
      ['fri', 5],
      ['Friday', 5],
      ['금', 5],
      ['금요일', 5],
      ['mon', 1],
      ['일', 7],
    ] as const)
      expect(parseDigestSetting(text)).toEqual({ ok: true, value: day });
    expect(parseDigestSetting('off')).toEqual({ ok: true, value: 'off' });
    expect(parseDigestSetting('끄기')).toEqual({ ok: true, value: 'off' });
    expect(parseDigestSetting(undefined)).toEqual({ ok: true, value: null });
    for (const bad of ['mon-fri', 'weekdays', 'mon,fri', 'fried', '5'])
      expect(parseDigestSetting(bad).ok).toBe(false);
  });

  it('is an admin command on every platform', () => {
    expect(parseAdminCommand('digest 금')).toEqual({ ok: true, value: { name: 'digest', value: '금' } });
    expect(parseAdminCommand('주간요약 off')).toEqual({ ok: true, value: { name: 'digest', value: 'off' } });
    expect(parseAdminCommand('digest')).toEqual({ ok: true, value: { name: 'digest', value: null } });
    expect(parseAdminCommand('digest fri mon').ok).toBe(false);
    expect(adminCommandText('digest', (name) => (name === 'day' ? 'fri' : null))).toBe('digest fri');
  });
});

describe('weekly digest: the week', () => {
  it('has every day from Monday to its day, and the totals', () => {
    expect(WEEK.days.map((d) => [d.localDate, d.weekday, d.rounds, d.answers])).toEqual([
      ['2025-03-10', 1, 1, 6],
      ['2025-03-11', 2, 1, 3],
      ['2025-03-12', 3, 0, 0],
      ['2025-03-13', 4, 1, 0],
      ['2025-03-14', 5, 2, 5],
    ]);
    expect(WEEK).toMatchObject({ weekStart: '2025-03-10', rounds: 5, answers: 14, people: 6 });
  });

  it('ranks by score, then answers; equal scores and answers share a rank', () => {
    expect(WEEK.top.map((s) => [s.rank, s.userId])).toEqual([
      [1, 'U1'],
      [2, 'U2'],
      [3, 'U3'],
    ]);
    const tied = rankScorers([
      { userId: 'B', userName: 'b', answers: 2, score: 1 / 3 + 1 / 3 + 1 / 3 },
      { userId: 'A', userName: 'a', answers: 2, score: 1 },
      { userId: 'C', userName: 'c', answers: 0, score: 0 },
    ]);
    expect(tied.map((s) => [s.rank, s.userId])).toEqual([
      [1, 'A'],
      [1, 'B'],
    ]);
  });

  it('draws a text bar chart, scaled to the busiest day', () => {
    expect(textBar(6, 6)).toBe('█'.repeat(12));
    expect(textBar(1, 100)).toBe('█');
    expect(textBar(0, 6)).toBe('');
    expect(textChart(messages('ko'), WEEK)).toEqual([
      '월 3/10 ████████████ 6',
      '화 3/11 ██████ 3',
      '수 3/12 · 질문 없음',
      '목 3/13 0',
      '금 3/14 ██████████ 5',
    ]);
    expect(textChart(messages('en'), WEEK)[2]).toBe('Wed 3/12 · no question');
  });

  it('reads as text in Korean and English', () => {
    expect(digestText(messages('ko'), WEEK)).toBe(
      [
        '📊 주간 요약 (3/10~3/14)',
        '질문 5개 · 답변 14개 · 참여 6명',
        '',
        '요일별 답변 수',
        '월 3/10 ████████████ 6',
        '화 3/11 ██████ 3',
        '수 3/12 · 질문 없음',
        '목 3/13 0',
        '금 3/14 ██████████ 5',
        '',
        '이번 주 점수 순위',
        '김민지 — 1위 · 3.3점 · 답변 4개',
        '이서연 — 2위 · 2.5점 · 답변 3개',
        'Bob — 3위 · 2.5점 · 답변 2개',
      ].join('\n'),
    );
    const en = digestText(messages('en'), WEEK);
    expect(en).toContain('📊 Weekly digest (Mar 10 – Mar 14)');
    expect(en).toContain('5 questions · 14 answers · 6 people');
    expect(en).toContain('김민지 — #1 · 3.3 pts · 4 answers');
  });

  it('names people in the view without pinging them', () => {
    const v = digestView(messages('ko'), WEEK);
    const list = v.blocks.find((b) => b.kind === 'list');
    expect(list?.kind === 'list' && list.items[0]).toEqual([
      { ref: 'user', id: 'U1', name: '김민지', quiet: true },
      ' — 1위 · 3.3점 · 답변 4개',
    ]);
    expect(viewToPlainText(v)).toContain('월 3/10 ████████████ 6');
  });

  it('gives the chart one bar per round day, and a title without emoji', () => {
    const chart = digestChart(messages('ko'), WEEK);
    expect(chart.bars).toEqual([
      { label: '월', sublabel: '3/10', value: 6 },
      { label: '화', sublabel: '3/11', value: 3 },
      { label: '목', sublabel: '3/13', value: 0 },
      { label: '금', sublabel: '3/14', value: 5 },
    ]);
    expect(chart.title).toBe('주간 요약 (3/10~3/14)');
    expect(chart.top[0]).toMatchObject({ rank: 1, name: '김민지', detail: '3.3점 · 답변 4개' });
  });

  it('says so when nobody answered', () => {
    const empty = buildWeekDigest('2025-03-14', [], [], 0);
    expect(empty.days).toHaveLength(5);
    expect(digestText(messages('ko'), empty)).toContain('이번 주에는 답변이 없었습니다.');
    expect(digestChart(messages('ko'), empty).bars).toEqual([]);
  });
});
