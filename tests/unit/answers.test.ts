import { describe, expect, it } from 'vitest';
import {
  answerText,
  clampText,
  isAcceptingAnswers,
  nameText,
  statusAfterDeletion,
  statusOfNewReply,
} from '../../src/core/answers.js';

const deadline = new Date('2026-11-23T09:00:00Z');
const open = { status: 'open' as const, revealAt: deadline };
const before = new Date('2026-11-23T08:59:59Z');

describe('answer rules', () => {
  it('the first reply before the deadline counts; further replies are extra', () => {
    expect(statusOfNewReply(open, before, false)).toBe('counted');
    expect(statusOfNewReply(open, before, true)).toBe('extra');
  });

  it('replies at or after the deadline, or after the reveal, are late', () => {
    expect(statusOfNewReply(open, deadline, false)).toBe('late');
    expect(statusOfNewReply({ status: 'revealed', revealAt: deadline }, before, false)).toBe('late');
    expect(isAcceptingAnswers(open, before)).toBe(true);
    expect(isAcceptingAnswers(open, deadline)).toBe(false);
  });

  it('deleting before the deadline withdraws; after it changes nothing', () => {
    expect(statusAfterDeletion(open, before, 'counted')).toBe('withdrawn');
    expect(statusAfterDeletion(open, before, 'extra')).toBe('withdrawn');
    expect(statusAfterDeletion(open, deadline, 'counted')).toBe('counted');
    expect(statusAfterDeletion(open, before, 'late')).toBe('late');
  });

  it('caps stored text', () => {
    expect(clampText('short', 10)).toBe('short');
    expect(clampText('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('answer and name text as stored', () => {
  it('drops what PostgreSQL refuses and what hides or reorders text, and never cuts an emoji in half', () => {
    expect(answerText('상태\u0000 저장\u0001 \u202Eevil\u200B')).toBe('상태 저장 evil');
    expect(answerText('a\uD800b')).toBe('a\uFFFDb');
    const long = `${'가'.repeat(3998)}😀😀`;
    const clamped = answerText(long);
    expect(clamped.length).toBeLessThanOrEqual(4000);
    expect(clamped.endsWith('가…')).toBe(true);
    expect(nameText('  eve\u0000\u202E  kim\n')).toBe('eve kim');
    expect(nameText('\u200B\u202E')).toBe('');
  });
});
