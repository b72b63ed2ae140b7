import { describe, expect, it } from 'vitest';
import { Admin } from '../../src/core/admin.js';
import { parseAdminCommand } from '../../src/core/commands.js';
import type { Chat } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { ChannelAddress, Platform } from '../../src/core/types.js';
import { viewToPlainText } from '../../src/core/views.js';
import { FixedClock } from '../helpers/clock.js';
import { useTestDatabase } from '../helpers/database.js';
import { sequence } from '../helpers/questions.js';
import { ScriptedChat } from '../helpers/scripted-chat.js';

/**
 * Two teams on one deployment: every button and command that names a stored object (an upload, a
 * round's message, a question key, a practice card) is tried from the other workspace with the
 * first one's ids. Each is refused or finds nothing, and the first workspace's data is unchanged.
 */

const tdb = useTestDatabase({ bundledBank: true });

const A: ChannelAddress = {
  platform: 'discord',
  workspaceId: '900000000000000001',
  channelId: '900000000000000011',
};
// The other team: another guild; and a Slack team whose id happens to equal A's guild id.
const B: ChannelAddress = {
  platform: 'discord',
  workspaceId: '900000000000000002',
  channelId: '900000000000000022',
};
const B_SLACK: ChannelAddress = { platform: 'slack', workspaceId: A.workspaceId, channelId: 'C0OTHER' };
const adminOf = (team: string) => ({ userId: `admin-${team}`, name: `admin-${team}`, isPlatformAdmin: true });

const PRIVATE_BANK = `[
  {
    "id": "team-a-secret",
    "title": "팀 A의 비공개 질문이란?",
    "definition": "팀 A만 보는 정의.",
    "benefits": ["팀 A의 장점"],
    "risks": ["팀 A의 위험"],
    "categories": ["팀 A"]
  }
]`;

function world() {
  const clock = new FixedClock('2026-11-23T00:00:00Z');
  const chats = new Map<Platform, Chat>([
    ['discord', new ScriptedChat()],
    ['slack', new ScriptedChat()],
  ]);
  const quiz = new Quiz({ store: tdb.current.store, clock, chats, random: sequence(0.42, 0.17, 0.73) });
  const admin = new Admin({ quiz, store: tdb.current.store, clock, configuredAdmins: [] });
  return { clock, quiz, admin };
}

describe('ids from another workspace', () => {
  it('are refused or find nothing, for every button and command, and change nothing', async () => {
    const { quiz, admin } = world();
    const bytes = new TextEncoder().encode(PRIVATE_BANK);

    // Team A: a private question imported, a second upload pending, a round posted and answered.
    const first = await admin.previewUpload(A, adminOf('a'), 'a.json', bytes);
    const confirmA = first.view.actions.find((x) => x.id === 'upload.confirm')?.value ?? '';
    expect((await admin.confirmUpload(A, adminOf('a'), Number(confirmA))).view.tone).toBe('success');
    const pending = await admin.previewUpload(
      A,
      adminOf('a'),
      'a2.json',
      new TextEncoder().encode(PRIVATE_BANK.replace('팀 A만 보는 정의.', '팀 A만 보는 새 정의.')),
    );
    const pendingId = Number(pending.view.actions.find((x) => x.id === 'upload.cancel')?.value);
    expect(pendingId).toBeGreaterThan(0);
    expect((await admin.run(A, adminOf('a'), parseAdminCommand('subscribe'))).view.tone).toBe('success');
    expect((await admin.run(A, adminOf('a'), parseAdminCommand('post-now'))).view.tone).toBe('success');
    const channelA = await quiz.channelAt(A);
    const roundA = await tdb.current.store.latestPostedRound(channelA.id);
    const threadRef = roundA?.messageRef ?? '';
    expect(threadRef).not.toBe('');
    await quiz.recordReply(A, {
      threadRef,
      messageRef: 'a-reply-1',
      userId: 'alice',
      userName: 'alice',
      isBot: false,
      text: '팀 A의 답',
    });
    await quiz.practiceGrade(A, 'alice', 'team-a-secret', 'good');
    const snapshot = async () => ({
      uploads: (await tdb.current.database.db.query.bankUploads.findMany()).map((u) => u.id),
      answers: (await tdb.current.store.listAnswers(roundA?.id ?? 0)).map((a) => [
        a.messageRef,
        a.text,
        a.status,
      ]),
      cards: (await tdb.current.store.listPracticeCards(channelA.workspaceId, 'alice')).map(
        (c) => c.questionKey,
      ),
    });
    const before = await snapshot();
    expect(before.uploads).toEqual([pendingId]);
    expect(before.answers).toEqual([['a-reply-1', '팀 A의 답', 'counted']]);
    expect(before.cards).toEqual(['team-a-secret']);

    for (const other of [B, B_SLACK]) {
      const admin2 = adminOf(`${other.platform}-b`);
      const text = async (p: Promise<{ view: Parameters<typeof viewToPlainText>[0] }>) =>
        viewToPlainText((await p).view);
      // Buttons on an upload preview: confirm and cancel with A's upload id.
      expect(await text(admin.confirmUpload(other, admin2, pendingId))).toContain(
        '업로드 미리보기가 만료되었거나',
      );
      expect(await text(admin.cancelUpload(other, admin2, pendingId))).toContain(
        '업로드 미리보기가 만료되었거나',
      );
      // Practice buttons with A's private question key: show the answer, grade it.
      expect(viewToPlainText(await quiz.practiceAnswer(other, 'team-a-secret'))).not.toContain('팀 A');
      expect(
        viewToPlainText(await quiz.practiceGrade(other, 'mallory', 'team-a-secret', 'good')),
      ).not.toContain('팀 A');
      // `/sa-quiz` with a query that only A's question matches.
      expect(viewToPlainText(await quiz.practice(other, 'mallory', '팀 A의 비공개'))).not.toContain('팀 A');
      // A reply, an edit and a deletion naming A's question message and A's reply.
      const reply = {
        threadRef,
        messageRef: 'b-reply',
        userId: 'mallory',
        userName: 'mallory',
        isBot: false,
      };
      expect(await quiz.recordReply(other, { ...reply, text: '끼어들기' })).toEqual({
        kind: 'ignored',
        reason: 'not_a_round',
      });
      expect((await quiz.editReply(other, threadRef, 'a-reply-1', '바꿔치기')).kind).toBe('ignored');
      expect((await quiz.deleteReply(other, threadRef, 'a-reply-1')).kind).toBe('ignored');
      // Commands: export, status, leaderboard and reveal-now see only their own workspace.
      const exported = await admin.run(other, admin2, parseAdminCommand('export json'));
      expect(exported.file?.content ?? '').not.toContain('team-a-secret');
      expect(await text(admin.run(other, admin2, parseAdminCommand('status')))).not.toContain('팀 A');
      expect(viewToPlainText(await quiz.leaderboard(other, 'mallory', 'all'))).not.toContain('alice');
      expect((await admin.run(other, admin2, parseAdminCommand('reveal-now'))).view.tone).toBe('error');
    }

    expect(await snapshot()).toEqual(before);
    expect(
      await tdb.current.store.listPracticeCards((await quiz.channelAt(B)).workspaceId, 'mallory'),
    ).toEqual([]);
    // A's own admin still can.
    expect((await admin.cancelUpload(A, adminOf('a'), pendingId)).view.tone).toBe('info');
    expect((await snapshot()).uploads).toEqual([]);
  });
});
