import { describe, expect, it } from 'vitest';
import { Admin } from '../../src/core/admin.js';
import { parseAdminCommand } from '../../src/core/commands.js';
import { ChatError } from '../../src/core/failures.js';
import type { ChannelAccess } from '../../src/core/notices.js';
import type { Chat } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { ChannelAddress, Platform } from '../../src/core/types.js';
import { viewToPlainText } from '../../src/core/views.js';
import { FixedClock, MINUTE } from '../helpers/clock.js';
import { useTestDatabase } from '../helpers/database.js';
import { sequence } from '../helpers/questions.js';
import { ScriptedChat } from '../helpers/scripted-chat.js';

/**
 * The core's failure rules over a day and a half (Monday 08:00 to Tuesday 20:00 in Seoul, a tick
 * every two minutes), against a scripted platform and the real store: for each failure class, no
 * message twice, a bounded number of attempts, at most one admin notice per incident, and the
 * healthy channel unaffected.
 */

const tdb = useTestDatabase({ bundledBank: true });
const MONDAY_0800 = '2026-11-22T23:00:00Z';
const TUESDAY_2000 = '2026-11-24T11:00:00Z';
const boss = { userId: 'admin', name: 'boss', isPlatformAdmin: true };
const at = (channelId: string): ChannelAddress => ({
  platform: 'console',
  workspaceId: 'local',
  workspaceName: 'SA study',
  channelId,
  channelName: channelId,
});

function world(chat: ScriptedChat, clock = new FixedClock(MONDAY_0800)) {
  const quiz = new Quiz({
    store: tdb.current.store,
    clock,
    chats: new Map<Platform, Chat>([['console', chat]]),
    random: sequence(0.5, 0.25, 0.75),
  });
  const admin = new Admin({ quiz, store: tdb.current.store, clock, configuredAdmins: [] });
  return { quiz, admin, clock };
}

async function subscribe(w: ReturnType<typeof world>, ...channels: string[]): Promise<void> {
  for (const c of channels) await w.admin.run(at(c), boss, parseAdminCommand('subscribe'));
}

/** Ticks every two minutes until `until` (each replica in turn, as if they ran side by side). */
async function runUntil(clock: FixedClock, quizzes: readonly Quiz[], until = TUESDAY_2000): Promise<void> {
  while (clock.now().getTime() <= Date.parse(until)) {
    await Promise.all(quizzes.map((q) => q.tick(clock.now())));
    clock.advance(2 * MINUTE);
  }
}

async function channel(id: string) {
  const found = await tdb.current.store.findChannel('console', 'local', id);
  if (!found) throw new Error(`no channel ${id}`);
  return found;
}

async function roundsOf(id: string) {
  const c = await channel(id);
  return (await tdb.current.database.db.query.rounds.findMany()).filter((r) => r.channelId === c.id);
}

/** The healthy channel had its two questions and two whole reveals, each message once. */
async function expectHealthy(chat: ScriptedChat, id: string): Promise<void> {
  expect(chat.count(id, 'question')).toBe(2);
  expect(chat.count(id, 'reveal_part')).toBe(6);
  expect(chat.count(id, 'dm')).toBe(0);
  expect((await roundsOf(id)).map((r) => r.status)).toEqual(['revealed', 'revealed']);
}

const gone = () => new ChatError('gone', 'not_in_channel', { problem: 'not_in_channel' });
const transient = () => new ChatError('transient', 'HTTP 503', { detail: 'HTTP 503' });

describe('a channel the platform refuses for good', () => {
  it('is tried once, paused, its admin told once, and left alone; the healthy channel goes on', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    await subscribe(w, 'ok', 'removed');
    chat.fail('removed', 'question', gone());
    await runUntil(w.clock, [w.quiz]);
    expect(chat.attemptsOf('removed', 'question')).toBe(1);
    expect(chat.count('removed', 'question')).toBe(0);
    expect(chat.count('removed', 'dm')).toBe(1);
    expect(await channel('removed')).toMatchObject({ paused: true, pausedReason: 'broken' });
    // The claim was given back: nothing was posted, so nothing is waiting.
    expect(await roundsOf('removed')).toEqual([]);
    const dm = chat.sent.find((s) => s.kind === 'dm')?.text ?? '';
    expect(dm).toContain('#removed');
    expect(dm).toContain('SA study');
    expect(dm).toContain('/sa-admin resume');
    await expectHealthy(chat, 'ok');
  });

  it('two replicas ticking side by side tell the admin once', async () => {
    const chat = new ScriptedChat();
    const a = world(chat);
    const b = world(chat, a.clock);
    await subscribe(a, 'ok', 'removed');
    chat.fail('removed', 'question', gone());
    await runUntil(a.clock, [a.quiz, b.quiz]);
    expect(chat.attemptsOf('removed', 'question')).toBeLessThanOrEqual(2);
    expect(chat.count('removed', 'dm')).toBe(1);
    await expectHealthy(chat, 'ok');
  });

  it('a refusal at the reveal holds the reveal until the admin resumes; then the rest goes out once', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    await subscribe(w, 'ok', 'threads');
    chat.fail(
      'threads',
      'part1',
      new ChatError('forbidden', 'Missing Permissions', { problem: 'missing_permission' }),
    );
    await runUntil(w.clock, [w.quiz], '2026-11-23T10:00:00Z'); // Monday 19:00
    expect(chat.attemptsOf('threads', 'part1')).toBe(1);
    expect(chat.count('threads', 'dm')).toBe(1);
    expect(await channel('threads')).toMatchObject({ paused: true, pausedReason: 'broken' });
    // Still broken: resume refuses with what is wrong, and changes nothing.
    const stillBroken: ChannelAccess = {
      problems: [{ problem: 'missing_permission', detail: '' }],
      warnings: [],
    };
    const refused = await w.admin.run(
      at('threads'),
      boss,
      parseAdminCommand('resume'),
      async () => stillBroken,
    );
    expect(refused.view.tone).toBe('error');
    expect((await channel('threads')).paused).toBe(true);
    const status = viewToPlainText(
      (await w.admin.run(at('threads'), boss, parseAdminCommand('status'))).view,
    );
    expect(status).toContain('DM');
    // Fixed: resume, and the held reveal resumes after the part that got out.
    chat.clear('threads');
    const resumed = await w.admin.run(at('threads'), boss, parseAdminCommand('resume'), async () => ({
      problems: [],
      warnings: [],
    }));
    expect(resumed.view.tone).toBe('success');
    expect(await tdb.current.store.openIncidentOf((await channel('threads')).id)).toBeNull();
    await runUntil(w.clock, [w.quiz]);
    expect(chat.count('threads', 'reveal_part')).toBe(6);
    for (const r of await roundsOf('threads'))
      for (const part of [0, 1, 2])
        expect(chat.sent.filter((s) => s.roundId === r.id && s.part === part)).toHaveLength(1);
    expect(chat.count('threads', 'dm')).toBe(1);
    await expectHealthy(chat, 'ok');
  });
});

describe('a platform that keeps failing', () => {
  it('retries a post with growing gaps, gives up after five attempts, tells the admin, and pauses (saying so) on the second day', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    await subscribe(w, 'ok', 'flaky');
    chat.fail('flaky', 'question', transient());
    const times: number[] = [];
    const original = chat.postQuestion.bind(chat);
    chat.postQuestion = async (c, r, v) => {
      if (c.externalId === 'flaky') times.push(w.clock.now().getTime());
      return original(c, r, v);
    };
    await runUntil(w.clock, [w.quiz], '2026-11-23T10:00:00Z'); // Monday 19:00
    expect(chat.attemptsOf('flaky', 'question')).toBe(5);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps.every((gap, i) => i === 0 || gap >= (gaps[i - 1] ?? 0))).toBe(true);
    expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(4 * MINUTE);
    expect((await roundsOf('flaky')).map((r) => r.status)).toEqual(['failed']);
    expect(chat.count('flaky', 'dm')).toBe(1);
    expect((await channel('flaky')).paused).toBe(false);
    await runUntil(w.clock, [w.quiz]);
    // Tuesday failed the same way: the cause persists, so the channel is paused, and the admin
    // (told on Monday there was nothing to do) is told that it is paused and how to resume.
    expect(chat.attemptsOf('flaky', 'question')).toBe(10);
    expect((await roundsOf('flaky')).map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(await channel('flaky')).toMatchObject({ paused: true, pausedReason: 'broken' });
    expect(chat.count('flaky', 'dm')).toBe(2);
    expect(chat.sent.filter((s) => s.kind === 'dm').at(-1)?.text).toContain('/sa-admin resume');
    expect(chat.count('flaky', 'question')).toBe(0);
    await expectHealthy(chat, 'ok');
  });

  it('a post that failed after reaching the platform is found, not posted twice', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    await subscribe(w, 'ok', 'lost');
    chat.fail('lost', 'question', transient(), 1, true);
    await runUntil(w.clock, [w.quiz]);
    expect(chat.attemptsOf('lost', 'question')).toBe(2); // Monday's (lost answer), Tuesday's
    expect(chat.count('lost', 'question')).toBe(2);
    expect(chat.count('lost', 'reveal_part')).toBe(6);
    expect(chat.count('lost', 'dm')).toBe(0);
    await expectHealthy(chat, 'ok');
  });

  it('a reveal part lost after delivery is found; the rest resumes after it, each part once', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    await subscribe(w, 'ok', 'halfway');
    chat.fail('halfway', 'part1', transient(), 2, true);
    await runUntil(w.clock, [w.quiz]);
    for (const r of await roundsOf('halfway'))
      for (const part of [0, 1, 2])
        expect(
          chat.sent.filter((s) => s.roundId === r.id && s.part === part),
          `round ${r.id} part ${part}`,
        ).toHaveLength(1);
    expect((await roundsOf('halfway')).every((r) => r.revealPostedAt !== null)).toBe(true);
    expect(chat.count('halfway', 'dm')).toBe(0);
    await expectHealthy(chat, 'ok');
  });

  it('a reveal part the platform rejects as invalid is never sent again as it was', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    await subscribe(w, 'ok', 'buggy');
    chat.fail(
      'buggy',
      'part1',
      new ChatError('invalid_payload', 'invalid_blocks', { detail: 'invalid_blocks' }),
      1,
    );
    await runUntil(w.clock, [w.quiz]);
    expect(chat.attemptsOf('buggy', 'part1')).toBe(2); // Monday's (rejected, given up), Tuesday's
    const [monday, tuesday] = await roundsOf('buggy');
    expect(monday?.revealGaveUpAt).not.toBeNull();
    expect(chat.sent.filter((s) => s.roundId === monday?.id && s.kind === 'reveal_part')).toHaveLength(1);
    expect(tuesday?.revealPostedAt).not.toBeNull();
    expect(chat.count('buggy', 'dm')).toBe(1);
    // Our bug, not the admin's: the channel keeps running.
    expect((await channel('buggy')).paused).toBe(false);
    await expectHealthy(chat, 'ok');
  });
});

describe('telling the admin', () => {
  it('posts the notice in the channel when the admin cannot get a DM, and status says so', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    await subscribe(w, 'ok', 'threads');
    chat.fail('threads', 'part0', new ChatError('forbidden', 'Missing Permissions'));
    chat.fail('threads', 'dm', new ChatError('forbidden', 'Cannot send messages to this user'));
    await runUntil(w.clock, [w.quiz], '2026-11-23T10:00:00Z');
    expect(chat.attemptsOf('threads', 'dm')).toBe(1);
    expect(chat.count('threads', 'notice')).toBe(1);
    const status = viewToPlainText(
      (await w.admin.run(at('threads'), boss, parseAdminCommand('status'))).view,
    );
    expect(status).toContain('채널에 게시했습니다');
  });

  it('when nothing reaches the admin, status and the log say it, once', async () => {
    const chat = new ScriptedChat();
    const lines: string[] = [];
    const clock = new FixedClock(MONDAY_0800);
    const quiz = new Quiz({
      store: tdb.current.store,
      clock,
      chats: new Map<Platform, Chat>([['console', chat]]),
      logger: {
        info: () => {},
        warn: () => {},
        error: (_fields, message) => lines.push(message),
      },
    });
    const admin = new Admin({ quiz, store: tdb.current.store, clock, configuredAdmins: [] });
    await admin.run(at('removed'), boss, parseAdminCommand('subscribe'));
    chat.fail('removed', 'question', gone());
    chat.fail('removed', 'dm', new ChatError('forbidden', 'Cannot send messages to this user'));
    await runUntil(clock, [quiz], '2026-11-23T10:00:00Z');
    // A channel that is gone cannot take a notice either: it is not tried.
    expect(chat.attemptsOf('removed', 'notice')).toBe(0);
    const status = viewToPlainText((await admin.run(at('removed'), boss, parseAdminCommand('status'))).view);
    expect(status).toContain('관리자에게 알릴 방법이 없었습니다');
    expect(status).toContain('문제: 봇이 이 채널을 볼 수 없습니다');
    expect(lines.filter((l) => l.startsWith('post stopped in channel removed'))).toHaveLength(1);
  });
});

describe('pausing by hand', () => {
  it('an admin pause keeps the open round: its reveal still goes out; no new question until resumed', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    await subscribe(w, 'paused');
    await runUntil(w.clock, [w.quiz], '2026-11-23T01:00:00Z'); // Monday 10:00
    expect(chat.count('paused', 'question')).toBe(1);
    await w.admin.run(at('paused'), boss, parseAdminCommand('pause'));
    await runUntil(w.clock, [w.quiz]);
    expect(chat.count('paused', 'reveal_part')).toBe(3);
    expect(chat.count('paused', 'question')).toBe(1);
    expect(await channel('paused')).toMatchObject({ paused: true, pausedReason: 'admin' });
  });
});

describe('the open round of a channel', () => {
  it('is found without creating anything, and says whether someone already answered', async () => {
    const chat = new ScriptedChat();
    const w = world(chat);
    expect(await w.quiz.openRoundAt(at('never-seen'), 'u1')).toBeNull();
    expect(await tdb.current.store.findChannel('console', 'local', 'never-seen')).toBeNull();
    await subscribe(w, 'quiz');
    await runUntil(w.clock, [w.quiz], '2026-11-23T01:00:00Z'); // Monday 10:00
    const open = await w.quiz.openRoundAt(at('quiz'), 'u1');
    expect(open?.answered).toBe(false);
    await w.quiz.recordReply(at('quiz'), {
      threadRef: open!.round.messageRef!,
      messageRef: 'r1',
      userId: 'u1',
      userName: 'u1',
      isBot: false,
      text: '답',
    });
    expect((await w.quiz.openRoundAt(at('quiz'), 'u1'))?.answered).toBe(true);
    w.clock.set('2026-11-23T09:00:00Z'); // 18:00: the deadline
    expect(await w.quiz.openRoundAt(at('quiz'), 'u1')).toBeNull();
  });
});
