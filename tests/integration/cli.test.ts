import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundledBank } from '../../src/bundled-bank.js';
import { openDatabase } from '../../src/db/open-database.js';
import { runCli } from '../helpers/cli.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const SEED = join(fixtures, '000_0d73c490451cfe6f.txt');
const BUNDLED = (await readBundledBank()).length;
const NOTES = join(fixtures, '004_5d4b4333977bc77e.txt');
const dirs: string[] = [];
/** A fresh PGlite data directory, and no DATABASE_URL, so each CLI run here is hermetic. */
function isolated(): Record<string, string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'sa-quiz-cli-'));
  dirs.push(dir);
  return {
    DATA_DIR: join(dir, 'data'),
    DATABASE_URL: undefined,
    SLACK_BOT_TOKEN: undefined,
    DISCORD_TOKEN: undefined,
  };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('sa-quiz bank lint (the contract other tools use)', () => {
  it('reports the seed bank as 32 questions, 7 duplicates merged, 9 complete', async () => {
    const result = await runCli(['bank', 'lint', SEED, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      questions: {
        title: string;
        categories: string[];
        definition: string;
        benefits: string[];
        risks: string[];
        complete: boolean;
      }[];
      duplicatesMerged: number;
      errors: unknown[];
    };
    expect(report.questions).toHaveLength(32);
    expect(report.duplicatesMerged).toBe(7);
    expect(report.questions.filter((q) => q.complete)).toHaveLength(9);
    expect(report.errors).toEqual([]);
    expect(Object.keys(report.questions[0] ?? {})).toEqual(
      expect.arrayContaining(['title', 'categories', 'definition', 'benefits', 'risks', 'complete']),
    );
  });

  it('reads the review notes and exits 1 with located errors for a bad file', async () => {
    const notes = await runCli(['bank', 'lint', NOTES]);
    expect(notes.stdout).toContain('12 questions (0 complete, 12 incomplete), 0 duplicates merged, 0 errors');
    const dir = mkdtempSync(join(tmpdir(), 'sa-quiz-lint-'));
    dirs.push(dir);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "questions": [\n    { "title": "x", }\n  ]\n}\n');
    const result = await runCli(['bank', 'lint', bad, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).errors).toMatchObject([{ file: bad, line: 3, code: 'invalid_json' }]);
    const missing = await runCli(['bank', 'lint', join(dir, 'nope.md')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });
});

describe('sa-quiz bank lint and key points', () => {
  /** A complete block; the language of a file is told from its text, so `body` is in that language. */
  const block = (id: string, title: string, body: string, points: string[]): string =>
    [
      `<details id="${id}">`,
      `<summary>${title}</summary>`,
      '',
      `- ${title} ${body}`,
      '- Benefits',
      `    - ${body}`,
      '- Risks',
      `    - ${body}`,
      ...(points.length > 0 ? ['- Key points', ...points] : []),
      '</details>',
      '',
    ].join('\n');

  it('counts key points, names the questions without them and warns on a count that differs by language', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sa-quiz-lint-kp-'));
    dirs.push(dir);
    const ko = join(dir, 'ko.md');
    const en = join(dir, 'en.md');
    writeFileSync(
      ko,
      [
        block('sg', '보안 그룹이란?', '인스턴스 단위의 상태 저장 가상 방화벽이다', [
          '    - 상태 저장',
          '        - 용어: 상태 저장, stateful',
          '    - 허용만',
        ]),
        block('nacl', 'NACL이란?', '서브넷 단위의 상태 비저장 방화벽이다', []),
      ].join('\n'),
    );
    writeFileSync(
      en,
      [
        block('sg', 'What is a security group?', 'a stateful firewall', [
          '    - Stateful',
          '        - Terms: stateful',
        ]),
        block('nacl', 'What is a NACL?', 'a stateless firewall', []),
      ].join('\n'),
    );
    const json = await runCli(['bank', 'lint', ko, en, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.errors).toEqual([]);
    expect(report.questions.map((q: { id: string; keyPoints: number }) => [q.id, q.keyPoints])).toEqual([
      ['sg', 2],
      ['nacl', 0],
    ]);
    expect(report.withoutKeyPoints).toEqual(['NACL이란?']);
    expect(report.warnings.map((w: { code: string }) => w.code)).toEqual([
      'key_point_without_terms',
      'key_points_differ',
    ]);
    const human = await runCli(['bank', 'lint', ko, en]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('1 of 2 questions have no key points (not graded):\n  NACL이란?\n');
    expect(human.stdout).toContain(`${ko}:1: warning: key point 2 of "보안 그룹이란?" has no terms`);
    expect(human.stdout).toContain(
      'warning: key points differ by language for "보안 그룹이란?" (ko 2, en 1)',
    );
  });
});

describe('sa-quiz bank import / export / list', () => {
  it('imports the seeds over the bundled bank without duplicates and exports a file that reads back', async () => {
    const env = isolated();
    const imported = await runCli(['bank', 'import', SEED, NOTES], { env });
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(
      /^imported: 12 new, \d+ updated, \d+ unchanged, 7 duplicates merged, 12 incomplete/,
    );
    const list = await runCli(['bank', 'list'], { env });
    expect(list.stdout).toContain(`${BUNDLED + 12} questions (${BUNDLED} complete)`);
    const out = join(env.DATA_DIR!, '..', 'export.json');
    expect((await runCli(['bank', 'export', '--format', 'json', '--out', out], { env })).code).toBe(0);
    const lint = await runCli(['bank', 'lint', out, '--json']);
    expect(JSON.parse(lint.stdout).questions).toHaveLength(BUNDLED + 12);
    const again = await runCli(['bank', 'import', out], { env });
    expect(again.stdout).toContain(`imported: 0 new, 0 updated, ${BUNDLED + 12} unchanged`);
  });

  it('writes nothing when a file is malformed', async () => {
    const env = isolated();
    const bad = join(env.DATA_DIR!, '..', 'bad.csv');
    writeFileSync(bad, 'title,colour\nx,red\n');
    const result = await runCli(['bank', 'import', NOTES, bad], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.csv:1 unknown column: colour');
    expect(result.stderr).toContain('nothing imported');
    expect((await runCli(['bank', 'list'], { env })).stdout).toContain(
      `${BUNDLED} questions (${BUNDLED} complete)`,
    );
  });
});

/** Monday 2026-11-23, 08:00 in Seoul: before the day's 09:00 post, with its 18:00 deadline ahead. */
const MONDAY_MORNING = '2026-11-22T23:00:00.000Z';

/** A console clock file (SA_QUIZ_CLOCK_FILE) holding `at`, in the run's own directory. */
function consoleClock(env: Record<string, string | undefined>, at: string): string {
  const file = join(env.DATA_DIR!, '..', 'now');
  writeFileSync(file, at);
  return file;
}

const FAKE_TIME = join(import.meta.dirname, '..', 'helpers', 'fake-system-time.mjs');
const DAY_SCRIPT = [
  '/sa-admin post-now',
  'alice: 답입니다',
  'bob: 저도요',
  '/clock +10h',
  '/sa-leaderboard',
  '/quit',
].join('\n');

/** A console day played from Monday 08:00: post, two answers, the 18:00 reveal, the leaderboard. */
async function playConsoleDay(extraEnv: Record<string, string | undefined> = {}) {
  const env = isolated();
  const result = await runCli(['start'], {
    env: { ...env, SA_QUIZ_CLOCK_FILE: consoleClock(env, MONDAY_MORNING), ...extraEnv },
    input: DAY_SCRIPT,
  });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain('sa-quiz console');
  expect(result.stdout).toContain('질문을 지금 게시했습니다');
  expect(result.stdout).toContain('마감: 2026-11-23 18:00 (Asia/Seoul)');
  expect(result.stdout).toContain('[제시간에 답한 사람 (2명)]');
  expect(result.stdout).toContain('리더보드');
  return result;
}

describe('starting up', () => {
  it('npm start with no tokens opens the console channel and plays a question to its reveal', async () => {
    await playConsoleDay();
  });

  // The console read the wall clock once and failed from 15:00 to 23:00 UTC. Whatever the system
  // clock says, the day plays out the same: 03:00 UTC on a Monday, 12:00 on a Wednesday (Seoul's
  // evening) and 21:00 on a Saturday (Seoul's Sunday morning).
  it.each(['2026-11-23T03:00:00Z', '2026-11-25T12:00:00Z', '2026-11-28T21:00:00Z'])(
    'plays the same console day when the system clock reads %s',
    async (systemTime) => {
      const result = await playConsoleDay({
        NODE_OPTIONS: `--import ${FAKE_TIME}`,
        SA_QUIZ_FAKE_SYSTEM_TIME: systemTime,
        SA_QUIZ_FAKE_SYSTEM_OFFSET_MS: undefined,
      });
      expect(result.stdout).not.toContain('이미 진행 중인 질문이 있습니다');
    },
  );

  it('explains in one line when the database cannot be reached or the config is wrong', async () => {
    const unreachable = await runCli(['bank', 'list'], {
      env: { ...isolated(), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
    });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr.trim()).toBe(
      'sa-quiz: cannot open PostgreSQL at 127.0.0.1:1/nowhere: ECONNREFUSED',
    );
    const badUrl = await runCli(['bank', 'list'], { env: { ...isolated(), DATABASE_URL: 'mysql://x' } });
    expect(badUrl.stderr.trim()).toBe(
      'sa-quiz: invalid configuration: DATABASE_URL must start with postgres://',
    );
    const unknown = await runCli(['fly']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "fly"');
  });

  it('refuses to open a PGlite data directory another process holds', async () => {
    const env = isolated();
    const held = await openDatabase({ dataDir: env.DATA_DIR });
    try {
      const result = await runCli(['bank', 'list'], { env });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`is in use by process ${process.pid}`);
    } finally {
      await held.close();
    }
    expect(readFileSync(join(env.DATA_DIR!, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
    expect((await runCli(['bank', 'list'], { env })).code).toBe(0);
  });
});
