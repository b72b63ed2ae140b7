import { describe, expect, it } from 'vitest';
import { lintLines, lintReport } from '../../src/core/bank/lint.js';
import { parseBankText } from '../../src/core/bank/parse.js';
import type { KeyPoint, Locale } from '../../src/core/types.js';

/** `sa-quiz bank lint` as the core computes it: the DESIGN.md contract plus key points. */

const point = (text: string, terms: string[] = [text]): KeyPoint => ({ text, terms });

const file = (name: string, locale: Locale, entries: object[]) =>
  parseBankText(name, JSON.stringify(entries, null, 2), locale);

const full = { definition: 'd', benefits: ['b'], risks: ['r'] };

describe('bank lint report', () => {
  it('keeps the documented fields and adds key point counts and the questions without them', () => {
    const report = lintReport([
      file('ko.json', 'ko', [
        { id: 'sg', title: 'Security Group', ...full, keyPoints: [point('상태 저장'), point('허용만')] },
        { id: 'nacl', title: 'NACL', ...full },
        { id: 'iam', title: 'IAM', definition: 'd' },
      ]),
    ]);
    expect(report.errors).toEqual([]);
    expect(report.duplicatesMerged).toBe(0);
    expect(report.questions.map((q) => [q.title, q.complete, q.keyPoints])).toEqual([
      ['Security Group', true, 2],
      ['NACL', true, 0],
      ['IAM', false, 0],
    ]);
    expect(Object.keys(report.questions[0] ?? {})).toEqual([
      'id',
      'title',
      'categories',
      'definition',
      'benefits',
      'risks',
      'complete',
      'keyPoints',
      'pillars',
      'domains',
      'level',
      'lastVerified',
    ]);
    expect(report.withoutKeyPoints).toEqual(['NACL', 'IAM']);
    expect(report.warnings).toEqual([]);
    expect(lintLines(report)).toEqual([
      '3 questions (2 complete, 1 incomplete), 0 duplicates merged, 0 errors',
      '2 of 3 questions have no key points (not graded):',
      '  NACL',
      '  IAM',
    ]);
  });

  it('warns when the languages of a question hold different numbers of key points, or a point has no terms', () => {
    const report = lintReport([
      file('ko.json', 'ko', [
        { id: 'sg', title: '보안 그룹', ...full, keyPoints: [point('상태 저장'), point('허용만', [])] },
        { id: 'nacl', title: 'NACL', ...full, keyPoints: [point('무상태')] },
        { id: 'iam', title: 'IAM', ...full },
      ]),
      file('en.json', 'en', [
        { id: 'sg', title: 'Security Group', ...full, keyPoints: [point('stateful')] },
        { id: 'nacl', title: 'NACL', ...full, keyPoints: [point('stateless')] },
        { id: 'iam', title: 'IAM', ...full, keyPoints: [point('least privilege')] },
      ]),
    ]);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      {
        code: 'key_point_without_terms',
        file: 'ko.json',
        line: 4,
        title: '보안 그룹',
        point: 2,
        message: 'key point 2 of "보안 그룹" has no terms, so no answer can cover it',
      },
      {
        code: 'key_points_differ',
        id: 'sg',
        title: '보안 그룹',
        counts: { ko: 2, en: 1 },
        message:
          'key points differ by language for "보안 그룹" (ko 2, en 1); they are aligned by position, so every language needs the same number',
      },
      expect.objectContaining({ code: 'key_points_differ', id: 'iam', counts: { ko: 0, en: 1 } }),
    ]);
    // Reported in the language of the first file, as the other fields are.
    expect(report.withoutKeyPoints).toEqual(['IAM']);
    const lines = lintLines(report);
    expect(lines[0]).toBe('3 questions (3 complete, 0 incomplete), 0 duplicates merged, 0 errors');
    expect(lines).toContain(
      'ko.json:4: warning: key point 2 of "보안 그룹" has no terms, so no answer can cover it',
    );
    expect(lines.filter((l) => l.startsWith('warning: key points differ'))).toHaveLength(2);
  });

  it('reports errors after the warnings, with their lines, and lists no questions then', () => {
    const report = lintReport([
      file('ko.json', 'ko', [{ title: 'SG', keyPoints: [{ text: 'a', terms: [1] }] }]),
      file('ok.json', 'ko', [{ title: 'NACL', keyPoints: [point('x', [])] }]),
    ]);
    expect(report.errors).toEqual([
      { file: 'ko.json', line: 4, code: 'invalid_field', message: 'invalid field: keyPoints[0].terms' },
    ]);
    expect(report.questions).toEqual([]);
    expect(lintLines(report)).toEqual([
      '0 questions (0 complete, 0 incomplete), 0 duplicates merged, 1 errors',
      'ok.json:3: warning: key point 1 of "NACL" has no terms, so no answer can cover it',
      'ko.json:4: invalid field: keyPoints[0].terms',
    ]);
  });
});
