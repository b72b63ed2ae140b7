import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { syncBundledBank } from '../../src/bundled-bank.js';
import type { Store } from '../../src/core/ports.js';
import { type Database, openDatabase } from '../../src/db/open-database.js';
import { createStore } from '../../src/db/store.js';

export interface TestDatabase {
  readonly database: Database;
  readonly store: Store;
  /** The URL of this file's own PostgreSQL database, or undefined on PGlite. */
  readonly url: string | undefined;
  /** Empties every table between tests (much cheaper than a new database). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const TABLES = [
  'answers',
  'channel_incidents',
  'rounds',
  'streaks',
  'practice_reviews',
  'practice_cards',
  'bank_uploads',
  'audit_log',
  'processed_events',
  'questions',
  'channels',
  'workspaces',
  'slack_installations',
  'bundled_bank',
];

/**
 * A real database for one test file: in-memory PGlite by default; when DATABASE_URL is set, a
 * fresh PostgreSQL database created for this file and dropped afterwards.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.DATABASE_URL;
  let url: string | undefined;
  let dropDatabase = async (): Promise<void> => {};
  if (baseUrl) {
    const name = `saquiz_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const u = new URL(baseUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDatabase = async () => {
      const cleanup = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    };
  }
  const database = await openDatabase(url ? { url, poolSize: 4 } : { dataDir: 'memory://' });
  return {
    database,
    store: createStore(database.db),
    url,
    reset: async () => {
      await database.db.execute(sql.raw(`truncate ${TABLES.join(', ')} restart identity cascade`));
    },
    close: async () => {
      await database.close();
      await dropDatabase();
    },
  };
}

/**
 * Registers the usual hooks for a test file: one database for the file, emptied before each test
 * (and loaded with the bundled bank when asked). Read `.current` inside tests.
 */
export function useTestDatabase(options: { bundledBank?: boolean } = {}): { readonly current: TestDatabase } {
  let tdb: TestDatabase | undefined;
  beforeAll(async () => {
    tdb = await openTestDatabase();
  });
  afterAll(async () => {
    await tdb?.close();
  });
  beforeEach(async () => {
    await tdb?.reset();
    if (options.bundledBank && tdb) await syncBundledBank(tdb.store);
  });
  return {
    get current(): TestDatabase {
      if (!tdb) throw new Error('the test database is opened in beforeAll');
      return tdb;
    },
  };
}
