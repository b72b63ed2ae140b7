import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { projectPath } from '../paths.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, safe to log (no password). */
  readonly description: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://... — when absent, embedded PGlite is used. */
  readonly url?: string | undefined;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  readonly dataDir?: string | undefined;
  /** Apply migrations while opening (default true). */
  readonly migrate?: boolean;
  readonly poolSize?: number;
}

export const MIGRATIONS_DIR = projectPath('migrations');

/** Constant for pg_advisory_lock: one migrator at a time across processes. */
const MIGRATION_LOCK = 727_2026;

/** The database could not be reached or opened; the message names what and why, without secrets. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'PostgreSQL (unparseable DATABASE_URL)';
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(reason).join('; ');
  if (error instanceof Error) return (error as Error & { code?: string }).code ?? error.message;
  return String(error);
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir ?? './data', options);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const description = describeUrl(url);
  if (options.migrate !== false) {
    // A dedicated single connection holds the advisory lock for the whole migration.
    const lockClient = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await lockClient`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: MIGRATIONS_DIR });
      await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    } catch (error) {
      throw new DatabaseUnavailableError(`cannot open ${description}: ${reason(error)}`, { cause: error });
    } finally {
      await lockClient.end({ timeout: 5 });
    }
  }
  const client = postgres(url, {
    max: options.poolSize ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    // A query that hangs must not hold a Slack delivery (3 s) or a tick for ever.
    // No JIT: it compiles for seconds whenever a short query's plan looks expensive (the
    // leaderboard at a million answers took 2.3 s of JIT for 0.6 s of work).
    connection: { statement_timeout: 10_000, jit: 'off' },
    // Reconnect within a second or two after an outage (the default backs off to 20 s).
    backoff: (attempt: number) => Math.min(0.25 * 2 ** attempt, 2),
  });
  const db = drizzlePostgres(preparing(client), { schema }) as unknown as Db;
  return { db, kind: 'postgres', description, close: () => client.end({ timeout: 5 }) };
}

type Sql = postgres.Sql;

/**
 * The client with every query prepared. drizzle hands postgres.js `prepare: false` unless a
 * query is built with `.prepare()`, and postgres.js then asks the server for the parameter types
 * before each parameterized query: two round trips per query, and none pipelined. A prepared
 * statement is described once per connection and then costs one round trip. The statement text
 * is the cache key, so the cache holds one entry per query shape the code builds (connections are
 * renewed every 30 to 60 minutes, which empties it).
 */
function preparing(sql: Sql): Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe')
        return (query: string, params?: never[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      if (prop === 'begin' || prop === 'savepoint') {
        const open = Reflect.get(target, prop, receiver) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: Sql) => unknown;
          return open(...args, (tx: Sql) => work(preparing(tx)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** PGlite allows one process per data directory; two would silently diverge, so a lock file guards it. */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'sa-quiz.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DatabaseUnavailableError(
          `the data directory ${dataDir} is in use by process ${pid}; stop it or set DATA_DIR to another directory`,
        );
      }
      rmSync(lockPath, { force: true }); // left behind by a process that died
    }
  }
  throw new DatabaseUnavailableError(`cannot lock the data directory ${dataDir}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPglite(dataDir: string, options: DatabaseOptions): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    // Loaded only when used: a process on PostgreSQL never holds PGlite's WebAssembly build.
    const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const client = new PGlite(inMemory ? undefined : dataDir);
    await client.waitReady;
    const db = drizzlePglite(client, { schema });
    if (options.migrate !== false) await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
    return {
      db: db as unknown as Db,
      kind: 'pglite',
      description: inMemory ? 'PGlite in memory' : `PGlite in ${dataDir}`,
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new DatabaseUnavailableError(`cannot open PGlite in ${dataDir}: ${reason(error)}`, {
      cause: error,
    });
  }
}

/** Applies migrations only (the `sa-quiz migrate` command). */
export async function migrateDatabase(options: DatabaseOptions): Promise<string> {
  const database = await openDatabase({ ...options, migrate: true });
  await database.close();
  return database.description;
}

/** Runs a trivial query; throws when the database is gone. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
