import { describe, expect, it } from 'vitest';
import { parseAdminCommand } from '../../src/core/commands.js';
import { viewToPlainText } from '../../src/core/views.js';
import { consoleWorld, GENERAL } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';
import { insertGeneratedBank } from '../helpers/large-bank.js';

/** What an admin sees before importing: which entries merge and why, and distinct ids kept apart. */

const tdb = useTestDatabase({ bundledBank: true });
const boss = { userId: 'U-admin', name: 'boss', isPlatformAdmin: true };
const entry = (id: string | null, title: string, definition: string) => ({
  ...(id ? { id } : {}),
  title,
  definition,
  benefits: ['장점'],
  risks: ['위험'],
});

describe('the upload preview', () => {
  it('keeps questions with distinct ids apart and says which entries merge into which, and why', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const bank = JSON.stringify(
      [
        entry('sp-compute', 'Savings Plans (Compute)', 'Compute Savings Plans는 ...'),
        entry('sp-ec2', 'Savings Plans (EC2 Instance)', 'EC2 Instance Savings Plans는 ...'),
        entry(null, '캐시 전략이란?', '첫 번째 설명'),
        entry(null, '캐시 전략', '두 번째, 더 자세한 설명입니다.'),
      ],
      null,
      2,
    );
    const preview = await w.admin.previewUpload(GENERAL, boss, 'team.json', new TextEncoder().encode(bank));
    const text = viewToPlainText(preview.view);
    expect(text).toContain('Savings Plans (Compute)');
    expect(text).toContain('Savings Plans (EC2 Instance)');
    expect(text).toContain('합쳐질 항목');
    expect(text).toMatch(/team\.json:\d+ "캐시 전략" → "캐시 전략이란\?" \(제목이 같음\)/);
    const confirm = preview.view.actions.find((a) => a.id === 'upload.confirm');
    expect((await w.admin.confirmUpload(GENERAL, boss, Number(confirm?.value))).view.tone).toBe('success');
    const keys = (await tdb.current.database.db.query.questions.findMany())
      .filter((q) => q.workspaceId !== null)
      .map((q) => q.key)
      .sort();
    expect(keys).toEqual(['sp-compute', 'sp-ec2', expect.stringContaining('캐시')]);
  });

  it('lists the questions that have no key points (their answers will not be graded)', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const graded = {
      ...entry('cache', '캐시 전략이란?', '설명'),
      keyPoints: [{ text: 'TTL로 만료', terms: ['TTL'] }],
    };
    const bank = JSON.stringify([graded, entry('cdn', 'CDN이란?', '설명')]);
    const text = viewToPlainText(
      (await w.admin.previewUpload(GENERAL, boss, 'team.json', new TextEncoder().encode(bank))).view,
    );
    expect(text).toMatch(/핵심 포인트가 없는 질문 \(답변을 채점하지 않습니다[^\n]*\n- CDN이란\?$/m);
    expect(text.split('핵심 포인트가 없는 질문')[1]).not.toContain('캐시 전략');
  });

  it('refuses one id used for two different questions, naming both lines', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const bank = JSON.stringify(
      [entry('cache', '캐시란?', '하나'), entry('cache', 'CDN이란?', '둘')],
      null,
      2,
    );
    const preview = await w.admin.previewUpload(GENERAL, boss, 'dup.json', new TextEncoder().encode(bank));
    expect(preview.view.tone).toBe('error');
    expect(viewToPlainText(preview.view)).toMatch(/dup\.json:\d+.*cache.*dup\.json:\d+/);
    expect(preview.view.actions).toEqual([]);
  });

  it('exports the bank as CSV with formulas neutralised', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const bank = JSON.stringify([
      entry(
        'formula',
        '=HYPERLINK("http://x") 수식 주입이란?',
        '+1 같은 셀은 스프레드시트에서 수식으로 실행될 수 있는 값입니다.',
      ),
    ]);
    const preview = await w.admin.previewUpload(GENERAL, boss, 'f.json', new TextEncoder().encode(bank));
    const confirm = preview.view.actions.find((a) => a.id === 'upload.confirm');
    const done = await w.admin.confirmUpload(GENERAL, boss, Number(confirm?.value));
    expect(done.view.tone).toBe('success');
    const exported = await w.admin.run(GENERAL, boss, parseAdminCommand('export csv'));
    expect(exported.file?.name).toBe('sa-quiz-bank-ko.csv');
    const csv = exported.file?.content ?? '';
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)"?[=+@]/m);
  });

  it('refuses an upload that would give the workspace more than 5,000 questions of its own', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    const channel = await w.quiz.channelAt(GENERAL);
    await insertGeneratedBank(tdb.current.database.db, channel.workspaceId, 4_999);
    const two = JSON.stringify([
      entry('one-more', '하나 더란?', '하나 더'),
      entry('two-more', '둘 더란?', '둘 더'),
    ]);
    const refused = await w.admin.previewUpload(GENERAL, boss, 'more.json', new TextEncoder().encode(two));
    expect(refused.view.tone).toBe('error');
    expect(viewToPlainText(refused.view)).toContain('최대 5000개입니다. 가져오면 5001개가 되어');
    expect(await tdb.current.database.db.query.bankUploads.findMany()).toEqual([]);
    const one = JSON.stringify([entry('one-more', '하나 더란?', '하나 더')]);
    const fits = await w.admin.previewUpload(GENERAL, boss, 'one.json', new TextEncoder().encode(one));
    const confirm = fits.view.actions.find((a) => a.id === 'upload.confirm');
    expect((await w.admin.confirmUpload(GENERAL, boss, Number(confirm?.value))).view.tone).toBe('success');
  });
});
