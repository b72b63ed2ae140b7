import { describe, expect, it } from 'vitest';
import { readBundledBank } from '../../src/bundled-bank.js';
import type { Channel } from '../../src/core/types.js';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });
const bundled = await readBundledBank();
const byTitle = new Map(bundled.map((q) => [q.texts.ko?.title ?? '', q]));

async function general(): Promise<Channel> {
  const channel = await tdb.current.store.findChannel('console', 'local', 'general');
  if (!channel) throw new Error('no channel');
  return channel;
}

/** The bundled question a console post or practice card shows, by its title line. */
function shown(output: string) {
  const title = /Q\. (.+)/.exec(output)?.[1]?.trim() ?? '';
  const question = byTitle.get(title);
  if (!question) throw new Error(`no bundled question titled ${title}: ${output}`);
  return question.texts.ko;
}

describe('the bank v2 profile in a channel (console, real database)', () => {
  it('posts only professional questions after `category professional`, and shows pillar, domain and level', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-22T03:00:00Z'); // Sunday: no scheduled round
    await w.type('/sa-admin subscribe');
    const status = await w.type('/sa-admin category professional');
    const professional = bundled.filter((q) => q.texts.ko?.level === 'professional').length;
    expect(status).toContain(`출제 가능한 질문: ${professional}개`);
    for (let day = 0; day < 4; day++) {
      const posted = await w.type('/sa-admin post-now');
      const text = shown(posted);
      expect(text?.level).toBe('professional');
      expect(posted).toContain('난이도: 프로페셔널');
      expect(posted).toMatch(/Well-Architected 원칙: .+/);
      expect(posted).toMatch(/SAA-C03 도메인: .+/);
      const reveal = await w.type('/sa-admin reveal-now');
      expect(reveal, posted).toContain('답안을 지금 공개했습니다');
      // The 30-second answer comes first, when-not-to-use after the risks, the check date last.
      expect(reveal.indexOf('[30초 답변]')).toBeLessThan(reveal.indexOf('[정의]'));
      expect(reveal.indexOf('[위험·트레이드오프 (Risks)]')).toBeLessThan(
        reveal.indexOf('[쓰지 말아야 할 때]'),
      );
      expect(reveal).toContain('AWS 문서와 대조한 날: 2026-12-02');
    }
  });

  it('tells the pillar from a topic that shares its word, and keeps it across a restart of the filter', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    await w.type('/sa-admin subscribe');
    const pillar = bundled.filter((q) => q.texts.ko?.pillars?.includes('security')).length;
    const topic = bundled.filter((q) => q.texts.ko?.categories.includes('보안 심화')).length;
    expect(await w.type('/sa-admin category 보안')).toContain(`출제 가능한 질문: ${pillar}개`);
    expect(await w.type('/sa-admin category 보안 심화')).toContain(`출제 가능한 질문: ${topic}개`);
    expect(pillar).not.toBe(topic);
    expect((await general()).categoryFilter).toEqual(['보안 심화']);
    const both = bundled.filter(
      (q) => q.texts.ko?.domains?.includes('secure') || q.texts.ko?.categories.includes('생성형 AI'),
    ).length;
    expect(await w.type('/sa-admin category 안전한 아키텍처 설계,생성형 AI')).toContain(
      `출제 가능한 질문: ${both}개`,
    );
  });

  it('gives a practice card of the asked level or pillar', async () => {
    const w = consoleWorld(tdb.current.store, '2026-11-23T00:00:00Z');
    for (const [query, check] of [
      ['professional', (t: ReturnType<typeof shown>) => t?.level === 'professional'],
      ['지속 가능성', (t: ReturnType<typeof shown>) => t?.pillars?.includes('sustainability') === true],
      [
        'domain:cost-optimized',
        (t: ReturnType<typeof shown>) => t?.domains?.includes('cost-optimized') === true,
      ],
    ] as const) {
      const card = await w.type(`/sa-quiz ${query}`);
      expect(check(shown(card)), `${query}: ${card}`).toBe(true);
    }
  });
});
