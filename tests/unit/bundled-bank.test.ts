import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isComplete } from '../../src/core/bank/content.js';
import { mergeBank } from '../../src/core/bank/merge.js';
import { parseBankText } from '../../src/core/bank/parse.js';
import { planImport } from '../../src/core/bank/plan.js';
import type { Locale, Question, QuestionText } from '../../src/core/types.js';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const ko = parseBankText('bank/ko.md', read('bank/ko.md'), 'ko');
const en = parseBankText('bank/en.md', read('bank/en.md'), 'en');

const PILLARS: Record<Locale, string[]> = {
  ko: ['운영 우수성', '보안', '안정성', '성능 효율성', '비용 최적화', '지속 가능성'],
  en: [
    'Operational Excellence',
    'Security',
    'Reliability',
    'Performance Efficiency',
    'Cost Optimization',
    'Sustainability',
  ],
};
const DOMAINS: Record<Locale, string[]> = {
  ko: [
    '보안 아키텍처 설계',
    '복원력 있는 아키텍처 설계',
    '고성능 아키텍처 설계',
    '비용 최적화 아키텍처 설계',
  ],
  en: [
    'Design Secure Architectures',
    'Design Resilient Architectures',
    'Design High-Performing Architectures',
    'Design Cost-Optimized Architectures',
  ],
};
const REVIEW_SCENARIOS = [
  'session-store-elasticache',
  'bastion-vs-vpn-vs-ssm',
  'waf-managed-vs-custom-rules',
  'mgn',
  'migration-cost',
  'mysql-to-aurora-migration',
  'cloudfront-dynamic-content',
  'aurora-endpoints',
  'ssm-iam-vs-os-permissions',
  'codecommit-permissions',
];

describe('the bundled bank (issue 3)', () => {
  it('lints clean in both languages: no errors, nothing incomplete, no duplicates', () => {
    for (const bank of [ko, en]) {
      expect(bank.errors).toEqual([]);
      expect(bank.questions.length).toBeGreaterThanOrEqual(80);
      expect(bank.questions.filter((q) => !isComplete(q.text)).map((q) => q.text.title)).toEqual([]);
      expect(mergeBank(bank.questions).duplicatesMerged).toBe(0);
    }
  });

  it('has the same ids in the same order in Korean and English', () => {
    expect(ko.questions.every((q) => q.id !== null)).toBe(true);
    expect(en.questions.map((q) => q.id)).toEqual(ko.questions.map((q) => q.id));
  });

  it('gives every question a real answer: 2+ benefits, 2+ risks, an AWS docs link', () => {
    for (const q of [...ko.questions, ...en.questions]) {
      expect(q.text.definition.length, q.text.title).toBeGreaterThan(60);
      expect(q.text.benefits.length, q.text.title).toBeGreaterThanOrEqual(2);
      expect(q.text.risks.length, q.text.title).toBeGreaterThanOrEqual(2);
      expect(q.text.docs ?? '', q.text.title).toMatch(/^https:\/\/(docs\.)?aws\.amazon\.com\//);
    }
  });

  it('covers every Well-Architected pillar and SAA-C03 domain with at least eight questions', () => {
    for (const [locale, bank] of [
      ['ko', ko],
      ['en', en],
    ] as const) {
      const count = (category: string): number =>
        bank.questions.filter((q) => q.text.categories.includes(category)).length;
      for (const category of [...PILLARS[locale], ...DOMAINS[locale]]) {
        expect(count(category), `${locale} ${category}`).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('answers the customer questions of the review notes', () => {
    const ids = new Set(ko.questions.map((q) => q.id));
    expect(REVIEW_SCENARIOS.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('holds every topic of the users’ seed, so importing the seed on top adds no duplicate', () => {
    const bundled: Question[] = mergeBank([...ko.questions, ...en.questions]).questions.map((q, i) => ({
      id: i + 1,
      workspaceId: null,
      key: q.key,
      texts: q.texts,
      source: 'bundled',
    }));
    const seed = parseBankText(
      'seed',
      readFileSync(join(root, 'tests', 'fixtures', '000_0d73c490451cfe6f.txt'), 'utf8'),
    );
    const plan = planImport([seed], bundled);
    expect(plan.fresh.map((q) => Object.values(q.texts)[0]?.title)).toEqual([]);
    expect(plan.updated.length + plan.unchanged).toBe(32);
    // The seed's own categories join the bundled ones, and the bundled (richer) answer stays.
    const cloudwatch = plan.updated.find((q) => q.key === 'cloudwatch')?.texts.ko as QuestionText;
    expect(cloudwatch.categories).toEqual(
      expect.arrayContaining(['운영 우수성', '안정성', 'Container 기반 MSA']),
    );
    expect(cloudwatch.definition).toBe(ko.questions.find((q) => q.id === 'cloudwatch')?.text.definition);
  });
});
