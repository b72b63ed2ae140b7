import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TcpProxy } from '../faults/tcp-proxy.js';
import { runCli } from '../helpers/cli.js';
import { openTestDatabase } from '../helpers/database.js';

/**
 * The CLI and a database that goes away: it never hangs, it says in one line what happened and
 * what did not, it exits with code 3 (not 1, which means "the bank has errors"), and a refused or
 * cut-short import leaves no trace, not even the workspace it named.
 */

const dir = mkdtempSync(join(tmpdir(), 'sa-quiz-cli-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BANK = join(dir, 'bank.json');
writeFileSync(
  BANK,
  JSON.stringify([
    {
      id: 'cli-cut-test',
      title: '잘린 가져오기란?',
      definition: '연결이 끊겨도 아무것도 남지 않는다.',
      benefits: ['하나의 트랜잭션'],
      risks: ['없음'],
    },
  ]),
);
const BAD_BANK = join(dir, 'bad.json');
writeFileSync(BAD_BANK, '[{"title": ""}]');

const base = { SLACK_BOT_TOKEN: undefined, DISCORD_TOKEN: undefined, DATA_DIR: join(dir, 'data') };

describe('a CLI import that fails', () => {
  it('creates no workspace row for the workspace it named', async () => {
    const db = await openTestDatabase();
    try {
      const env = db.url ? { ...base, DATABASE_URL: db.url } : { ...base, DATABASE_URL: undefined };
      const refused = await runCli(['bank', 'import', BAD_BANK, '--workspace', 'slack:TNEW'], { env });
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toContain('nothing imported');
      const listed = await runCli(['bank', 'list', '--workspace', 'slack:TNEW'], { env });
      expect(listed.code).toBe(2);
      expect(listed.stderr.trim()).toBe('sa-quiz: no workspace slack:TNEW in this database');
      const imported = await runCli(['bank', 'import', BANK, '--workspace', 'slack:TNEW'], { env });
      expect(imported.code, imported.stderr).toBe(0);
      expect((await runCli(['bank', 'list', '--workspace', 'slack:TNEW'], { env })).stdout).toContain(
        'cli-cut-test',
      );
    } finally {
      await db.close();
      rmSync(base.DATA_DIR, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('the CLI and a PostgreSQL that stops answering', () => {
  it('gives up on a server that accepts connections and never answers, within its timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const result = await runCli(['bank', 'list'], {
        env: {
          ...base,
          DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`,
          SA_QUIZ_DB_TIMEOUT_MS: '1500',
        },
      });
      expect(result.code).toBe(3);
      expect(result.stderr.trim()).toBe(
        'sa-quiz: the database (PostgreSQL) did not answer within 1.5 s; nothing was changed',
      );
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  for (const action of ['freeze', 'reset'] as const) {
    it(`${action === 'freeze' ? 'stops waiting on' : 'reports'} a connection ${action === 'freeze' ? 'frozen' : 'killed'} in the middle of an import, and imports nothing`, async () => {
      const db = await openTestDatabase();
      const target = new URL(db.url ?? '');
      const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || '5432') });
      try {
        const viaProxy = new URL(db.url ?? '');
        viaProxy.hostname = '127.0.0.1';
        viaProxy.port = String(proxy.port);
        proxy.tripOn('insert into "questions"', action);
        const result = await runCli(['bank', 'import', BANK, '--workspace', 'slack:TCUT'], {
          env: { ...base, DATABASE_URL: viaProxy.toString(), SA_QUIZ_DB_TIMEOUT_MS: '3000' },
        });
        expect(proxy.tripped).toBe(true);
        expect(result.code, result.stderr).toBe(3);
        const line = result.stderr.trim();
        expect(line.split('\n')).toHaveLength(1);
        expect(line).toMatch(
          action === 'freeze'
            ? /^sa-quiz: the database \(PostgreSQL\) did not answer within 3 s; nothing was imported \(an import is one transaction\)$/
            : /^sa-quiz: lost the connection to PostgreSQL at 127\.0\.0\.1:\d+\/\w+ \([A-Z_]+\); nothing was imported \(an import is one transaction\)$/,
        );
        await proxy.close();
        // PostgreSQL rolled the transaction back: no question, and no workspace row either.
        const env = { ...base, DATABASE_URL: db.url };
        expect((await runCli(['bank', 'list', '--workspace', 'slack:TCUT'], { env })).stderr).toContain(
          'no workspace slack:TCUT',
        );
        expect(
          await db.database.db.query.questions.findMany({ where: (q, { eq }) => eq(q.key, 'cli-cut-test') }),
        ).toEqual([]);
      } finally {
        await proxy.close();
        await db.close();
      }
    });
  }
});
