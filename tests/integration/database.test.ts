import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, openDatabase } from '../../src/db/open-database.js';
import * as schema from '../../src/db/schema.js';
import { createStore } from '../../src/db/store.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-quiz-db-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('PGlite data directory', () => {
  it('lets one process in, keeps the data, and replaces a lock left by a dead process', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await openDatabase({ dataDir });
    await createStore(first.db).ensureWorkspace('console', 'local', 'local');
    await expect(openDatabase({ dataDir })).rejects.toThrow(DatabaseUnavailableError);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by process \d+; stop it or set DATA_DIR/);
    await first.close();

    writeFileSync(join(dataDir, 'sa-quiz.lock'), '999999999'); // no such process
    const reopened = await openDatabase({ dataDir });
    expect(await createStore(reopened.db).findChannel('console', 'local', 'general')).toBeNull();
    const workspace = await createStore(reopened.db).ensureWorkspace('console', 'local', 'again');
    expect(workspace.name).toBe('local'); // the row written before the restart is still there
    await reopened.close();
  });
});

describe.runIf(process.env.DATABASE_URL)('PostgreSQL', () => {
  it('migrates a fresh database from several processes at once without tripping over each other', async () => {
    const base = process.env.DATABASE_URL as string;
    const name = `saquiz_migrate_${process.pid}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    try {
      const opened = await Promise.all(
        [1, 2, 3, 4].map(() => openDatabase({ url: url.toString(), poolSize: 2 })),
      );
      const tables = await opened[0]!.db.execute<{ count: number }>(
        "select count(*)::int as count from information_schema.tables where table_schema = 'public'",
      );
      // Every table of the schema, once (migrations run once however many processes start).
      const declared = Object.values(schema).filter((t) => is(t, PgTable)).length;
      expect(JSON.stringify(tables)).toContain(`"count":${declared}`);
      await Promise.all(opened.map((d) => d.close()));
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it('names the server and the reason when PostgreSQL cannot be reached', async () => {
    await expect(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/x' })).rejects.toThrow(
      'cannot open PostgreSQL at 127.0.0.1:1/x: ECONNREFUSED',
    );
  });
});
