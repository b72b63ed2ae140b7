import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundledBank } from '../../src/bundled-bank.js';
import { parseBankText } from '../../src/core/bank/parse.js';
import { planImport } from '../../src/core/bank/plan.js';
import { parseAdminCommand } from '../../src/core/commands.js';
import { viewToPlainText } from '../../src/core/views.js';
import { consoleWorld, GENERAL } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });
const fixture = (name: string): Uint8Array => readFileSync(join(import.meta.dirname, '..', 'fixtures', name));
const SEED = '000_0d73c490451cfe6f.txt';
const BUNDLED = (await readBundledBank()).length;
const NOTES = '004_5d4b4333977bc77e.txt';
const boss = { userId: 'U-admin', name: 'boss', isPlatformAdmin: true };
const member = { userId: 'U-member', name: 'member', isPlatformAdmin: false };

async function counts() {
  const questions = await tdb.current.database.db.query.questions.findMany();
  return {
    global: questions.filter((q) => q.workspaceId === null).length,
    workspace: questions.filter((q) => q.workspaceId !== null).length,
  };
}

describe('who may administer', () => {
  it('refuses members who are not platform admins, with a clear message, and changes nothing', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const refused = await w.admin.run(GENERAL, member, parseAdminCommand('subscribe'));
    expect(refused.view.tone).toBe('error');
    expect(viewToPlainText(refused.view)).toContain('관리자만 사용할 수 있는 명령입니다');
    // Nothing is written for a refused member: not even the channel's row.
    expect(await tdb.current.store.findChannel('console', 'local', 'general')).toBeNull();
    expect((await w.admin.previewUpload(GENERAL, member, SEED, fixture(SEED))).view.tone).toBe('error');
    expect(await tdb.current.database.db.query.bankUploads.findMany()).toEqual([]);
  });

  it('accepts users named in SA_QUIZ_ADMINS and audits what admins do', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const { Admin } = await import('../../src/core/admin.js');
    const configured = new Admin({
      quiz: w.quiz,
      store: tdb.current.store,
      clock: w.clock,
      configuredAdmins: ['U-member'],
    });
    expect((await configured.run(GENERAL, member, parseAdminCommand('subscribe 08:30'))).view.tone).toBe(
      'success',
    );
    expect(await tdb.current.database.db.query.auditLog.findMany()).toMatchObject([
      { actorId: 'U-member', action: 'subscribe' },
    ]);
  });
});

describe('uploads: preview first, then all or nothing', () => {
  it('previews the seed bank against the bundled one, then imports it on confirm', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const before = await counts();
    const preview = await w.admin.previewUpload(GENERAL, boss, SEED, fixture(SEED));
    const text = viewToPlainText(preview.view);
    expect(text).toContain('업로드 미리보기 · 000_0d73c490451cfe6f.txt');
    expect(text).toMatch(/32개 질문을 읽었습니다: 새 질문 0 · 갱신 \d+ · 변경 없음 \d+ · 병합된 중복 7/);
    expect(preview.view.actions.map((a) => a.id)).toEqual(['upload.confirm', 'upload.cancel']);
    expect(await counts()).toEqual(before);

    const uploadId = Number(preview.view.actions[0]?.value);
    const done = await w.admin.confirmUpload(GENERAL, boss, uploadId);
    expect(viewToPlainText(done.view)).toMatch(/질문 \d+개를 가져왔습니다/);
    const after = await counts();
    expect(after.global).toBe(before.global);
    expect(after.workspace).toBeGreaterThan(0);
    // Merged, never duplicated: the workspace still sees every bundled question, no more.
    const channel = (await tdb.current.store.findChannel('console', 'local', 'general'))!;
    expect(await w.quiz.bankFor(channel.workspaceId)).toHaveLength(BUNDLED);
    const again = await w.admin.confirmUpload(GENERAL, boss, uploadId);
    expect(viewToPlainText(again.view)).toContain('업로드 미리보기가 만료되었거나 이미 처리되었습니다');
  });

  it('imports the review notes as new, incomplete questions that are never posted daily', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const preview = await w.admin.previewUpload(GENERAL, boss, NOTES, fixture(NOTES));
    expect(viewToPlainText(preview.view)).toContain(
      '12개 질문을 읽었습니다: 새 질문 12 · 갱신 0 · 변경 없음 0 · 병합된 중복 0 · 미완성 12 · 오류 0',
    );
    await w.admin.confirmUpload(GENERAL, boss, Number(preview.view.actions[0]?.value));
    const channel = (await tdb.current.store.findChannel('console', 'local', 'general'))!;
    expect(await w.quiz.bankFor(channel.workspaceId)).toHaveLength(BUNDLED + 12);
    const status = await w.admin.run(GENERAL, boss, parseAdminCommand('status'));
    expect(viewToPlainText(status.view)).toContain(`출제 가능한 질문: ${BUNDLED}개`);
  });

  it('shows the errors of a malformed file with their lines and stores nothing', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const broken = new TextEncoder().encode(
      '<details>\n<summary>Q1. 괜찮은 질문</summary>\n- 정의\n</details>\n<details>\n- 제목 없음\n</details>\n',
    );
    const preview = await w.admin.previewUpload(GENERAL, boss, 'broken.md', broken);
    expect(preview.view.tone).toBe('error');
    expect(viewToPlainText(preview.view)).toContain('broken.md:5 <details> 블록에 <summary> 제목이 없습니다');
    expect(preview.view.actions).toEqual([]);
    expect(await tdb.current.database.db.query.bankUploads.findMany()).toEqual([]);
    const notUtf8 = await w.admin.previewUpload(
      GENERAL,
      boss,
      'latin1.csv',
      new Uint8Array([0x74, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xe9, 0x0a]),
    );
    expect(viewToPlainText(notUtf8.view)).toContain('UTF-8 텍스트가 아닙니다');
  });

  it('cancel discards the upload', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const before = await counts();
    const preview = await w.admin.previewUpload(GENERAL, boss, NOTES, fixture(NOTES));
    const cancelled = await w.admin.cancelUpload(GENERAL, boss, Number(preview.view.actions[1]?.value));
    expect(viewToPlainText(cancelled.view)).toContain('업로드를 취소했습니다');
    expect(await counts()).toEqual(before);
    expect(await tdb.current.database.db.query.bankUploads.findMany()).toEqual([]);
  });

  it('exports a bank that imports back as the same questions', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const channel = await w.quiz.channelAt(GENERAL);
    const bank = await w.quiz.bankFor(channel.workspaceId);
    for (const format of ['md', 'json'] as const) {
      const exported = await w.admin.run(GENERAL, boss, parseAdminCommand(`export ${format}`));
      expect(exported.file?.name).toBe(`sa-quiz-bank-ko.${format}`);
      const plan = planImport([parseBankText(exported.file!.name, exported.file!.content, 'ko')], bank);
      expect(plan.errors).toEqual([]);
      expect(plan.fresh).toEqual([]);
      expect(plan.updated).toEqual([]);
      expect(plan.unchanged).toBe(BUNDLED);
    }
  });
});

describe('channel settings', () => {
  it('switches the channel language and the category filter', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    await w.admin.run(GENERAL, boss, parseAdminCommand('subscribe'));
    expect(viewToPlainText((await w.admin.run(GENERAL, boss, parseAdminCommand('lang en'))).view)).toContain(
      'language is now English',
    );
    const filtered = await w.admin.run(GENERAL, boss, parseAdminCommand('category 비용 최적화'));
    const text = viewToPlainText(filtered.view);
    expect(text).toContain('Category filter: 비용 최적화');
    const available = Number(/Questions available: (\d+)/.exec(text)?.[1]);
    expect(available).toBeGreaterThanOrEqual(8);
    expect(available).toBeLessThan(BUNDLED);
    expect(viewToPlainText((await w.admin.run(GENERAL, boss, parseAdminCommand('lang fr'))).view)).toContain(
      'The language is ko or en: "fr"',
    );
    expect(await w.type('/sa-admin post-now')).toContain('Posted a question now.');
  });

  it('offers an "answer privately" button only where the admin turned it on', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-22T03:00:00Z'); // Sunday: no scheduled round
    await w.type('/sa-admin subscribe');
    expect(await w.type('/sa-admin private on')).toContain('비공개로 답하기" 버튼이 붙습니다');
    expect((await tdb.current.store.findChannel('console', 'local', 'general'))?.privateAnswers).toBe(true);
    expect(await w.type('/sa-admin post-now')).toContain('[1] 비공개로 답하기');
    await w.type('/sa-admin reveal-now', '/sa-admin private off');
    expect(await w.type('/sa-admin post-now')).not.toContain('비공개로 답하기');
  });
});
