import { describe, expect, it } from 'vitest';
import { exportCsv, exportJson, exportMarkdown } from '../../src/core/bank/export.js';
import { lintReport } from '../../src/core/bank/lint.js';
import { mergeTexts } from '../../src/core/bank/merge.js';
import { parseBankText } from '../../src/core/bank/parse.js';
import type { BankQuestion } from '../../src/core/bank/types.js';
import { messages } from '../../src/core/i18n/catalog.js';
import { answerBlocks, profileFields } from '../../src/core/render.js';
import { matchesCategories, matchesQuery } from '../../src/core/selection.js';
import { filterTarget } from '../../src/core/taxonomy.js';
import type { QuestionText } from '../../src/core/types.js';
import { question, text } from '../helpers/questions.js';

const V2_BLOCK = [
  '# 10. 생성형 AI',
  '',
  '<details id="bedrock-rag">',
  '<summary>Q1. Bedrock Knowledge Bases로 RAG를 어떻게 만드나요?</summary>',
  '<div markdown="1">',
  '',
  '- 30-second answer',
  '    문서를 청크로 나눠 임베딩하고 벡터 스토어에 넣은 뒤, 질문과 가까운 청크를 프롬프트에 붙입니다.',
  '    Knowledge Bases가 수집·검색·인용까지 관리합니다.',
  '- 정의',
  '    RAG는 모델이 학습하지 않은 사내 문서를 검색해 답에 근거로 넣는 패턴이다.',
  '- Benefits',
  '    - 모델을 다시 학습하지 않고 최신 문서를 반영한다.',
  '- Risks',
  '    - 청크 크기와 검색 품질이 답의 품질을 좌우한다.',
  '- When not to use',
  '    - 문서가 몇 쪽뿐이면 프롬프트에 통째로 넣는 편이 단순하다.',
  '- Key points',
  '    - 문서를 임베딩해 벡터 스토어에 넣는다.',
  '        - Terms: 임베딩, embedding, 벡터 스토어',
  '- Pillar: 성능 효율성, 지속 가능성',
  '- Domain: 고성능 아키텍처 설계, 복원력 있는 아키텍처 설계',
  '- Level: professional',
  '- Categories: 데이터 분석',
  '- Last verified: 2026-12-02',
  '- Docs: https://docs.aws.amazon.com/bedrock/latest/userguide/knowledge-base.html',
  '- Follow-up: 고객이 "답에 출처를 꼭 보여 달라"고 합니다. 어떻게 하나요?',
  '',
  '</div>',
  '</details>',
].join('\n');

const parsedText = (): QuestionText => {
  const parsed = parseBankText('v2.md', V2_BLOCK, 'ko');
  expect(parsed.errors).toEqual([]);
  const t = parsed.questions[0]?.text;
  if (!t) throw new Error('no question');
  return t;
};

describe('the bank v2 question profile', () => {
  it('reads each field of the markdown bank apart from the definition, risks and categories', () => {
    const t = parsedText();
    expect(t.brief).toBe(
      '문서를 청크로 나눠 임베딩하고 벡터 스토어에 넣은 뒤, 질문과 가까운 청크를 프롬프트에 붙입니다.\nKnowledge Bases가 수집·검색·인용까지 관리합니다.',
    );
    expect(t.definition).toBe('RAG는 모델이 학습하지 않은 사내 문서를 검색해 답에 근거로 넣는 패턴이다.');
    expect(t.risks).toEqual(['청크 크기와 검색 품질이 답의 품질을 좌우한다.']);
    expect(t.whenNotToUse).toEqual(['문서가 몇 쪽뿐이면 프롬프트에 통째로 넣는 편이 단순하다.']);
    expect(t.pillars).toEqual(['performance-efficiency', 'sustainability']);
    // The older Korean domain name the first bank used is read as the same domain.
    expect(t.domains).toEqual(['high-performing', 'resilient']);
    expect(t.level).toBe('professional');
    expect(t.lastVerified).toBe('2026-12-02');
    expect(t.categories).toEqual(['생성형 AI', '데이터 분석']);
    expect(t.keyPoints).toHaveLength(1);
  });

  it('refuses a pillar, domain, level or date it does not know, naming the field and the value', () => {
    const cases: [string, string, string][] = [
      ['- Pillar: 성능 효율성', '- Pillar: 보안성', 'pillar: 보안성'],
      [
        '- Domain: 고성능 아키텍처 설계, 복원력 있는 아키텍처 설계',
        '- Domain: 빠른 설계',
        'domain: 빠른 설계',
      ],
      ['- Level: professional', '- Level: expert', 'level: expert'],
      ['- Last verified: 2026-12-02', '- Last verified: 2026-02-30', 'lastVerified: 2026-02-30'],
    ];
    for (const [from, to, detail] of cases) {
      const parsed = parseBankText('bad.md', V2_BLOCK.replace(from, to), 'ko');
      expect(parsed.questions).toEqual([]);
      expect(parsed.errors).toEqual([{ file: 'bad.md', line: 3, code: 'invalid_field', detail }]);
    }
  });

  it('says in the uploader’s language which values a field accepts', () => {
    expect(messages('ko').bankError('invalid_field', 'pillar: 보안성')).toBe(
      '잘못된 필드: pillar: 보안성 (가능한 값: 운영 우수성, 보안, 안정성, 성능 효율성, 비용 최적화, 지속 가능성)',
    );
    expect(messages('en').bankError('invalid_field', 'level: expert')).toBe(
      'invalid field: level: expert (allowed: associate, professional)',
    );
    expect(messages('en').bankError('invalid_field', 'notes')).toBe('invalid field: notes');
  });

  it('reads ids and names in JSON, and refuses a field of the wrong shape', () => {
    const json = JSON.stringify([
      {
        title: 'RAG',
        definition: 'd',
        benefits: ['b'],
        risks: ['r'],
        brief: '두 문장.',
        whenNotToUse: 'small corpora',
        pillars: ['security', 'Cost Optimization'],
        domains: 'Design Secure Architectures',
        level: 'Associate',
        lastVerified: '2026-11-30',
      },
    ]);
    const t = parseBankText('b.json', json, 'en').questions[0]?.text;
    expect(t).toMatchObject({
      brief: '두 문장.',
      whenNotToUse: ['small corpora'],
      pillars: ['security', 'cost-optimization'],
      domains: ['secure'],
      level: 'associate',
      lastVerified: '2026-11-30',
    });
    const bad = parseBankText('b.json', JSON.stringify([{ title: 'x', pillars: [1] }]), 'en');
    expect(bad.errors.map((e) => [e.code, e.detail])).toEqual([['invalid_field', 'pillars']]);
  });

  it('exports in every format and imports back as the same text, names in the file’s language', () => {
    const t = parsedText();
    const bank: BankQuestion[] = [{ key: 'bedrock-rag', texts: { ko: t }, sources: [] }];
    const files = {
      md: exportMarkdown(bank, 'ko', 'x'),
      json: exportJson(bank, 'ko'),
      csv: exportCsv(bank, 'ko'),
    };
    expect(files.md).toContain('- Pillar: 성능 효율성, 지속 가능성');
    expect(files.md).toContain('- Domain: 고성능 아키텍처 설계, 복원력을 갖춘 아키텍처 설계');
    expect(files.csv.split('\n')[0]).toContain('brief,whenNotToUse,pillars,domains,level,lastVerified');
    for (const [format, out] of Object.entries(files)) {
      const back = parseBankText(`back.${format}`, out, 'ko');
      expect(back.errors, format).toEqual([]);
      expect(back.questions[0]?.text, format).toEqual(t);
    }
    // A bank without the fields exports as it always did: no new lines, keys or columns.
    const plain: BankQuestion[] = [{ key: 'iam', texts: { ko: text('IAM') }, sources: [] }];
    expect(exportMarkdown(plain, 'ko', 'x')).not.toMatch(/Pillar|Domain|Level|30-second|When not/);
    expect(exportJson(plain, 'ko')).not.toMatch(/pillars|brief|lastVerified/);
    expect(exportCsv(plain, 'ko').split('\n')[0]).not.toMatch(/pillars|brief/);
  });

  it('merges field by field: the later wording’s fields where it has them', () => {
    const first = text('RAG', { pillars: ['security'], level: 'associate', brief: 'old' });
    const second = text('RAG', { level: 'professional', lastVerified: '2026-12-02' });
    expect(mergeTexts(first, second)).toMatchObject({
      pillars: ['security'],
      level: 'professional',
      brief: 'old',
      lastVerified: '2026-12-02',
    });
  });
});

describe('lint of the profile', () => {
  const entry = (id: string, extra: Record<string, unknown>): Record<string, unknown> => ({
    id,
    title: id,
    definition: 'd',
    benefits: ['b'],
    risks: ['r'],
    followUp: 'A customer asks for the same thing.',
    ...extra,
  });

  it('says nothing about a v1 bank, and in a v2 bank names what each question lacks and repeated follow-ups', () => {
    const v1 = lintReport([parseBankText('v1.json', JSON.stringify([entry('a', {}), entry('b', {})]), 'en')]);
    expect(v1.warnings.filter((w) => w.code === 'profile_incomplete')).toEqual([]);
    const v2 = lintReport([
      parseBankText(
        'v2.json',
        JSON.stringify([
          entry('a', { level: 'associate', brief: 'x' }),
          entry('b', { followUp: 'Another one.' }),
        ]),
        'en',
      ),
      parseBankText('v2.json', JSON.stringify([entry('a', { level: 'professional' })]), 'ko'),
    ]);
    const incomplete = v2.warnings.filter((w) => w.code === 'profile_incomplete');
    expect(incomplete.map((w) => ('missing' in w ? [w.id, w.locale, w.missing] : []))).toEqual([
      ['a', 'en', ['whenNotToUse', 'pillars', 'domains', 'lastVerified', 'docs']],
      ['a', 'ko', ['brief', 'whenNotToUse', 'pillars', 'domains', 'lastVerified', 'docs']],
      ['b', 'en', ['brief', 'whenNotToUse', 'pillars', 'domains', 'level', 'lastVerified', 'docs']],
    ]);
    expect(
      v2.warnings.filter((w) => w.code === 'profile_differs').map((w) => ('id' in w ? w.id : '')),
    ).toEqual(['a']);
    const both = lintReport([
      parseBankText('d.json', JSON.stringify([entry('a', {}), entry('b', {})]), 'en'),
    ]).warnings.filter((w) => w.code === 'duplicate_follow_up');
    expect(both.map((w) => ('ids' in w ? w.ids : []))).toEqual([['a', 'b']]);
  });
});

describe('filtering by pillar, domain and level', () => {
  const v2 = question('rag', {
    categories: ['생성형 AI'],
    pillars: ['security'],
    domains: ['high-performing'],
    level: 'professional',
  });
  const securityTopic = question('waf', { categories: ['보안 심화'], pillars: ['reliability'] });
  const v1 = question('iam', { categories: ['보안', '보안 아키텍처 설계'] });

  it('reads a word as the pillar, domain or level it names, in either language or as an id', () => {
    expect(filterTarget('보안')).toEqual({ kind: 'pillar', id: 'security' });
    expect(filterTarget('Security')).toEqual({ kind: 'pillar', id: 'security' });
    expect(filterTarget('보안 아키텍처 설계')).toEqual({ kind: 'domain', id: 'secure' });
    expect(filterTarget('domain:high-performing')).toEqual({ kind: 'domain', id: 'high-performing' });
    expect(filterTarget('pillar: 비용 최적화')).toEqual({ kind: 'pillar', id: 'cost-optimization' });
    expect(filterTarget('프로페셔널')).toEqual({ kind: 'level', id: 'professional' });
    expect(filterTarget('보안 심화')).toBeNull();
  });

  it('matches a pillar name to the pillar only, a topic word to topics, and v1 questions by category', () => {
    expect(matchesCategories(v2, ['보안'])).toBe(true);
    // `보안 심화` contains 보안, but 보안 names the pillar, and this question's pillar is reliability.
    expect(matchesCategories(securityTopic, ['보안'])).toBe(false);
    expect(matchesCategories(securityTopic, ['보안 심화'])).toBe(true);
    expect(matchesCategories(securityTopic, ['심화'])).toBe(true);
    expect(matchesCategories(v2, ['Design High-Performing Architectures'])).toBe(true);
    expect(matchesCategories(v2, ['보안 아키텍처 설계'])).toBe(false);
    expect(matchesCategories(v2, ['professional'])).toBe(true);
    expect(matchesCategories(v1, ['associate'])).toBe(false);
    expect(matchesCategories(v1, ['보안'])).toBe(true);
    expect(matchesCategories(v1, ['Design Secure Architectures'])).toBe(true);
    expect(matchesQuery(v2, '보안')).toBe(true);
    expect(matchesQuery(securityTopic, '보안')).toBe(false);
  });
});

describe('showing the profile', () => {
  it('puts the 30-second answer first, when not to use it after the risks, and the check date last', () => {
    const t = parsedText();
    for (const locale of ['ko', 'en'] as const) {
      const m = messages(locale);
      const blocks = answerBlocks(m, t);
      const headings = blocks.map((b) => ('heading' in b ? b.heading : b.kind));
      expect(headings.slice(0, 5)).toEqual([m.brief, m.definition, m.benefits, m.risks, m.whenNotToUse]);
      expect(blocks.at(-1)).toEqual({ kind: 'text', text: m.lastVerified('2026-12-02') });
    }
    expect(profileFields(messages('en'), t)).toEqual([
      { label: 'Categories', value: '생성형 AI, 데이터 분석' },
      { label: 'Well-Architected pillar', value: 'Performance Efficiency, Sustainability' },
      {
        label: 'SAA-C03 domain',
        value: 'Design High-Performing Architectures, Design Resilient Architectures',
      },
      { label: 'Level', value: 'Professional' },
    ]);
  });
});
