import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isComplete } from '../../src/core/bank/content.js';
import { mergeBank } from '../../src/core/bank/merge.js';
import { parseBankBytes, parseBankText } from '../../src/core/bank/parse.js';
import type { QuestionText } from '../../src/core/types.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const SEED_BANK = '000_0d73c490451cfe6f.txt';
const SEED_NOTES = '004_5d4b4333977bc77e.txt';
const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

function merged(name: string, text = read(name)) {
  const parsed = parseBankText(name, text);
  return { parsed, merged: mergeBank(parsed.questions) };
}

function only(q: { texts: Partial<Record<string, QuestionText>> }): QuestionText {
  const t = q.texts.ko;
  if (!t) throw new Error('no Korean text');
  return t;
}

describe('the interview question bank seed (000)', () => {
  const { parsed, merged: bank } = merged(SEED_BANK);
  const byTitle = (start: string): QuestionText => {
    const found = bank.questions.map(only).find((t) => t.title.startsWith(start));
    if (!found) throw new Error(`no question ${start}`);
    return found;
  };

  it('holds 39 entries, 32 distinct questions, 7 duplicates merged, 9 complete, no errors', () => {
    expect(parsed.format).toBe('markdown');
    expect(parsed.errors).toEqual([]);
    expect(parsed.questions).toHaveLength(39);
    expect(bank.questions).toHaveLength(32);
    expect(bank.duplicatesMerged).toBe(7);
    expect(
      bank.questions
        .map(only)
        .filter(isComplete)
        .map((t) => t.title),
    ).toEqual([
      'AMI',
      'User Data는?',
      'CloudFormation이란?',
      'CloudWatch란?',
      'IAM이란?',
      'NACL이란?',
      'WAF(Web Application Firewall)이란?',
      'Shield란?',
      'AWS S3 Glacier Deep Archive란?',
    ]);
  });

  it('reads categories from the headings and unites them for duplicates', () => {
    expect(byTitle('AMI').categories).toEqual(['운영 우수성']);
    expect(byTitle('CloudWatch').categories).toEqual(['운영 우수성', '안정성', 'Container 기반 MSA']);
    expect(byTitle('Aurora').categories).toEqual(['안정성', '성능 효율성', '비용 최적화']);
    expect(byTitle('Systems Manager').categories).toEqual(['보안']);
  });

  it('takes the definition after "X란?" or from its sub-bullets', () => {
    expect(byTitle('CloudFormation').definition).toBe('IaC(코드형 인프라) 도구 중 하나로 자원 배포 도구.');
    expect(byTitle('User Data').definition).toBe(
      'EC2 인스턴스 시작 시 사용자 데이터를 인스턴스에 전달하거나 스크립트를 실행할 수 있다.',
    );
    expect(byTitle('AMI').definition).toMatch(/^AMI란\(Amazon Machine Image\)의 약어로/);
    expect(byTitle('NACL').definition.split('\n')).toHaveLength(7);
  });

  it('does not count placeholders as content', () => {
    const trail = byTitle('Cloudtrail');
    expect(trail.benefits).toEqual([]);
    expect(trail.risks).toEqual([]);
    expect(isComplete(trail)).toBe(false);
    expect(byTitle('Auto Scaling').definition).toBe('');
    const ecr = byTitle('Elastic Container Registry');
    expect(ecr.definition).toBe('');
    expect(ecr.risks).toEqual(['S3보다 요금이 비쌈 → 수명주기로 관리']);
  });

  it('keeps nested bullets under their parent and extra sections as notes', () => {
    const shield = byTitle('Shield');
    expect(shield.benefits).toHaveLength(2);
    expect(shield.benefits[0]).toMatch(/^\*\*Standard\*\*\n {2}- 모든 AWS 고객은/);
    expect(shield.benefits[1]?.split('\n')).toHaveLength(9);
    const nacl = byTitle('NACL');
    expect(nacl.benefits[0]).toBe(
      '온프레미스에서 물리장비에 구성할 때보다 아래의 부담을 해결해준다.\n  - 보안장비 도입 증가\n  - 장비 운영 관리 부담',
    );
    expect(byTitle('Secret Manager').notes).toEqual([
      { title: 'ㅂ용', items: ['암호당 비용청구', 'API 호출 건수당 비용청구'] },
    ]);
    const ecs = byTitle('Elastic Container Service');
    expect(ecs.definition).toContain('binpack');
    expect(ecs.definition).toContain('**Canary**');
  });

  it('reads the same with a BOM and CRLF line ends', () => {
    const crlf = `\uFEFF${read(SEED_BANK).replace(/\n/g, '\r\n')}`;
    const again = merged(SEED_BANK, crlf).merged;
    expect(again).toEqual(bank);
    const bytes = new TextEncoder().encode(crlf);
    expect(mergeBank(parseBankBytes(SEED_BANK, bytes).questions)).toEqual(bank);
  });
});

describe('the review notes seed (004)', () => {
  const { parsed } = merged(SEED_NOTES);

  it('yields the highlighted and question-like items with their answers', () => {
    expect(parsed.format).toBe('notes');
    expect(parsed.errors).toEqual([]);
    expect(parsed.questions.map((q) => q.text.title)).toEqual([
      'Elastic Cahce 용도는?',
      'Bastion 에서 각 서비스 접속은 왜?',
      'WAF 설정은 어떻게?(MSP가 WAF 규칙 관리 해주냐?)',
      'MGN을 추천하시는 건지, 안 하신다는 건지 판단이 잘 서지 않는다.',
      '스토리지, 서버의 마이그레이션 비용은 어떻게 되는지?',
      'Mysql 이관 절차는?',
      'CloudFront에서 제공하는 동적 웹 콘텐츠란 무엇인가요?',
      '여러개의 엔드포인트를 제공하는 서비스는?',
      'aurora write/reader 엔드포인트를 어떻게 사용해야 하는지? 하나의 엔드포인트로 통해서 사용할 수 있는지?',
      'dev, ops 권한에 따라서 SSM 접근하면 서버 내에서 권한 제어가 되는 것인지',
      'endpoints 를 사용해야하는지?',
      'Code Commit의 사용자 권한 관리 방법은?',
    ]);
  });

  it('keeps the answer text without Obsidian tags, and skips to-do items', () => {
    const first = parsed.questions[0]?.text;
    expect(first?.definition).toMatch(/^유저가 ALB를 통해 웹사이트에 접속하였을 때/);
    expect(first?.definition).toContain('최대 7일까지 가능');
    expect(first?.definition).not.toContain('#세션불일치');
    expect(first?.categories).toEqual(['리뷰 노트']);
    expect(parsed.questions.at(-1)?.text.definition).toBe('IAM user를 기반으로 한 접근 제한');
    expect(parsed.questions.some((q) => q.text.title.includes('WBS'))).toBe(false);
    expect(parsed.questions.every((q) => q.line > 0)).toBe(true);
  });
});
