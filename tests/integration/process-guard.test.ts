import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';

const CANARY = 'CANARY-7f3a-answer-text';

describe('errors nobody caught', () => {
  it('are logged once each, without their parameters, and the process carries on', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', projectPath('tests/helpers/guarded-child.ts'), CANARY],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    const lines = child.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('alive after 2 caught errors');
    const logged = lines.slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => [l.kind, l.errorName, l.msg])).toEqual([
      ['uncaughtException', 'TypeError', 'an unexpected error was caught; carrying on'],
      ['unhandledRejection', 'Error', 'an unexpected error was caught; carrying on'],
    ]);
    expect(logged[1]?.err).toBe('Failed query: insert into "answers" values ($1)\nparams: [redacted]');
    expect(child.stdout + child.stderr).not.toContain(CANARY);
  });
});
