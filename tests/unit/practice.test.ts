import { describe, expect, it } from 'vitest';
import { pickPractice, reviewCard } from '../../src/core/practice.js';
import { question, sequence } from '../helpers/questions.js';

const now = new Date('2026-11-23T00:00:00Z');
const DAY = 86_400_000;

describe('spaced-repetition practice', () => {
  it('schedules easier recalls further out', () => {
    const again = reviewCard(null, 'k', 'again', now);
    const good = reviewCard(null, 'k', 'good', now);
    const easy = reviewCard(null, 'k', 'easy', now);
    expect(again.due.getTime()).toBeLessThan(good.due.getTime());
    expect(good.due.getTime()).toBeLessThan(easy.due.getTime());
    const later = reviewCard(easy, 'k', 'good', easy.due);
    expect(later.due.getTime() - easy.due.getTime()).toBeGreaterThan(easy.due.getTime() - now.getTime());
    expect(later.reps).toBe(2);
  });

  it('offers due cards first (most overdue first), then unseen questions, then the soonest card', () => {
    const bank = ['a', 'b', 'c'].map((k) => question(k));
    const dueLong = {
      ...reviewCard(null, 'b', 'good', new Date(now.getTime() - 9 * DAY)),
      due: new Date(now.getTime() - 2 * DAY),
    };
    const dueShort = {
      ...reviewCard(null, 'c', 'good', new Date(now.getTime() - 9 * DAY)),
      due: new Date(now.getTime() - DAY),
    };
    expect(pickPractice(bank, [dueShort, dueLong], 'ko', '', now, sequence(0))).toMatchObject({
      question: { key: 'b' },
      dueCount: 2,
    });
    const future = { ...dueShort, due: new Date(now.getTime() + DAY) };
    expect(pickPractice(bank, [future], 'ko', '', now, sequence(0))?.question.key).toBe('a');
    const allSeen = ['a', 'b', 'c'].map((k, i) => ({
      ...future,
      questionKey: k,
      due: new Date(now.getTime() + (3 - i) * DAY),
    }));
    expect(pickPractice(bank, allSeen, 'ko', '', now, sequence(0))).toMatchObject({
      question: { key: 'c' },
      dueCount: 0,
    });
  });

  it('narrows by keyword and skips incomplete questions', () => {
    const bank = [question('kms', { title: 'KMS란?' }), question('iam', { title: 'IAM이란?', risks: [] })];
    expect(pickPractice(bank, [], 'ko', 'iam', now, sequence(0))).toBeNull();
    expect(pickPractice(bank, [], 'ko', 'kms', now, sequence(0))?.question.key).toBe('kms');
  });
});
