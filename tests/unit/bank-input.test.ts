import { describe, expect, it } from 'vitest';
import { exportJson } from '../../src/core/bank/export.js';
import { mergeBank } from '../../src/core/bank/merge.js';
import { MAX_QUESTIONS_PER_UPLOAD, parseBankText } from '../../src/core/bank/parse.js';
import { planImport } from '../../src/core/bank/plan.js';
import { messages } from '../../src/core/i18n/catalog.js';
import { storableText, visibleText } from '../../src/core/text.js';
import type { QuestionText } from '../../src/core/types.js';
import { text } from '../helpers/questions.js';

/** Issue 15: careless and hostile bank files — unstorable characters, invisible titles, entities, size, lines. */

/** Every string a question text holds, so a test can check each one. */
function strings(t: QuestionText): string[] {
  return [
    t.title,
    ...t.categories,
    t.definition,
    ...t.benefits,
    ...t.risks,
    ...t.notes.flatMap((n) => [n.title, ...n.items]),
    t.docs ?? '',
    t.followUp ?? '',
    ...t.aliases,
  ];
}

const NUL = '\u0000';
const HOSTILE = `${NUL}\u0007\u001b\u007f\u0085\u200b\u202e\u2066\ufeff`;

describe('characters PostgreSQL refuses never leave the parser (must-fix 2)', () => {
  it('cleans NUL and other controls out of every field of a markdown bank', () => {
    const md = [
      '# 1. 보안',
      `<details id="iam">`,
      `<summary>Q1. IAM${HOSTILE}이란?</summary>`,
      '',
      `- IAM이란? 접근${NUL}제어`,
      '- Benefits',
      `    - 최소${NUL} 권한`,
      '- Risks',
      `    - 복잡${HOSTILE}`,
      `- Categories: 보안${NUL}, 운영`,
      `- Docs: https://docs.aws.amazon.com/${NUL}`,
      `- Follow-up: 역할은?${NUL}`,
      '</details>',
    ].join('\n');
    const parsed = parseBankText('nul.md', md, 'ko');
    expect(parsed.errors).toEqual([]);
    const t = parsed.questions[0]?.text as QuestionText;
    expect(t.title).toBe('IAM이란?');
    expect(t.definition).toBe('접근제어');
    expect(t.benefits).toEqual(['최소 권한']);
    expect(t.risks).toEqual(['복잡']);
    expect(t.categories).toEqual(['보안', '운영']);
    for (const s of strings(t)) expect(s).toBe(visibleText(s));
  });

  it('cleans NUL written as JSON escapes in every field, notes and aliases included', () => {
    const dirty = `a${HOSTILE}b`;
    const json = JSON.stringify([
      {
        id: 'x',
        title: dirty,
        categories: [dirty],
        definition: dirty,
        benefits: [dirty],
        risks: [dirty],
        notes: [{ title: dirty, items: [dirty] }],
        docs: dirty,
        followUp: dirty,
        aliases: [`z${NUL}`],
      },
    ]);
    expect(json).toContain('\\u0000');
    const parsed = parseBankText('nul.json', json, 'ko');
    expect(parsed.errors).toEqual([]);
    const t = parsed.questions[0]?.text as QuestionText;
    expect(strings(t).filter((s) => s !== 'ab' && s !== 'z')).toEqual([]);
  });

  it('cleans NUL in CSV cells', () => {
    const parsed = parseBankText(
      'nul.csv',
      `title,definition,benefits\nS3${NUL}란?,저장${NUL}소,a${NUL}|b\n`,
      'ko',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.questions[0]?.text).toMatchObject({
      title: 'S3란?',
      definition: '저장소',
      benefits: ['a', 'b'],
    });
  });

  it('keeps tabs, newlines and emoji joiners in answers', () => {
    const parsed = parseBankText(
      'ok.json',
      JSON.stringify([{ title: 'T', definition: 'a\tb\nc 👩‍💻', benefits: ['x'], risks: ['y'] }]),
      'ko',
    );
    expect(parsed.questions[0]?.text.definition).toBe('a\tb\nc 👩‍💻');
    expect(storableText('a\tb\nc 👩‍💻')).toBe('a\tb\nc 👩‍💻');
  });
});

describe('invisible characters (should-fix)', () => {
  it('treats titles made only of invisible characters as errors, in every format', () => {
    for (const blank of ['\u200b', '\u3164', ' \u200b\u2060 ', '\u115f\u1160', '\u202e\u202c']) {
      const md = parseBankText('b.md', `<details>\n<summary>${blank}</summary>\n- x\n</details>\n`, 'ko');
      expect(
        md.errors.map((e) => e.code),
        JSON.stringify(blank),
      ).toEqual(['empty_title']);
      expect(md.questions).toEqual([]);
      const json = parseBankText('b.json', JSON.stringify([{ title: blank }]), 'ko');
      expect(
        json.errors.map((e) => e.code),
        JSON.stringify(blank),
      ).toEqual(['empty_title']);
      const csv = parseBankText('b.csv', `title,definition\n${blank},x\n`, 'ko');
      expect(
        csv.errors.map((e) => e.code),
        JSON.stringify(blank),
      ).toEqual(['empty_title']);
    }
  });

  it('removes zero-width and bidi characters before comparing and showing: IAM\\u200b이란? is IAM', () => {
    const parsed = parseBankText(
      'zw.json',
      JSON.stringify([
        { title: 'IAM이란?', definition: '권한' },
        { title: 'IAM\u200b이란?', definition: '권한 관리 서비스' },
        { title: '\u202eMAI', definition: 'reversed' },
      ]),
      'ko',
    );
    const merged = mergeBank(parsed.questions);
    expect(merged.questions.map((q) => q.texts.ko?.title)).toEqual(['IAM이란?', 'MAI']);
    expect(merged.duplicatesMerged).toBe(1);
    expect(merged.questions[0]?.texts.ko?.definition).toBe('권한 관리 서비스');
  });

  it('matches an existing question stored before cleaning existed', () => {
    const stored = [
      { id: 1, workspaceId: null, key: 'old-iam', texts: { ko: text('IAM\u200b이란?') }, source: 'old' },
    ];
    const plan = planImport([parseBankText('a.json', '[{"title":"IAM이란?"}]', 'ko')], stored);
    expect(plan.fresh).toEqual([]);
  });
});

describe('HTML entities in markdown banks decode exactly once (should-fix)', () => {
  it('decodes named and numeric references once, in the title and the body', () => {
    const md = [
      '# 1. R&amp;D',
      '<details id="tags">',
      '<summary>Q1. &lt;b&gt; &amp;lt;tag&amp;gt; &#x1F600; &#51060;란?</summary>',
      '',
      '- 정의',
      '    &amp;lt;br&amp;gt; 는 &lt;br&gt; 이다 &copy; &unknown; R&D; a & b',
      '- Benefits',
      '    - &lt;@U123&gt; &lt;!channel&gt; @everyone',
      '- Risks',
      '    - &#0; &#xD800; &#1114112;',
      '</details>',
    ].join('\n');
    const parsed = parseBankText('ent.md', md, 'ko');
    expect(parsed.errors).toEqual([]);
    const t = parsed.questions[0]?.text as QuestionText;
    expect(t.title).toBe('<b> &lt;tag&gt; 😀 이란?');
    expect(t.categories).toEqual(['R&D']);
    expect(t.definition).toBe('&lt;br&gt; 는 <br> 이다 © &unknown; R&D; a & b');
    expect(t.benefits).toEqual(['<@U123> <!channel> @everyone']);
    expect(t.risks).toEqual(['\ufffd \ufffd \ufffd']);
  });

  it('reads JSON and CSV text literally: an entity there is just text', () => {
    const parsed = parseBankText(
      'lit.json',
      JSON.stringify([{ title: 'R&amp;D', definition: '&lt;x&gt;' }]),
      'ko',
    );
    expect(parsed.questions[0]?.text).toMatchObject({ title: 'R&amp;D', definition: '&lt;x&gt;' });
  });
});

describe('a cap on questions per upload (must-fix 4)', () => {
  const block = (i: number): string =>
    `<details id="q${i}">\n<summary>Question ${i}?</summary>\n\n- a\n</details>\n`;

  it('refuses more than 5,000 questions in a markdown file, naming the number, before building them', () => {
    expect(MAX_QUESTIONS_PER_UPLOAD).toBe(5000);
    const over = Array.from({ length: MAX_QUESTIONS_PER_UPLOAD + 1 }, (_, i) => block(i)).join('\n');
    const parsed = parseBankText('big.md', over, 'en');
    expect(parsed.errors).toEqual([{ file: 'big.md', line: 1, code: 'too_many_questions', detail: '5001' }]);
    expect(parsed.questions).toEqual([]);
    const exact = Array.from({ length: MAX_QUESTIONS_PER_UPLOAD }, (_, i) => block(i)).join('\n');
    expect(parseBankText('ok.md', exact, 'en').errors).toEqual([]);
  });

  it('refuses more than 5,000 in JSON, CSV and numbered notes', () => {
    const n = MAX_QUESTIONS_PER_UPLOAD + 2;
    const json = JSON.stringify(Array.from({ length: n }, (_, i) => ({ title: `Q ${i}?` })));
    expect(parseBankText('big.json', json, 'en').errors).toMatchObject([
      { code: 'too_many_questions', detail: String(n) },
    ]);
    const csv = `title\n${Array.from({ length: n }, (_, i) => `Q ${i}?`).join('\n')}\n`;
    expect(parseBankText('big.csv', csv, 'en').errors).toMatchObject([
      { code: 'too_many_questions', detail: String(n) },
    ]);
    const notes = Array.from({ length: n }, (_, i) => `${i + 1}. Question ${i}?\n   answer`).join('\n');
    expect(parseBankText('big.txt', notes, 'en').errors).toMatchObject([
      { code: 'too_many_questions', detail: String(n) },
    ]);
  });

  it('refuses more than 5,000 distinct questions across the files of one import', () => {
    const half = (from: number) =>
      parseBankText(
        `part${from}.json`,
        JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ title: `Q ${from + i}?` }))),
        'en',
      );
    const plan = planImport([half(0), half(3000)], []);
    expect(plan.errors).toEqual([
      { file: 'part3000.json', line: 1, code: 'too_many_questions', detail: '6000' },
    ]);
    expect(messages('en').bankError('too_many_questions', '6000')).toBe(
      'too many questions: 6000 (at most 5,000 per upload)',
    );
    expect(messages('ko').bankError('too_many_questions', '6000')).toBe(
      '질문이 너무 많습니다: 6000개 (한 번에 최대 5,000개)',
    );
    expect(plan.fresh).toEqual([]);
  });
});

describe('JSON error lines point at the right line (should-fix)', () => {
  // A pretty-printed bank as `export --format json` writes it: one field per line, notes with
  // their own "title" keys before the bad entries.
  const good = (i: number) => ({
    key: `q${i}`,
    sources: [],
    texts: {
      ko: text(`질문 ${i}`, { notes: [{ title: '비용', items: ['x'] }], aliases: [`별칭 ${i}`] }),
    },
  });
  const exported = exportJson([good(1), good(2)], 'ko');
  const lineOf = (source: string, needle: string): number =>
    source.slice(0, source.indexOf(needle)).split('\n').length;

  it('names the line of each bad entry, not of the n-th "title"', () => {
    const data = JSON.parse(exported) as { questions: Record<string, unknown>[] };
    data.questions.push(
      { id: 'no-title', definition: 'x' },
      { id: 'bad-list', title: 'bad', benefits: 3 },
      { id: 'Bad Id', title: 'bad id' },
      { id: 'fine', title: 'fine' },
    );
    const source = JSON.stringify(data, null, 2);
    const parsed = parseBankText('bank.json', source, 'ko');
    const noTitle = lineOf(source, '"id": "no-title"') - 1;
    expect(noTitle).toBeGreaterThan(35);
    expect(parsed.errors).toEqual([
      { file: 'bank.json', line: noTitle, code: 'missing_title', detail: 'questions[2]' },
      { file: 'bank.json', line: lineOf(source, '"benefits": 3'), code: 'invalid_field', detail: 'benefits' },
      { file: 'bank.json', line: lineOf(source, '"id": "Bad Id"'), code: 'invalid_id', detail: 'Bad Id' },
    ]);
    expect(parsed.questions.map((q) => [q.id, q.line])).toEqual([
      ['q1', lineOf(source, '"title": "질문 1"')],
      ['q2', lineOf(source, '"title": "질문 2"')],
      ['fine', lineOf(source, '"title": "fine"')],
    ]);
  });

  it('names the line of a syntax error deep in the file, also when JSON.parse gives no position', () => {
    const broken = exported.replace('"title": "질문 2",', '"title": "질문 2",,');
    expect(parseBankText('broken.json', broken, 'ko').errors).toMatchObject([
      { file: 'broken.json', code: 'invalid_json', line: lineOf(broken, ',,') },
    ]);
    // A trailing comma in a list: Node's message names no position.
    const trailing = exported.replace('"a risk"\n', '"a risk",\n');
    expect(trailing).not.toBe(exported);
    expect(parseBankText('trailing.json', trailing, 'ko').errors).toMatchObject([
      { code: 'invalid_json', line: lineOf(trailing, '"a risk",') + 1 },
    ]);
    const cut = exported.slice(0, exported.lastIndexOf('"followUp"'));
    expect(parseBankText('cut.json', cut, 'ko').errors).toMatchObject([
      { code: 'invalid_json', line: cut.split('\n').length },
    ]);
  });
});
