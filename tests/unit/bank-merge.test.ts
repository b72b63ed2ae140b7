import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeBank } from '../../src/core/bank/merge.js';
import { parseBankText } from '../../src/core/bank/parse.js';
import { planImport } from '../../src/core/bank/plan.js';
import { messages } from '../../src/core/i18n/catalog.js';
import { bundledParsed } from '../helpers/bundled-files.js';
import { question } from '../helpers/questions.js';

/** Issue 15, must-fix 3: distinct questions never merge silently; the plan says what merges and why. */

const block = (title: string, body: string, id?: string): string =>
  [
    id ? `<details id="${id}">` : '<details>',
    `<summary>${title}</summary>`,
    '',
    `- ${title.replace(/\?$/, '')}? ${body}`,
    '- Benefits',
    `    - ${body} benefit`,
    '- Risks',
    `    - ${body} risk`,
    '</details>',
    '',
  ].join('\n');

const parse = (file: string, ...blocks: string[]) =>
  parseBankText(file, `# 1. 비용\n\n${blocks.join('\n')}`, 'ko');

describe('explicit ids win over title matches within one upload', () => {
  it('keeps two questions whose titles normalise alike when their ids differ', () => {
    const bank = parse(
      'sp.md',
      block('Savings Plans (Compute)란?', '컴퓨팅 약정', 'savings-plans-compute'),
      block('Savings Plans (EC2 Instance)란?', 'EC2 인스턴스 약정', 'savings-plans-ec2'),
    );
    expect(bank.errors).toEqual([]);
    const merged = mergeBank(bank.questions);
    expect(merged.errors).toEqual([]);
    expect(merged.questions.map((q) => [q.key, q.texts.ko?.title, q.texts.ko?.definition])).toEqual([
      ['savings-plans-compute', 'Savings Plans (Compute)란?', '컴퓨팅 약정'],
      ['savings-plans-ec2', 'Savings Plans (EC2 Instance)란?', 'EC2 인스턴스 약정'],
    ]);
    expect(merged.duplicatesMerged).toBe(0);
    expect(merged.merges).toEqual([]);
  });

  it('refuses one id used for two different questions in the same language, naming both lines', () => {
    const bank = parse('dup.md', block('IAM이란?', '권한 관리', 'iam'), block('KMS란?', '키 관리', 'iam'));
    const merged = mergeBank(bank.questions);
    expect(merged.errors).toEqual([
      { file: 'dup.md', line: 13, code: 'conflicting_id', detail: 'iam (dup.md:3, dup.md:13)' },
    ]);
    const plan = planImport([bank], []);
    expect(plan.errors.map((e) => e.code)).toEqual(['conflicting_id']);
    expect(plan.fresh).toEqual([]);
  });

  it('names both files when the conflict spans two files of one upload', () => {
    const a = parse('a.md', block('IAM이란?', '권한 관리', 'iam'));
    const b = parse('b.md', block('IAM 정책이란?', '정책 문서', 'iam'));
    expect(planImport([a, b], []).errors).toMatchObject([
      { file: 'b.md', line: 3, code: 'conflicting_id', detail: 'iam (a.md:3, b.md:3)' },
    ]);
  });

  it('still merges an exact duplicate with the same id, counts it and says why', () => {
    const same = block('IAM이란?', '권한 관리', 'iam');
    const merged = mergeBank(parse('twice.md', same, same).questions);
    expect(merged.errors).toEqual([]);
    expect(merged.questions).toHaveLength(1);
    expect(merged.duplicatesMerged).toBe(1);
    expect(merged.merges).toEqual([
      {
        into: 'iam',
        intoTitle: 'IAM이란?',
        from: 'twice.md:13',
        fromTitle: 'IAM이란?',
        reason: 'same_id',
        existing: false,
      },
    ]);
  });

  it('keeps the same id in another language as a translation, not a merge', () => {
    const ko = parse('ko.md', block('IAM이란?', '권한 관리', 'iam'));
    const en = parseBankText('en.md', block('What is IAM?', 'access control', 'iam'), 'en');
    const merged = mergeBank([...ko.questions, ...en.questions]);
    expect(merged.errors).toEqual([]);
    expect(merged.questions.map((q) => [q.key, Object.keys(q.texts)])).toEqual([['iam', ['ko', 'en']]]);
    expect(merged.merges).toEqual([]);
  });

  it('merges an entry without id by title, into the question with the explicit id, and says why', () => {
    const bank = parse(
      'mixed.md',
      block('Q3. IAM이란? (중복)', '짧은 설명'),
      block('IAM이란?', '권한 관리', 'iam'),
      block('CloudWatch', '모니터링'),
      block('AWS CloudWatch란?', '모니터링 서비스'),
    );
    const merged = mergeBank(bank.questions);
    expect(merged.errors).toEqual([]);
    expect(merged.questions.map((q) => [q.key, q.texts.ko?.title])).toEqual([
      ['iam', 'IAM이란?'],
      ['cloudwatch', 'CloudWatch'],
    ]);
    expect(merged.merges.map((m) => [m.into, m.from, m.reason, m.existing])).toEqual([
      ['iam', 'mixed.md:3', 'same_title', false],
      ['cloudwatch', 'mixed.md:33', 'same_title', false],
    ]);
    expect(merged.duplicatesMerged).toBe(2);
  });
});

describe('explicit ids win over title matches against the existing bank', () => {
  const existing = [
    question('savings-plans-compute', { title: 'Savings Plans (Compute)란?', aliases: ['SP'] }),
    question('iam', { title: 'IAM이란?' }),
  ];

  it('adds an entry with a new explicit id as a new question even when its title matches', () => {
    const plan = planImport(
      [parse('new.md', block('Savings Plans (EC2 Instance)란?', 'EC2 인스턴스 약정', 'savings-plans-ec2'))],
      existing,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.fresh.map((q) => q.key)).toEqual(['savings-plans-ec2']);
    expect(plan.updated).toEqual([]);
    expect(plan.merges).toEqual([]);
  });

  it('updates the question with that key when the id exists, and records it', () => {
    const plan = planImport(
      [parse('upd.md', block('Savings Plans란?', '새 설명', 'savings-plans-compute'))],
      existing,
    );
    expect(plan.fresh).toEqual([]);
    expect(plan.updated.map((q) => q.key)).toEqual(['savings-plans-compute']);
    expect(plan.merges).toEqual([
      {
        into: 'savings-plans-compute',
        intoTitle: 'Savings Plans (Compute)란?',
        from: 'upd.md:3',
        fromTitle: 'Savings Plans란?',
        reason: 'same_id',
        existing: true,
      },
    ]);
    const [merge] = plan.merges;
    if (!merge) throw new Error('no merge');
    expect(messages('ko').uploadMergeLine(merge)).toBe(
      'upd.md:3 "Savings Plans란?" → "Savings Plans (Compute)란?" (id가 같음, 이미 있는 질문)',
    );
    expect(messages('en').uploadMergeLine(merge)).toBe(
      'upd.md:3 "Savings Plans란?" → "Savings Plans (Compute)란?" (same id, already in the bank)',
    );
  });

  it('merges an entry without id by title or alias and says which', () => {
    const plan = planImport(
      [parse('noid.md', block('AWS IAM이란?', '권한 관리'), block('SP란?', '약정 할인'))],
      existing,
    );
    expect(plan.fresh).toEqual([]);
    expect(plan.merges.map((m) => [m.into, m.from, m.reason, m.existing])).toEqual([
      ['iam', 'noid.md:3', 'same_title', true],
      ['savings-plans-compute', 'noid.md:13', 'same_alias', true],
    ]);
  });
});

describe('the bundled bank and the seeds merge as before', () => {
  const root = join(import.meta.dirname, '..', '..');
  const read = (path: string): string => readFileSync(join(root, path), 'utf8');

  it('keeps the bundled questions on their ids, each with both languages, nothing merged', () => {
    const ko = bundledParsed('ko');
    const en = bundledParsed('en');
    const merged = mergeBank([...ko.questions, ...en.questions]);
    expect(merged.errors).toEqual([]);
    expect(merged.questions).toHaveLength(ko.questions.length);
    expect(merged.questions.map((q) => q.key)).toEqual(ko.questions.map((q) => q.id));
    expect(merged.questions.every((q) => q.texts.ko && q.texts.en)).toBe(true);
    expect(merged.duplicatesMerged).toBe(0);
    expect(merged.merges).toEqual([]);
  });

  it('folds the seed’s seven duplicates by title, each recorded', () => {
    const seed = parseBankText('seed.md', read('tests/fixtures/000_0d73c490451cfe6f.txt'));
    const merged = mergeBank(seed.questions);
    expect(merged.questions).toHaveLength(32);
    expect(merged.duplicatesMerged).toBe(7);
    expect(merged.merges).toHaveLength(7);
    expect(merged.merges.every((m) => m.reason === 'same_title' && !m.existing)).toBe(true);
  });
});
