import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Admin } from '../../src/core/admin.js';
import { parseAdminCommand } from '../../src/core/commands.js';
import { isForgetQuery } from '../../src/core/forget-me.js';
import { isForgotten } from '../../src/core/forgotten.js';
import type { Chat } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { ChannelAddress, Platform, RevealedChanges, StreakChange } from '../../src/core/types.js';
import { type View, viewToPlainText } from '../../src/core/views.js';
import * as s from '../../src/db/schema.js';
import { FixedClock } from '../helpers/clock.js';
import { useTestDatabase } from '../helpers/database.js';
import { sequence } from '../helpers/questions.js';
import { ScriptedChat } from '../helpers/scripted-chat.js';

/**
 * `/sa-quiz forget-me` on a real database: alice deletes her data in workspace T1. Everything of
 * hers there is gone or anonymised, exactly that; bob's rows in T1 and every row of T2 (where alice
 * has the same user id) are byte for byte as before. The history still counts her answer and shows
 * "(삭제된 사용자)", the leaderboard and the digest no longer list her, and confirming again (or
 * twice at once) deletes nothing more and writes no second audit entry.
 */

const tdb = useTestDatabase({ bundledBank: true });

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const T1: ChannelAddress = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', channelName: 'daily' };
const T1_OTHER: ChannelAddress = {
  platform: 'slack',
  workspaceId: 'T1',
  channelId: 'C2',
  channelName: 'study',
};
/** Another team whose members happen to have the same user ids. */
const T2: ChannelAddress = { platform: 'slack', workspaceId: 'T2', channelId: 'C1', channelName: 'daily' };
const ADMIN = { userId: 'U0ADMIN', name: 'admin', isPlatformAdmin: true };
const ALICE_ADMIN = { userId: ALICE, name: 'alice', isPlatformAdmin: true };

const BANK = new TextEncoder().encode(
  JSON.stringify([
    {
      id: 'alice-upload',
      title: 'Alice의 질문이란?',
      definition: '정의',
      benefits: ['장점'],
      risks: ['위험'],
    },
  ]),
);
const ALICE_TEXT = 'alice의 비밀스러운 답: 보안 그룹은 상태 저장';

/** Monday 2026-11-23 in Seoul: 08:00, 09:00 (post) and 18:00 (reveal); Tuesday the same. */
const MON_0800 = '2026-11-22T23:00:00Z';
const MON_0900 = '2026-11-23T00:00:00Z';
const MON_1800 = '2026-11-23T09:00:00Z';
const TUE_0900 = '2026-11-24T00:00:00Z';
const TUE_1800 = '2026-11-24T09:00:00Z';

function world() {
  const clock = new FixedClock(MON_0800);
  const chats = new Map<Platform, Chat>([['slack', new ScriptedChat()]]);
  const quiz = new Quiz({ store: tdb.current.store, clock, chats, random: sequence(0.42, 0.17, 0.73) });
  const admin = new Admin({ quiz, store: tdb.current.store, clock, configuredAdmins: [] });
  return { clock, quiz, admin };
}

type World = ReturnType<typeof world>;

async function thread(w: World, address: ChannelAddress): Promise<{ ref: string; id: number }> {
  const round = await tdb.current.store.latestPostedRound((await w.quiz.channelAt(address)).id);
  if (!round?.messageRef) throw new Error('no question posted');
  return { ref: round.messageRef, id: round.id };
}

async function reply(w: World, address: ChannelAddress, userId: string, messageRef: string, text: string) {
  const { ref } = await thread(w, address);
  const userName = userId === ALICE ? 'alice' : 'bob';
  return w.quiz.recordReply(address, { threadRef: ref, messageRef, userId, userName, isBot: false, text });
}

async function vote(w: World, address: ChannelAddress, voterId: string, messageRef: string) {
  return w.quiz.vote(address, {
    messageRef,
    voterId,
    emoji: 'star',
    add: true,
    voterIsBot: async () => false,
  });
}

async function at(w: World, iso: string) {
  w.clock.set(iso);
  return w.quiz.tick(w.clock.now());
}

/** Every row of every table that holds someone's data. */
async function rows() {
  const db = tdb.current.database.db;
  return {
    answers: await db.select().from(s.answers).orderBy(s.answers.id),
    votes: await db.select().from(s.answerVotes).orderBy(s.answerVotes.answerId, s.answerVotes.voterId),
    streaks: await db.select().from(s.streaks).orderBy(s.streaks.channelId, s.streaks.userId),
    cards: await db.select().from(s.practiceCards).orderBy(s.practiceCards.id),
    reviews: await db.select().from(s.practiceReviews).orderBy(s.practiceReviews.id),
    nudges: await db.select().from(s.nudges).orderBy(s.nudges.workspaceId, s.nudges.userId),
    optOuts: await db.select().from(s.reminderOptOuts).orderBy(s.reminderOptOuts.workspaceId),
    uploads: await db.select().from(s.bankUploads).orderBy(s.bankUploads.id),
    channels: await db.select().from(s.channels).orderBy(s.channels.id),
    rounds: await db.select().from(s.rounds).orderBy(s.rounds.id),
    audit: await db.select().from(s.auditLog).orderBy(s.auditLog.id),
  };
}

function changesOf(stored: StreakChange[] | RevealedChanges): readonly StreakChange[] {
  return Array.isArray(stored) ? stored : stored.listed;
}

const text = (v: View): string => viewToPlainText(v);

/**
 * Two workspaces with the same people: alice and bob answer Monday's question in both (alice twice
 * in T1: the second reply is an extra), vote for each other in T1, practise, turn reminders off,
 * were nudged; alice also subscribed a channel of T1 and left an upload pending there. Monday is
 * revealed; on Tuesday alice has answered T1's open question when she asks to be forgotten.
 */
async function playTwoWorkspaces(w: World) {
  for (const address of [T1, T2])
    expect((await w.admin.run(address, ADMIN, parseAdminCommand('subscribe'))).view.tone).toBe('success');
  expect((await w.admin.run(T1_OTHER, ALICE_ADMIN, parseAdminCommand('subscribe'))).view.tone).toBe(
    'success',
  );
  expect((await w.admin.previewUpload(T1, ALICE_ADMIN, 'alice.json', BANK)).view.actions).not.toEqual([]);
  await at(w, MON_0900);
  for (const address of [T1, T2]) {
    expect(await reply(w, address, ALICE, `${address.workspaceId}-alice-1`, ALICE_TEXT)).toMatchObject({
      kind: 'recorded',
      status: 'counted',
    });
    await reply(w, address, BOB, `${address.workspaceId}-bob-1`, 'bob의 답: 상태 저장 방화벽');
  }
  expect(await reply(w, T1, ALICE, 'T1-alice-2', `${ALICE_TEXT} (덧붙임)`)).toMatchObject({
    status: 'extra',
  });
  for (const address of [T1, T2]) {
    expect(await vote(w, address, BOB, `${address.workspaceId}-alice-1`)).toBe('added');
    expect(await vote(w, address, ALICE, `${address.workspaceId}-bob-1`)).toBe('added');
  }
  for (const address of [T1, T2]) {
    for (const userId of [ALICE, BOB]) {
      const card = await w.quiz.practice(address, userId, '');
      const key = card.actions.find((a) => a.id === 'practice.show')?.value ?? '';
      expect(key).not.toBe('');
      await w.quiz.practiceGrade(address, userId, key, 'good');
    }
    await w.quiz.practice(address, ALICE, 'remind off');
    await w.quiz.practice(address, BOB, 'remind off');
  }
  for (const address of [T1, T2]) {
    const { workspaceId } = await w.quiz.channelAt(address);
    const { id } = await thread(w, address);
    await tdb.current.store.claimNudges(workspaceId, '2026-11-23', id, [ALICE, BOB], w.clock.now());
  }
  await at(w, MON_1800);
  const monday = await thread(w, T1);
  const mondayT2 = await thread(w, T2);
  await at(w, TUE_0900);
  expect(await reply(w, T1, ALICE, 'T1-alice-tue', ALICE_TEXT)).toMatchObject({ status: 'counted' });
  return { monday, mondayT2 };
}

describe('/sa-quiz forget-me', () => {
  it('is asked for by its English and Korean words, not by an ordinary practice query', () => {
    for (const word of [
      'forget-me',
      'Forget me',
      'FORGETME',
      '내정보삭제',
      '내 정보 삭제',
      ' 내 데이터 삭제 ',
    ])
      expect(isForgetQuery(word)).toBe(true);
    for (const query of ['', 'forget', 's3', 'forget-me now', '삭제', 'history'])
      expect(isForgetQuery(query)).toBe(false);
  });

  it("deletes exactly that person's data in that workspace, keeps the history's counts, and is idempotent", async () => {
    const w = world();
    const { monday, mondayT2 } = await playTwoWorkspaces(w);
    // English when the channel's language is English.
    await w.admin.run(T1, ADMIN, parseAdminCommand('lang en'));
    const english = await w.quiz.practice(T1, ALICE, 'forget-me');
    expect(english.actions.map((a) => a.label)).toEqual(['Delete my data', 'Cancel']);
    expect(text(english)).toContain('3 answers');
    await w.admin.run(T1, ADMIN, parseAdminCommand('lang ko'));
    const ws1 = (await w.quiz.channelAt(T1)).workspaceId;
    const ws2 = (await w.quiz.channelAt(T2)).workspaceId;
    const t1Channels = (await rows()).channels.filter((c) => c.workspaceId === ws1).map((c) => c.id);
    const t1Rounds = new Set(
      (await rows()).rounds.filter((r) => t1Channels.includes(r.channelId)).map((r) => r.id),
    );
    const before = await rows();
    const t2Before = await tdb.current.store.personalData(ws2, ALICE);
    const bobBefore = await tdb.current.store.personalData(ws1, BOB);

    // Her answers in T1: Monday's counted one and its extra, Tuesday's (round still open).
    const hers = before.answers.filter((a) => a.userId === ALICE && t1Rounds.has(a.roundId));
    expect(hers.map((a) => a.status).sort()).toEqual(['counted', 'counted', 'extra']);
    const hersIds = new Set(hers.map((a) => a.id));
    const hersCards = new Set(
      before.cards.filter((c) => c.workspaceId === ws1 && c.userId === ALICE).map((c) => c.id),
    );
    const isHers = {
      vote: (v: { answerId: number; voterId: string }) =>
        hersIds.has(v.answerId) ||
        (v.voterId === ALICE && before.answers.some((a) => a.id === v.answerId && t1Rounds.has(a.roundId))),
      streak: (r: { channelId: number; userId: string }) =>
        t1Channels.includes(r.channelId) && r.userId === ALICE,
      card: (c: { workspaceId: number; userId: string }) => c.workspaceId === ws1 && c.userId === ALICE,
      keyed: (r: { workspaceId: number; userId: string }) => r.workspaceId === ws1 && r.userId === ALICE,
    };

    // The confirmation: private counts, a red button and Cancel, both carrying her own id.
    const ask = await w.quiz.practice(T1, ALICE, '내정보삭제');
    expect(ask.title).toBe('내 데이터를 삭제할까요?');
    const asked = text(ask);
    expect(asked).toContain('답변 3개');
    expect(asked).toContain('내가 한 투표 1개, 받은 투표 1개');
    // One card she practised, and one for Monday's question unless she practised that same one
    // (which question practice picks is not what this test is about).
    expect(hersCards.size === 1 || hersCards.size === 2).toBe(true);
    expect(asked).toContain(`연습: 카드 ${hersCards.size}개, 복습 기록 1개`);
    expect(asked).toContain('"remind off" 설정');
    expect(asked).toContain('확인을 기다리는 질문 파일 1개');
    expect(asked).not.toContain(ALICE_TEXT);
    expect(ask.actions.map((a) => [a.id, a.style, a.value])).toEqual([
      ['forget.confirm', 'danger', ALICE],
      ['forget.cancel', 'default', ALICE],
    ]);

    // Cancel, or her button pressed by bob (a forged value): nothing changes.
    const untouched = await rows();
    expect(text(await w.quiz.forgetMeCancel(T1, ALICE, ALICE))).toContain('아무것도 삭제하지 않았습니다');
    expect(text(await w.quiz.forgetMeConfirm(T1, BOB, ALICE))).toContain('다른 사람의 요청');
    expect(await rows()).toEqual(untouched);

    const done = await w.quiz.forgetMeConfirm(T1, ALICE, ALICE);
    expect(done.tone).toBe('success');
    expect(text(done)).toContain('답변 3개');
    const after = await rows();

    // Monday's counted answer stays under a stand-in with nothing of hers; the rest are gone.
    const kept = after.answers.filter((a) => hersIds.has(a.id));
    expect(kept).toHaveLength(1);
    const [standIn] = kept;
    expect(standIn?.roundId).toBe(monday.id);
    expect(isForgotten(standIn?.userId ?? '')).toBe(true);
    expect(standIn).toMatchObject({ userName: '', text: '', grade: null, score: null, status: 'counted' });
    expect(standIn?.messageRef).not.toContain('alice');
    for (const a of after.answers.filter((x) => t1Rounds.has(x.roundId))) {
      expect(a.userId).not.toBe(ALICE);
      expect(a.text).not.toContain('alice');
    }
    expect(after.votes.filter(isHers.vote)).toEqual([]);
    expect(after.streaks.filter(isHers.streak)).toEqual([]);
    expect(after.cards.filter(isHers.card)).toEqual([]);
    expect(after.reviews.filter((r) => hersCards.has(r.cardId))).toEqual([]);
    expect(after.nudges.filter(isHers.keyed)).toEqual([]);
    expect(after.optOuts.filter(isHers.keyed)).toEqual([]);
    expect(after.uploads.filter((u) => u.workspaceId === ws1 && u.actorId === ALICE)).toEqual([]);
    expect(after.channels.filter((c) => c.subscribedBy === ALICE && c.workspaceId === ws1)).toEqual([]);
    // Monday's recorded streak changes name a stand-in, not her.
    const mondayRow = after.rounds.find((r) => r.id === monday.id);
    const changes = changesOf(mondayRow?.streakChanges ?? []);
    expect(changes.map((c) => c.userId)).not.toContain(ALICE);
    expect(changes.some((c) => isForgotten(c.userId) && c.userName === '')).toBe(true);
    // The audit log: her earlier entries name a stand-in; one new entry with counts, no text.
    const t1Audit = after.audit.filter((e) => e.workspaceId === ws1 && e.actorId === ALICE);
    expect(t1Audit.map((e) => e.action)).toEqual(['forget-me']);
    expect(t1Audit[0]?.detail).toMatchObject({
      answers: 3,
      answersAnonymised: 1,
      answersDeleted: 2,
      cards: hersCards.size,
    });
    expect(JSON.stringify(after.audit)).not.toContain('alice의');

    // Every other row is exactly as it was: bob's in T1, and all of T2 (alice's included).
    const others = <T>(list: T[], hersRow: (row: T) => boolean) => list.filter((row) => !hersRow(row));
    expect(others(after.answers, (a) => hersIds.has(a.id))).toEqual(
      others(before.answers, (a) => hersIds.has(a.id)),
    );
    expect(after.votes).toEqual(others(before.votes, isHers.vote));
    expect(after.streaks).toEqual(others(before.streaks, isHers.streak));
    expect(after.cards).toEqual(others(before.cards, isHers.card));
    expect(after.reviews).toEqual(others(before.reviews, (r) => hersCards.has(r.cardId)));
    expect(after.nudges).toEqual(others(before.nudges, isHers.keyed));
    expect(after.optOuts).toEqual(others(before.optOuts, isHers.keyed));
    expect(others(after.rounds, (r) => r.id === monday.id)).toEqual(
      others(before.rounds, (r) => r.id === monday.id),
    );
    expect(others(after.channels, (c) => c.workspaceId === ws1 && c.subscribedBy === null)).toEqual(
      others(before.channels, (c) => c.workspaceId === ws1 && c.subscribedBy === ALICE),
    );
    expect(
      after.audit.filter((e) => e.workspaceId !== ws1 || (e.actorId !== ALICE && !isForgotten(e.actorId))),
    ).toEqual(before.audit.filter((e) => e.workspaceId !== ws1 || e.actorId !== ALICE));
    expect(await tdb.current.store.personalData(ws2, ALICE)).toEqual(t2Before);
    // Bob keeps everything but the votes between him and her (hers given, and those on her answer).
    expect(bobBefore).toMatchObject({ votesCast: 1, votesReceived: 1 });
    expect(await tdb.current.store.personalData(ws1, BOB)).toEqual({
      ...bobBefore,
      votesCast: 0,
      votesReceived: 0,
    });
    expect(t2Before).toMatchObject({ answers: 1, streakChannels: 1, optedOut: true, nudges: 1, reviews: 1 });

    // The history still counts her answer and names her "(삭제된 사용자)".
    expect(text(await w.quiz.practice(T1, BOB, 'history'))).toMatch(/2026-11-23 · .+ · 2명 답변/);
    const past = text(await w.quiz.pastAnswer(T1, String(monday.id)));
    expect(past).toContain('(삭제된 사용자)');
    expect(past).toContain('bob');
    expect(past).not.toContain('alice');
    // T2's history still names alice.
    expect(text(await w.quiz.pastAnswer(T2, String(mondayT2.id)))).toContain('alice');

    // The leaderboard and the weekly digest no longer list her (nor a stand-in).
    const board = await tdb.current.store.leaderboard(t1Channels[0] ?? 0, null, BOB, 10);
    expect(board.top.map((e) => e.userId)).toEqual([BOB]);
    const shown = text(await w.quiz.leaderboard(T1, ALICE, 'all'));
    expect(shown).toContain('bob');
    expect(shown).not.toContain('삭제된');
    const week = await tdb.current.store.digestWeek(t1Channels[0] ?? 0, '2026-11-23', '2026-11-29', 10);
    expect(week.top.map((p) => p.userId)).toEqual([BOB]);
    expect(week.days[0]).toMatchObject({ localDate: '2026-11-23', answers: 2 });
    const t2Board = await tdb.current.store.leaderboard((await w.quiz.channelAt(T2)).id, null, ALICE, 10);
    expect(t2Board.top.map((e) => e.userId).sort()).toEqual([ALICE, BOB]);

    // Confirming again, twice at once: nothing more is deleted and no second entry is written.
    const again = await Promise.all([
      w.quiz.forgetMeConfirm(T1, ALICE, ALICE),
      w.quiz.forgetMeConfirm(T1, ALICE, ALICE),
    ]);
    for (const v of again) expect(text(v)).toContain('이미 삭제되었습니다');
    expect(await rows()).toEqual(after);
    expect(text(await w.quiz.practice(T1, ALICE, 'forget-me'))).toContain('저장한 내 데이터가 없습니다');

    // Tuesday's reveal: her deleted answer does not count and no streak comes back for her.
    await at(w, TUE_1800);
    const tuesday = await thread(w, T1);
    expect(tuesday.id).not.toBe(monday.id);
    const later = await rows();
    expect(later.streaks.filter(isHers.streak)).toEqual([]);
    expect(
      changesOf(later.rounds.find((r) => r.id === tuesday.id)?.streakChanges ?? []).map((c) => c.userId),
    ).not.toContain(ALICE);
    // She can start again from zero.
    expect(await tdb.current.store.personalData(ws1, ALICE)).toMatchObject({
      answers: 0,
      cards: 0,
      streakChannels: 0,
    });
  });

  it('deletes once when two confirmations arrive at the same moment (PostgreSQL: two connections)', async () => {
    const w = world();
    await playTwoWorkspaces(w);
    const ws1 = (await w.quiz.channelAt(T1)).workspaceId;
    const views = await Promise.all([1, 2, 3].map(() => w.quiz.forgetMeConfirm(T1, ALICE, ALICE)));
    expect(views.map((v) => v.title).sort()).toEqual([
      '내 데이터를 삭제했습니다',
      '내 데이터를 삭제했습니다',
      '내 데이터를 삭제했습니다',
    ]);
    expect(views.filter((v) => text(v).includes('이미 삭제되었습니다'))).toHaveLength(2);
    const entries = (await rows()).audit.filter((e) => e.workspaceId === ws1 && e.action === 'forget-me');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.detail).toMatchObject({ answers: 3 });
    expect(await tdb.current.store.personalData(ws1, ALICE)).toMatchObject({
      answers: 0,
      cards: 0,
      votesCast: 0,
    });
  });

  it('counts the answers of a round that is not revealed yet as deleted outright', async () => {
    const w = world();
    await w.admin.run(T1, ADMIN, parseAdminCommand('subscribe'));
    await at(w, MON_0900);
    await reply(w, T1, ALICE, 'only', ALICE_TEXT);
    const ws1 = (await w.quiz.channelAt(T1)).workspaceId;
    const outcome = await tdb.current.store.forgetPerson(ws1, ALICE);
    expect(outcome).toMatchObject({ answers: 1, answersDeleted: 1, answersAnonymised: 0 });
    await at(w, MON_1800);
    const { id } = await thread(w, T1);
    expect(text(await w.quiz.pastAnswer(T1, String(id)))).not.toContain('삭제된');
    const db = tdb.current.database.db;
    expect(
      await db
        .select()
        .from(s.answers)
        .where(and(eq(s.answers.roundId, id))),
    ).toEqual([]);
  });
});
