import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pngChartRenderer } from '../../src/digest/chart.js';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';
import { chartBars, isPng } from '../helpers/png-bars.js';

/** The weekly digest in the terminal: the text chart, and the path of the PNG it wrote. */

const tdb = useTestDatabase({ bundledBank: true });
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sa-quiz-digest-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('console: the weekly digest', () => {
  it('prints the text chart after Friday’s reveal and writes the chart PNG', async () => {
    // Thursday 2026-11-26, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-25T23:00:00Z', undefined, {
      digestChart: pngChartRenderer(),
      digestDir: dir,
    });
    await w.type('/sa-admin subscribe 09:00 mon-fri Asia/Seoul reveal 18:00');
    expect(await w.type('/sa-admin digest 금')).toContain('매주 금요일 18:00 공개 뒤에 주간 요약');
    for (const [date, people] of [
      ['2026-11-26', ['alice', 'bob']],
      ['2026-11-27', ['alice']],
    ] as const) {
      await w.at(`${date}T00:00:00Z`);
      for (const who of people) await w.type(`${who}: 보안 그룹은 상태 저장, NACL은 상태 비저장입니다`);
      w.take();
      await w.at(`${date}T08:59:00Z`);
      expect(w.take()).not.toContain('주간 요약');
      await w.at(`${date}T09:00:00Z`);
    }
    const printed = w.take();
    expect(printed).toContain('📊 주간 요약 (11/23~11/27)');
    expect(printed).toContain('월 11/23 · 질문 없음');
    expect(printed).toContain('목 11/26 ████████████ 2');
    expect(printed).toContain('금 11/27 ██████ 1');
    const path = join(dir, /sa-quiz-digest-\d+-2026-11-23\.png/.exec(printed)?.[0] ?? 'missing.png');
    expect(printed).toContain(`🖼  ${path}`);
    const png = new Uint8Array(await readFile(path));
    expect(isPng(png)).toBe(true);
    expect(chartBars(png).bars).toBe(2);
    // The reveal came first, the digest after it.
    expect(printed.indexOf('주간 요약')).toBeGreaterThan(printed.lastIndexOf('thread of'));

    await w.at('2026-11-27T10:00:00Z');
    expect(w.take()).not.toContain('주간 요약');
  });
});
