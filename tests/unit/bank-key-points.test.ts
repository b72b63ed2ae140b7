import { describe, expect, it } from 'vitest';
import { exportCsv, exportJson, exportMarkdown } from '../../src/core/bank/export.js';
import { MAX_KEY_POINT_TERMS, MAX_KEY_POINTS, MAX_TERM } from '../../src/core/bank/limits.js';
import { mergeBank, mergeTexts } from '../../src/core/bank/merge.js';
import { parseBankText } from '../../src/core/bank/parse.js';
import type { BankQuestion } from '../../src/core/bank/types.js';
import type { KeyPoint } from '../../src/core/types.js';
import { text } from '../helpers/questions.js';

/** Key points (issue #10) in every bank format: read, cleaned, limited, merged, written back. */

const SG_POINTS: KeyPoint[] = [
  {
    text: '상태 저장(stateful): 허용된 요청의 응답 트래픽은 규칙 없이 자동으로 허용된다.',
    terms: ['상태 저장', 'stateful', '스테이트풀', '응답 트래픽 + 자동', 'return traffic'],
  },
  {
    text: '허용 규칙만 있고 거부 규칙은 만들 수 없다.',
    terms: ['허용 규칙만', '거부 규칙 + 없', 'allow rules only'],
  },
];

const sgMarkdown = (keyPoints: string[]): string =>
  [
    '# 2. 보안',
    '',
    '<details id="security-group">',
    '<summary>Q1. Security Group이란?</summary>',
    '<div markdown="1">',
    '',
    '- Security Group이란?',
    '    - 인스턴스 단위의 가상 방화벽이다.',
    '- Benefits',
    '    - 응답 트래픽을 따로 열 필요가 없다.',
    '- Risks',
    '    - 거부 규칙이 없어 특정 IP 차단은 NACL로 해야 한다.',
    ...keyPoints,
    '- 비용',
    '    - 무료',
    '- Categories: 네트워크',
    '',
    '</div>',
    '</details>',
  ].join('\n');

const SG_KEY_POINTS = [
  '- Key points',
  '    - 상태 저장(stateful): 허용된 요청의 응답 트래픽은 규칙 없이 자동으로 허용된다.',
  '        - Terms: 상태 저장, stateful, 스테이트풀, 응답 트래픽 + 자동, return traffic',
  '    - 허용 규칙만 있고 거부 규칙은 만들 수 없다.',
  '        - Terms: 허용 규칙만, 거부 규칙 + 없, allow rules only',
];

describe('key points in the <details> markdown bank', () => {
  it('reads a Key points item after Risks without touching definition, risks, notes or categories', () => {
    const bank = parseBankText('sg.md', sgMarkdown(SG_KEY_POINTS), 'ko');
    expect(bank.errors).toEqual([]);
    const t = bank.questions[0]?.text;
    expect(t?.keyPoints).toEqual(SG_POINTS);
    expect(t?.definition).toBe('인스턴스 단위의 가상 방화벽이다.');
    expect(t?.risks).toEqual(['거부 규칙이 없어 특정 IP 차단은 NACL로 해야 한다.']);
    expect(t?.notes).toEqual([{ title: '비용', items: ['무료'] }]);
    expect(t?.categories).toEqual(['보안', '네트워크']);
  });

  it('reads the Korean labels, bold labels, terms as sub-bullets, and keeps a point without terms', () => {
    const bank = parseBankText(
      'sg.md',
      sgMarkdown([
        '- **핵심 포인트**',
        '    - 상태 저장: 응답 트래픽은 자동으로 허용된다.',
        '        - 용어: 상태 저장, stateful',
        '    - 인스턴스(ENI) 단위로 붙는다.',
        '    - 규칙은 허용만 있다.',
        '        - **Terms:**',
        '            - 허용 규칙만',
        '            - allow only, no deny',
      ]),
      'ko',
    );
    expect(bank.errors).toEqual([]);
    expect(bank.questions[0]?.text.keyPoints).toEqual([
      { text: '상태 저장: 응답 트래픽은 자동으로 허용된다.', terms: ['상태 저장', 'stateful'] },
      { text: '인스턴스(ENI) 단위로 붙는다.', terms: [] },
      { text: '규칙은 허용만 있다.', terms: ['허용 규칙만', 'allow only', 'no deny'] },
    ]);
    expect(bank.questions[0]?.text.notes).toEqual([{ title: '비용', items: ['무료'] }]);
  });

  it('is not read as the definition when it comes first, and a bank without it has no keyPoints field', () => {
    const first = parseBankText(
      'kp.md',
      [
        '<details><summary>NAT Gateway란?</summary>',
        '- Key points',
        '    - 프라이빗 서브넷의 아웃바운드 전용',
        '        - Terms: 아웃바운드 전용, outbound only',
        '- NAT Gateway란? 프라이빗 서브넷이 인터넷으로 나가게 한다.',
        '</details>',
      ].join('\n'),
      'ko',
    );
    expect(first.questions[0]?.text.keyPoints).toEqual([
      { text: '프라이빗 서브넷의 아웃바운드 전용', terms: ['아웃바운드 전용', 'outbound only'] },
    ]);
    // After a list, an unlabelled bullet is a note, as before: key points start the lists too.
    expect(first.questions[0]?.text.definition).toBe('');
    const none = parseBankText('sg.md', sgMarkdown([]), 'ko');
    expect(none.questions[0]?.text).not.toHaveProperty('keyPoints');
  });

  it('splits terms at a comma and a space only, and decodes entities after splitting', () => {
    const bank = parseBankText(
      'sg.md',
      sgMarkdown([
        '- Key points',
        '    - 10,000개까지 &amp; 그 이상',
        '        - Terms: 10,000, a&#44; b, R&amp;D,  , x，y',
      ]),
      'ko',
    );
    expect(bank.questions[0]?.text.keyPoints).toEqual([
      { text: '10,000개까지 & 그 이상', terms: ['10,000', 'a, b', 'R&D', 'x', 'y'] },
    ]);
  });
});

describe('key points in numbered notes', () => {
  it('takes an indented Key points bullet out of the answer', () => {
    const bank = parseBankText(
      'notes.md',
      [
        '1. ==Elastic Cache 용도는?==',
        '   세션 불일치 문제를 해결하기 위해 세션을 캐시에 둔다.',
        '   - 핵심 포인트',
        '       - 세션 저장소로 쓴다.',
        '           - 용어: 세션 저장, session store',
        '       - 읽기 부하를 줄인다.',
        '   #세션불일치',
        '2. Code Commit의 사용자 권한 관리 방법은?',
        '   IAM user를 기반으로 한 접근 제한',
      ].join('\n'),
      'ko',
    );
    expect(bank.errors).toEqual([]);
    expect(bank.questions.map((q) => [q.text.definition, q.text.keyPoints])).toEqual([
      [
        '세션 불일치 문제를 해결하기 위해 세션을 캐시에 둔다.',
        [
          { text: '세션 저장소로 쓴다.', terms: ['세션 저장', 'session store'] },
          { text: '읽기 부하를 줄인다.', terms: [] },
        ],
      ],
      ['IAM user를 기반으로 한 접근 제한', undefined],
    ]);
  });
});

describe('key points in JSON and CSV', () => {
  it('reads keyPoints in JSON, a string of terms as one term, missing terms as none', () => {
    const json = JSON.stringify([
      {
        title: 'Security Group',
        keyPoints: [...SG_POINTS, { text: 'ENI 단위', terms: 'ENI' }, { text: '무료' }],
      },
    ]);
    const bank = parseBankText('sg.json', json, 'ko');
    expect(bank.errors).toEqual([]);
    expect(bank.questions[0]?.text.keyPoints).toEqual([
      ...SG_POINTS,
      { text: 'ENI 단위', terms: ['ENI'] },
      { text: '무료', terms: [] },
    ]);
  });

  it('names the line of the keyPoints key and the part that is wrong', () => {
    const cases: [string, string][] = [
      ['"keyPoints": "stateful"', 'keyPoints'],
      ['"keyPoints": ["stateful"]', 'keyPoints[0]'],
      ['"keyPoints": [{"terms": ["a"]}]', 'keyPoints[0].text'],
      ['"keyPoints": [{"text": "a", "terms": ["b"]}, {"text": "c", "terms": [1]}]', 'keyPoints[1].terms'],
    ];
    for (const [field, detail] of cases) {
      const json = `{"questions": [\n{"title": "ok"},\n{\n  "title": "x",\n  ${field}\n}\n]}`;
      const bank = parseBankText('bad.json', json, 'en');
      expect(bank.errors, field).toEqual([{ file: 'bad.json', line: 5, code: 'invalid_field', detail }]);
    }
  });

  it('reads a keyPoints column holding the JSON array, and refuses a bad cell on its row', () => {
    const cell = JSON.stringify(SG_POINTS).replace(/"/g, '""');
    const csv = `title,keyPoints\nSecurity Group,"${cell}"\nNACL,\n`;
    const bank = parseBankText('sg.csv', csv, 'ko');
    expect(bank.errors).toEqual([]);
    expect(bank.questions.map((q) => q.text.keyPoints)).toEqual([SG_POINTS, undefined]);
    const bad = parseBankText('bad.csv', 'title,keyPoints\nok,\nx,not json\ny,"[{""text"": 1}]"\n', 'en');
    expect(bad.errors).toEqual([
      { file: 'bad.csv', line: 3, code: 'invalid_field', detail: 'keyPoints' },
      { file: 'bad.csv', line: 4, code: 'invalid_field', detail: 'keyPoints[0].text' },
    ]);
  });
});

describe('cleaning and limits', () => {
  it('makes text and terms one line, drops invisible characters, blank and duplicate terms and empty points', () => {
    const json = JSON.stringify([
      {
        title: 'SG',
        keyPoints: [
          {
            text: '  상태\n저장\u200b 한다 ',
            terms: ['stateful', ' stateful ', '', '  ', '상태\n저장', '\u200b'],
          },
          { text: ' \u200b ', terms: ['lost'] },
          { text: '??', terms: ['lost'] },
        ],
      },
    ]);
    const bank = parseBankText('c.json', json, 'ko');
    expect(bank.errors).toEqual([]);
    expect(bank.questions[0]?.text.keyPoints).toEqual([
      { text: '상태 저장 한다', terms: ['stateful', '상태 저장'] },
    ]);
    const empty = parseBankText('e.json', JSON.stringify([{ title: 'SG', keyPoints: [{ text: '' }] }]), 'ko');
    expect(empty.questions[0]?.text).not.toHaveProperty('keyPoints');
  });

  it('refuses too many points, too many terms, a long text or a long term (too_long, the entry line)', () => {
    const point = (i: number): KeyPoint => ({ text: `point ${i}`, terms: [`term ${i}`] });
    const within = [
      ...Array.from({ length: MAX_KEY_POINTS - 1 }, (_, i) => point(i)),
      {
        text: 'x'.repeat(300),
        terms: [...Array.from({ length: MAX_KEY_POINT_TERMS - 1 }, (_, i) => `t${i}`), 'y'.repeat(MAX_TERM)],
      },
    ];
    const bank = (keyPoints: KeyPoint[]) =>
      parseBankText('l.json', `[\n{"title": "ok"},\n${JSON.stringify({ title: 'L', keyPoints })}\n]`, 'en');
    expect(bank(within).errors).toEqual([]);
    const tooLong = (keyPoints: KeyPoint[]) => bank(keyPoints).errors.map((e) => [e.code, e.line, e.detail]);
    expect(tooLong(Array.from({ length: MAX_KEY_POINTS + 1 }, (_, i) => point(i)))).toEqual([
      ['too_long', 3, 'keyPoints (9, at most 8)'],
    ]);
    expect(tooLong([point(0), { text: 'x'.repeat(301), terms: [] }])).toEqual([
      ['too_long', 3, 'keyPoints[1].text'],
    ]);
    const terms = Array.from({ length: MAX_KEY_POINT_TERMS + 1 }, (_, i) => `t${i}`);
    expect(tooLong([{ text: 'a', terms }])).toEqual([['too_long', 3, 'keyPoints[0].terms (25, at most 24)']]);
    expect(tooLong([{ text: 'a', terms: ['ok', 'y'.repeat(MAX_TERM + 1)] }])).toEqual([
      ['too_long', 3, 'keyPoints[0].terms[1]'],
    ]);
  });
});

describe('merging', () => {
  const entry = (keyPoints?: KeyPoint[]) => ({
    id: 'sg',
    title: 'Security Group',
    definition: 'a firewall',
    benefits: ['b'],
    risks: ['r'],
    ...(keyPoints ? { keyPoints } : {}),
  });
  const merged = (...entries: object[]) =>
    mergeBank(parseBankText('m.json', JSON.stringify(entries), 'en').questions);

  it('counts key points in the exact-duplicate comparison', () => {
    const same = merged(entry(SG_POINTS), entry(SG_POINTS));
    expect(same.errors).toEqual([]);
    expect(same.duplicatesMerged).toBe(1);
    const differ = merged(entry(SG_POINTS), entry([SG_POINTS[0] as KeyPoint]));
    expect(differ.errors.map((e) => e.code)).toEqual(['conflicting_id']);
    expect(merged(entry(SG_POINTS), entry()).errors.map((e) => e.code)).toEqual(['conflicting_id']);
  });

  it('keeps the key points of the entry that has them (the later one when both do), and adds no field when neither has', () => {
    const withPoints = text('SG', { keyPoints: SG_POINTS });
    const richer = text('SG', { definition: 'a much longer definition than the other one has' });
    expect(mergeTexts(richer, withPoints).keyPoints).toEqual(SG_POINTS);
    expect(mergeTexts(withPoints, richer).keyPoints).toEqual(SG_POINTS);
    expect(mergeTexts(withPoints, richer).definition).toBe(richer.definition);
    expect(mergeTexts(text('SG'), richer)).not.toHaveProperty('keyPoints');
    expect(mergeTexts(text('SG', { keyPoints: [] }), richer)).not.toHaveProperty('keyPoints');
    const other: KeyPoint[] = [{ text: 'other', terms: ['o'] }];
    // An upload that rewrites a stored question's key points replaces them.
    expect(mergeTexts(withPoints, text('SG', { keyPoints: other })).keyPoints).toEqual(other);
  });
});

describe('exports', () => {
  const bank = (keyPoints?: KeyPoint[]): BankQuestion[] => [
    { key: 'sg', texts: { ko: text('Security Group', keyPoints ? { keyPoints } : {}) }, sources: [] },
  ];

  it('write nothing new for a bank without key points', () => {
    for (const out of [
      exportMarkdown(bank(), 'ko', 'x'),
      exportJson(bank(), 'ko'),
      exportCsv(bank(), 'ko'),
      exportCsv(bank([]), 'ko'),
    ]) {
      expect(out).not.toMatch(/keyPoints|Key points/);
    }
    expect(exportCsv(bank(), 'ko').split('\n')[0]).toBe(
      '\uFEFFid,title,categories,definition,benefits,risks,docs,followUp,aliases,notes',
    );
  });

  it('write the documented layout in markdown', () => {
    const md = exportMarkdown(bank(SG_POINTS), 'ko', 'x');
    const risks = md.indexOf('- Risks');
    const points = md.indexOf('- Key points');
    expect(risks).toBeGreaterThan(-1);
    expect(points).toBeGreaterThan(risks);
    expect(md.slice(points, md.indexOf('\n\n</div>'))).toBe(SG_KEY_POINTS.join('\n'));
  });

  it('import back as the same key points in every format', () => {
    const hostile: KeyPoint[] = [
      ...SG_POINTS,
      {
        text: '- Terms: not terms, <details> &amp; </details>',
        terms: ['a, b', 'c，d', 'x | y', '=1+2', '<@U1>'],
      },
      { text: 'Benefits', terms: [] },
      { text: 'no terms here', terms: [] },
    ];
    const files = {
      md: exportMarkdown(bank(hostile), 'ko', 'x'),
      json: exportJson(bank(hostile), 'ko'),
      csv: exportCsv(bank(hostile), 'ko'),
    };
    for (const [format, out] of Object.entries(files)) {
      const back = parseBankText(`back.${format}`, out, 'ko');
      expect(back.errors, format).toEqual([]);
      expect(back.questions[0]?.text, format).toEqual(bank(hostile)[0]?.texts.ko);
    }
  });
});
