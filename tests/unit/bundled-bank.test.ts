import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isComplete } from '../../src/core/bank/content.js';
import { lintReport } from '../../src/core/bank/lint.js';
import { mergeBank } from '../../src/core/bank/merge.js';
import { parseBankText } from '../../src/core/bank/parse.js';
import { planImport } from '../../src/core/bank/plan.js';
import { DOMAIN_IDS, PILLAR_IDS } from '../../src/core/taxonomy.js';
import type { Locale, Question, QuestionText } from '../../src/core/types.js';
import { bundledParsed } from '../helpers/bundled-files.js';

const root = join(import.meta.dirname, '..', '..');
const ko = bundledParsed('ko');
const en = bundledParsed('en');

/** The areas an SA interview asks about in 2026 (issue 11, section 2), by their topic names. */
const AREAS: Record<Locale, string[]> = {
  ko: [
    '생성형 AI',
    '마이그레이션',
    '데이터 분석',
    '네트워크 설계',
    '자격 증명과 거버넌스',
    '데이터베이스',
    '복원력 엔지니어링',
    '보안 심화',
    '스토리지와 하이브리드',
    '한국 규제와 리전',
    '고객 시나리오',
  ],
  en: [
    'Generative AI',
    'Migration',
    'Data and analytics',
    'Network design',
    'Identity and governance',
    'Databases',
    'Resilience engineering',
    'Security depth',
    'Storage and hybrid',
    'Korea',
    'Customer scenarios',
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

  it('gives every question a real answer: 2+ benefits, 2+ risks, an AWS documentation link', () => {
    for (const q of [...ko.questions, ...en.questions]) {
      expect(q.text.definition.length, q.text.title).toBeGreaterThan(60);
      expect(q.text.benefits.length, q.text.title).toBeGreaterThanOrEqual(2);
      expect(q.text.risks.length, q.text.title).toBeGreaterThanOrEqual(2);
      // AWS documentation, or (for compliance programmes, which have no documentation page) aws.amazon.com.
      expect(q.text.docs ?? '', q.text.title).toMatch(
        /^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com)\/[^\s]+$/,
      );
    }
  });

  it('covers every Well-Architected pillar and SAA-C03 domain with at least 20 questions', () => {
    for (const id of PILLAR_IDS) {
      expect(ko.questions.filter((q) => q.text.pillars?.includes(id)).length, id).toBeGreaterThanOrEqual(20);
    }
    for (const id of DOMAIN_IDS) {
      expect(ko.questions.filter((q) => q.text.domains?.includes(id)).length, id).toBeGreaterThanOrEqual(20);
    }
  });

  it('covers each area SA interviews ask about with at least five questions, and ten customer scenarios', () => {
    for (const [locale, bank] of [
      ['ko', ko],
      ['en', en],
    ] as const) {
      for (const area of AREAS[locale]) {
        const n = bank.questions.filter((q) => q.text.categories.includes(area)).length;
        expect(n, `${locale} ${area}`).toBeGreaterThanOrEqual(area === AREAS[locale].at(-1) ? 10 : 5);
      }
    }
  });

  it('gives every question the v2 profile, the same in both languages, and no two the same follow-up', () => {
    const report = lintReport([ko, en].map((b) => ({ format: 'markdown', ...b })));
    expect(report.errors).toEqual([]);
    expect(report.withoutKeyPoints).toEqual([]);
    expect(report.warnings.map((w) => w.message)).toEqual([]);
    expect(report.questions.length).toBeGreaterThanOrEqual(160);
    for (const q of [...ko.questions, ...en.questions]) {
      expect(q.text.brief?.length ?? 0, q.text.title).toBeGreaterThan(20);
      expect(q.text.whenNotToUse?.length ?? 0, q.text.title).toBeGreaterThan(0);
      expect(['associate', 'professional'], q.text.title).toContain(q.text.level);
      expect(q.text.lastVerified ?? '', q.text.title).toMatch(/^2026-\d\d-\d\d$/);
      expect(q.text.keyPoints?.length ?? 0, q.text.title).toBeGreaterThanOrEqual(3);
      // Topics only: a pillar or domain name is in its own field.
      expect(q.text.categories.length, q.text.title).toBeGreaterThan(0);
    }
    const byId = new Map(en.questions.map((q) => [q.id, q.text]));
    for (const q of ko.questions) {
      const other = byId.get(q.id);
      expect([other?.pillars, other?.domains, other?.level, other?.docs], q.id ?? '').toEqual([
        q.text.pillars,
        q.text.domains,
        q.text.level,
        q.text.docs,
      ]);
      expect(other?.keyPoints?.length, q.id ?? '').toBe(q.text.keyPoints?.length);
    }
  });

  it('writes Korean as Korean engineers do: no translation tells, right title particles, one spelling per term', () => {
    // What people read: terms and aliases list other spellings on purpose (answers and old banks use them).
    const korean = ko.questions
      .map((q) => {
        const { aliases: _a, keyPoints, ...shown } = q.text;
        return JSON.stringify([shown, (keyPoints ?? []).map((p) => p.text)]);
      })
      .join('\n');
    for (const tell of ['API 관문', '차단 스위치', '꼬리 지연', '기록기', '그물처럼', '점대점']) {
      expect(korean.includes(tell), tell).toBe(false);
    }
    const titles = ko.questions.map((q) => q.text.title);
    for (const wrong of [
      'Cloudtrail이란',
      'X-ray이란',
      'App Mesh이란',
      'ECS)이란',
      'Service Quotas)란',
      'Billing)이란',
    ]) {
      expect(
        titles.filter((t) => t.includes(wrong)),
        wrong,
      ).toEqual([]);
    }
    for (const variant of [
      '수명주기',
      '라이프사이클',
      '다중AZ',
      '멀티 AZ',
      '오토스케일링 그룹',
      'Auto Scaling Group',
    ]) {
      expect(korean.includes(variant), variant).toBe(false);
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
