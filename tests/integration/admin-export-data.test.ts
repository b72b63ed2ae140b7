import { describe, expect, it } from 'vitest';
import { parseAdminCommand } from '../../src/core/commands.js';
import type { WorkspaceExport } from '../../src/core/uninstall.js';
import { viewToPlainText } from '../../src/core/views.js';
import { consoleWorld, GENERAL } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

/**
 * `/sa-admin export data` (`내보내기 데이터`): an admin downloads everything the workspace holds,
 * the same JSON document as `sa-quiz export-workspace`; members are refused.
 */

const tdb = useTestDatabase({ bundledBank: true });
const boss = { userId: 'U-admin', name: 'boss', isPlatformAdmin: true };
const member = { userId: 'U-member', name: 'member', isPlatformAdmin: false };

describe('export data in chat', () => {
  it('parses in English and Korean; the bank formats are unchanged', () => {
    expect(parseAdminCommand('export data')).toEqual({ ok: true, value: { name: 'export', format: 'data' } });
    expect(parseAdminCommand('내보내기 데이터')).toEqual({
      ok: true,
      value: { name: 'export', format: 'data' },
    });
    expect(parseAdminCommand('export')).toEqual({ ok: true, value: { name: 'export', format: 'md' } });
    expect(parseAdminCommand('export pdf')).toMatchObject({ ok: false, error: { code: 'unknown_argument' } });
  });

  it('gives an admin the whole workspace as JSON, with the answers, and refuses members', async () => {
    // Monday 2026-11-23, 09:00 in Seoul.
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    await w.admin.run(GENERAL, boss, parseAdminCommand('subscribe'));
    await w.admin.run(GENERAL, boss, parseAdminCommand('post-now'));
    const channel = await w.quiz.channelAt(GENERAL);
    const round = await tdb.current.store.latestPostedRound(channel.id);
    if (!round?.messageRef) throw new Error('no question posted');
    await w.quiz.recordReply(GENERAL, {
      threadRef: round.messageRef,
      messageRef: 'reply-1',
      userId: 'U-alice',
      userName: 'alice',
      isBot: false,
      text: '보안 그룹은 상태 저장 방화벽입니다',
    });

    const refused = await w.admin.run(GENERAL, member, parseAdminCommand('export data'));
    expect(refused.view.tone).toBe('error');
    expect(refused.file).toBeNull();

    const exported = await w.admin.run(GENERAL, boss, parseAdminCommand('내보내기 데이터'));
    expect(viewToPlainText(exported.view)).toContain('라운드 1개, 답변 1개');
    expect(exported.file?.name).toBe('sa-quiz-workspace-console.json');
    const doc = JSON.parse(exported.file!.content) as WorkspaceExport;
    expect(doc.format).toBe('sa-quiz.workspace-export');
    expect(doc.exportedAt).toBe('2026-11-23T00:00:00.000Z');
    expect(doc.workspace).toMatchObject({ platform: 'console', externalId: 'local' });
    expect(doc.channels).toEqual([expect.objectContaining({ externalId: 'general', subscribed: true })]);
    // The round is not revealed yet: who answered is there, what they answered is not (an admin
    // who plays must not read the answers before the reveal).
    expect(doc.rounds[0]?.answers).toEqual([
      expect.objectContaining({ userId: 'U-alice', userName: 'alice', text: '', grade: null }),
    ]);
    expect(exported.file?.content).not.toContain('상태 저장 방화벽');
    // The admin commands (this export too) are in the audit log it carries.
    const actions = doc.auditLog.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['subscribe', 'post-now', 'export']));
  });
});
