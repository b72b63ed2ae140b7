import { describe, expect, it } from 'vitest';
import {
  chooseQuestion,
  dailyCandidates,
  effectiveBank,
  matchesQuery,
  textFor,
} from '../../src/core/selection.js';
import { question, sequence } from '../helpers/questions.js';

describe('question selection', () => {
  it('posts only complete questions', () => {
    const bank = [
      question('a'),
      question('b', { risks: [] }),
      question('c', { definition: '' }),
      question('d'),
    ];
    expect(dailyCandidates(bank, 'ko', []).map((q) => q.key)).toEqual(['a', 'd']);
  });

  it('never repeats a question until every candidate was used, then starts a new cycle', () => {
    const bank = ['a', 'b', 'c', 'd'].map((k) => question(k));
    const used = new Map<string, number>();
    const random = sequence(0.9, 0.1, 0.5, 0.3, 0.7);
    const picks: string[] = [];
    for (let i = 0; i < 8; i++) {
      const pick = chooseQuestion(bank, used, random);
      if (!pick) throw new Error('no pick');
      picks.push(pick.key);
      used.set(pick.key, (used.get(pick.key) ?? 0) + 1);
    }
    expect(new Set(picks.slice(0, 4)).size).toBe(4);
    expect(new Set(picks.slice(4, 8)).size).toBe(4);
  });

  it('filters by category in any language and searches practice by keyword', () => {
    const bank = [
      question('kms', { categories: ['보안'] }),
      question('spot', { categories: ['비용 최적화'], title: 'Spot Instance란?' }),
    ];
    expect(dailyCandidates(bank, 'ko', ['비용']).map((q) => q.key)).toEqual(['spot']);
    expect(bank.filter((q) => matchesQuery(q, 'spot instance')).map((q) => q.key)).toEqual(['spot']);
    expect(bank.filter((q) => matchesQuery(q, '보안')).map((q) => q.key)).toEqual(['kms']);
  });

  it('lets a workspace question replace the global one with the same key', () => {
    const global = [question('iam'), question('kms')];
    const own = [question('iam', { definition: 'ours' }, 7), question('team-only', {}, 7)];
    const bank = effectiveBank(global, own);
    expect(bank.map((q) => q.key)).toEqual(['iam', 'kms', 'team-only']);
    expect(textFor(bank[0]!, 'ko').definition).toBe('ours');
  });

  it('falls back to the language a question has', () => {
    expect(textFor(question('x'), 'en').title).toBe('x');
  });
});
