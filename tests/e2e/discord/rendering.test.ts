import { describe, expect, it } from 'vitest';
import { adminCommandText } from '../../../src/adapters/discord/discord-commands.js';
import {
  decodeAction,
  encodeAction,
  LIMITS,
  messageSize,
  renderView,
  safeText,
  splitText,
  threadName,
} from '../../../src/adapters/discord/discord-embeds.js';
import { parseAdminCommand } from '../../../src/core/commands.js';
import { view } from '../../../src/core/views.js';

/** The pure half of the Discord adapter: views → embeds within limits, options → admin text. */

describe('Discord rendering', () => {
  it('escapes markdown and neutralises every kind of mention in view text', () => {
    const text = safeText(
      '**bold** _x_ `code` @everyone @HERE <@1> <@!2> <@&3> <#4> </cmd:5> # heading\n- item',
    );
    expect(text).not.toMatch(/@everyone|@here|<@|<#|<\//i);
    expect(text).toContain('\\*\\*bold\\*\\*');
    // Inline code stays code: nothing inside it can ping or link, and the catalog writes commands so.
    expect(text).toContain('`code`');
    expect(text).toContain('\\- item');
  });

  it('keeps a huge view within 10 embeds and 6000 characters per message, splitting into messages', () => {
    const items = Array.from({ length: 60 }, (_, i) => `${i} ${'가'.repeat(500)}`);
    const huge = view('reveal', `T ${'x'.repeat(400)}`, [{ kind: 'list', heading: 'H', items }], {
      footer: '#1',
      actions: [{ id: 'practice.show', label: 'L'.repeat(120), value: 'k', style: 'primary' }],
    });
    const messages = renderView(huge);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(messageSize(message)).toBeLessThanOrEqual(LIMITS.messageTotal);
      for (const embed of message.embeds) {
        expect((embed.title ?? '').length).toBeLessThanOrEqual(LIMITS.title);
        expect((embed.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
      }
    }
    const all = messages.flatMap((m) => m.embeds.map((e) => e.description ?? '')).join('\n');
    for (let i = 0; i < 60; i++) expect(all).toContain(`• ${i} 가`);
    // Title on the first message, footer and buttons on the last.
    expect(messages[0]?.embeds[0]?.title?.length).toBe(LIMITS.title);
    expect(messages.at(-1)?.embeds.at(-1)?.footer?.text).toBe('#1');
    expect(messages.at(-1)?.components[0]?.components[0]?.label?.length).toBe(80);
    expect(messages[0]?.components).toEqual([]);
  });

  it('splits one enormous line without breaking surrogate pairs or leaving a dangling escape', () => {
    const pieces = splitText(`${'😀'.repeat(3000)}${'\\'.repeat(10)}`, 4096);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(4096);
      expect(piece).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(pieces.join('')).toBe(`${'😀'.repeat(3000)}${'\\'.repeat(10)}`);
  });

  it('round-trips button ids within 100 characters and names threads after the question', () => {
    const key = '가'.repeat(80);
    const id = encodeAction('practice.again', key);
    expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
    expect(decodeAction(id)).toEqual({ id: 'practice.again', value: key });
    expect(decodeAction('someone-else:xyz')).toBeNull();
    const q = view('question', 'title', [
      { kind: 'section', heading: 'Q.', text: `  AMI란?\n${'x'.repeat(200)}` },
    ]);
    expect(threadName(q).startsWith('AMI란? x')).toBe(true);
    expect(threadName(q).length).toBeLessThanOrEqual(LIMITS.threadName);
  });

  it('turns /sa-admin options into the text parseAdminCommand reads', () => {
    const options: Record<string, string> = {
      time: '9:00',
      days: 'mon, wed, fri',
      timezone: 'America/New_York',
      reveal: '17:30',
    };
    const subscribe = adminCommandText('subscribe', (name) => options[name] ?? null);
    expect(subscribe).toBe('subscribe 9:00 mon,wed,fri America/New_York reveal 17:30');
    expect(parseAdminCommand(subscribe)).toMatchObject({ ok: true, value: { name: 'subscribe' } });
    expect(adminCommandText('subscribe', () => null)).toBe('subscribe');
    expect(adminCommandText('lang', () => 'en')).toBe('lang en');
    expect(adminCommandText('export', () => null)).toBe('export md');
    expect(adminCommandText('category', () => '보안, 비용 최적화')).toBe('category 보안, 비용 최적화');
    expect(parseAdminCommand(adminCommandText('post-now', () => null))).toEqual({
      ok: true,
      value: { name: 'post-now' },
    });
  });
});
