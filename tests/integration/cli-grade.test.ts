import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'sa-quiz-grade-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh PGlite data directory (the bundled bank is loaded on first use) and no LLM. */
const env = {
  DATA_DIR: join(root, 'data'),
  DATABASE_URL: undefined,
  SA_QUIZ_GRADER: undefined,
  SLACK_BOT_TOKEN: undefined,
  DISCORD_TOKEN: undefined,
};

function jsonl(...lines: (object | string)[]): string {
  const file = join(root, `in-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return file;
}

interface Line {
  question?: string;
  score?: number;
  covered?: string[];
  missed?: string[];
  error?: string;
}

describe('sa-quiz grade FILE.jsonl --json (the contract other tools use)', () => {
  it('prints one object per input line, in order, graded against the bundled bank', async () => {
    const file = jsonl(
      {
        question: 'sqs',
        answer:
          'SQS는 완전관리형 메시지 큐라서 생산자와 소비자를 느슨하게 결합하고, 표준 큐는 최소 한 번 전달이라 중복이 올 수 있어 멱등 처리가 필요합니다. FIFO 큐는 순서를 보장하고 실패한 메시지는 DLQ로 보냅니다.',
      },
      { question: 'SQS란?', answer: '모르겠어요' },
      { question: 'no-such-question', answer: 'anything' },
      'not json at all',
      { question: 'sqs' },
      '',
      {
        question: 'Amazon SQS',
        answer: 'A managed message queue; standard queues are at-least-once so consumers must be idempotent.',
      },
    );
    const result = await runCli(['grade', file, '--json'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(6);
    const [strong, blank, unknown, garbage, noAnswer, english] = lines;
    expect(strong).toMatchObject({ question: 'sqs' });
    expect(Object.keys(strong ?? {})).toEqual(['question', 'score', 'covered', 'missed']);
    expect(strong?.score).toBeGreaterThanOrEqual(0.6);
    expect((strong?.covered?.length ?? 0) + (strong?.missed?.length ?? 0)).toBeGreaterThanOrEqual(3);
    expect(strong?.covered?.every((c) => /[가-힣]/.test(c))).toBe(true);
    expect(blank).toEqual({ question: 'sqs', score: 0, covered: [], missed: expect.any(Array) });
    expect(unknown).toMatchObject({ question: 'no-such-question', error: 'unknown question' });
    expect(garbage?.error).toBe('not a JSON object');
    expect(noAnswer).toMatchObject({ question: 'sqs', error: 'needs "question" and "answer" strings' });
    // Found by title; an English answer gets the English key points.
    expect(english).toMatchObject({ question: 'sqs' });
    expect(english?.score).toBeGreaterThan(0);
    expect(english?.covered?.every((c) => !/[가-힣]/.test(c))).toBe(true);
  });

  it('prints a line per answer for people, and refuses a missing file in one line', async () => {
    const human = await runCli(['grade', jsonl({ question: 'sqs', answer: 'FIFO 큐는 순서를 보장합니다' })], {
      env,
    });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^sqs {2}0\.\d\d {2}✔ .+ {2}✗ .+\n$/);
    const missing = await runCli(['grade', join(root, 'nope.jsonl'), '--json'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`sa-quiz: cannot read ${join(root, 'nope.jsonl')} (ENOENT)\n`);
  });
});
