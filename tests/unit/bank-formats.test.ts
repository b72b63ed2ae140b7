import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJson, exportMarkdown } from '../../src/core/bank/export.js';
import { mergeBank } from '../../src/core/bank/merge.js';
import { parseBankBytes, parseBankText } from '../../src/core/bank/parse.js';
import { planImport } from '../../src/core/bank/plan.js';
import { normalizeTitle } from '../../src/core/bank/title.js';
import { question } from '../helpers/questions.js';

const seed = readFileSync(join(import.meta.dirname, '..', 'fixtures', '000_0d73c490451cfe6f.txt'), 'utf8');
const notes = readFileSync(join(import.meta.dirname, '..', 'fixtures', '004_5d4b4333977bc77e.txt'), 'utf8');

describe('title normalisation', () => {
  it('ignores numbering, duplicate marks, prefixes, expansions and question endings', () => {
    expect(normalizeTitle('Q18. AWS CloudWatch란? (중복)')).toBe('cloudwatch');
    expect(normalizeTitle('CloudWatch이란?')).toBe('cloudwatch');
    expect(normalizeTitle('Amazon Route53란?')).toBe('route53');
    expect(normalizeTitle('KMS(Key Management Store)란?')).toBe('kms');
    expect(normalizeTitle('What is an AMI?')).toBe('ami');
    expect(normalizeTitle('User  Data는?')).toBe('userdata');
  });
});

describe('JSON banks', () => {
  it('reads the documented shape and a bare array', () => {
    const json = JSON.stringify({
      questions: [
        {
          id: 'iam',
          title: 'IAM이란?',
          categories: ['보안'],
          definition: '접근을 제어하는 서비스',
          benefits: ['최소 권한'],
          risks: ['복잡한 정책'],
        },
      ],
    });
    const parsed = parseBankText('bank.json', json);
    expect(parsed.format).toBe('json');
    expect(parsed.questions[0]).toMatchObject({
      id: 'iam',
      locale: 'ko',
      text: { title: 'IAM이란?', benefits: ['최소 권한'] },
    });
    expect(parseBankText('b.json', '[{"title":"What is S3?"}]').questions[0]?.locale).toBe('en');
  });

  it('names the line of a syntax error and of a bad entry', () => {
    const broken = parseBankText('broken.json', '{\n  "questions": [\n    {"title": "a",}\n  ]\n}');
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]).toMatchObject({ file: 'broken.json', code: 'invalid_json', line: 3 });
    const bad = parseBankText(
      'bad.json',
      '{"questions": [\n{"title": "ok"},\n{"title": "x", "benefits": 3},\n{"definition": "no title"}\n]}',
    );
    expect(bad.errors.map((e) => [e.code, e.line])).toEqual([
      ['invalid_field', 3],
      ['missing_title', 4],
    ]);
  });
});

describe('CSV banks', () => {
  it('reads quoted cells, line breaks in quotes and | lists', () => {
    const csv =
      'id,title,categories,definition,benefits,risks\nkms,KMS란?,보안|비용 최적화,"키를 관리한다, 안전하게","a|b","line one\nline two"\n,EC2란?,,,,\n';
    const parsed = parseBankText('bank.csv', csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.questions[0]?.text).toMatchObject({
      categories: ['보안', '비용 최적화'],
      definition: '키를 관리한다, 안전하게',
      benefits: ['a', 'b'],
      risks: ['line one\nline two'],
    });
    expect(parsed.questions[1]).toMatchObject({ id: null, line: 4, text: { title: 'EC2란?' } });
  });

  it('reports unknown columns, short rows and open quotes with their lines', () => {
    expect(parseBankText('a.csv', 'title,colour\nx,red\n').errors).toEqual([
      { file: 'a.csv', line: 1, code: 'unknown_column', detail: 'colour' },
    ]);
    expect(parseBankText('b.csv', 'title,definition\nx,d\ny\n').errors).toMatchObject([
      { line: 3, code: 'invalid_csv' },
    ]);
    expect(parseBankText('c.csv', 'title,definition\nx,"never closed\n').errors).toMatchObject([
      { line: 2, code: 'invalid_csv' },
    ]);
  });
});

describe('malformed files', () => {
  it('explains what is wrong and where', () => {
    expect(parseBankText('x.md', '<details>\n- no summary\n</details>\n').errors).toMatchObject([
      { line: 1, code: 'missing_summary' },
    ]);
    expect(parseBankText('y.md', '<details>\n<summary>Q1. A</summary>\n- a\n').errors).toMatchObject([
      { line: 1, code: 'unclosed_details' },
    ]);
    expect(
      parseBankText('z.md', '<details id="Bad Id"><summary>A</summary>\n</details>').errors,
    ).toMatchObject([{ code: 'invalid_id' }]);
    expect(parseBankText('w.txt', 'just some words').errors).toMatchObject([
      { line: 1, code: 'unknown_format' },
    ]);
    expect(parseBankBytes('v.md', new Uint8Array([0x2d, 0x20, 0xff, 0xfe, 0x0a])).errors).toMatchObject([
      { code: 'not_utf8' },
    ]);
  });

  it('refuses absurdly long text instead of storing it', () => {
    const long = `<details><summary>${'A'.repeat(400)}</summary>\n</details>`;
    expect(parseBankText('long.md', long).errors).toMatchObject([{ code: 'too_long', detail: 'title' }]);
  });
});

describe('export round trip', () => {
  for (const [name, source] of [
    ['the question-bank seed', seed],
    ['the review notes seed', notes],
  ] as const) {
    it(`writes ${name} back as markdown and JSON that import as the same questions`, () => {
      const original = mergeBank(parseBankText('seed', source).questions).questions;
      for (const [file, out] of [
        ['export.md', exportMarkdown(original, 'ko', 'export')],
        ['export.json', exportJson(original, 'ko')],
      ] as const) {
        const again = mergeBank(parseBankText(file, out, 'ko').questions).questions;
        expect(again.map((q) => [q.key, q.texts])).toEqual(original.map((q) => [q.key, q.texts]));
      }
    });
  }
});

describe('import planning', () => {
  it('merges by normalised title into existing questions and never duplicates them', () => {
    const existing = [
      question('cloudwatch', {
        title: 'CloudWatch란?',
        categories: ['운영 우수성'],
        benefits: ['x', 'y'],
        risks: ['z', 'w'],
      }),
    ];
    const plan = planImport([parseBankText('seed.md', seed)], existing);
    expect(plan.errors).toEqual([]);
    expect(plan.fresh).toHaveLength(31);
    expect(plan.updated.map((q) => q.key)).toEqual(['cloudwatch']);
    expect(plan.updated[0]?.texts.ko?.categories).toEqual(['운영 우수성', '안정성', 'Container 기반 MSA']);
    expect(plan.duplicatesMerged).toBe(7);
    expect(plan.incomplete.length).toBe(23);
  });

  it('plans nothing when any file has an error', () => {
    const plan = planImport([parseBankText('seed.md', seed), parseBankText('bad.json', '{oops')], []);
    expect(plan.fresh).toEqual([]);
    expect(plan.updated).toEqual([]);
    expect(plan.errors).toHaveLength(1);
  });

  it('reports an unchanged re-import as unchanged', () => {
    const first = planImport([parseBankText('seed.md', seed)], []);
    const stored = first.fresh.map((q, i) => ({
      id: i + 1,
      workspaceId: null,
      key: q.key,
      texts: q.texts,
      source: 'x',
    }));
    const again = planImport([parseBankText('seed.md', seed)], stored);
    expect(again.fresh).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toBe(32);
  });
});
