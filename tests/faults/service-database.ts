import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/core/ports.js';
import { DEFAULT_SCHEDULE, type Platform, type Schedule } from '../../src/core/types.js';
import { type Database, openDatabase } from '../../src/db/open-database.js';
import { createStore } from '../../src/db/store.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * The database a whole-process fault test gives its service: this file's own PostgreSQL database
 * when DATABASE_URL is set, else a PGlite data directory. PGlite admits one process at a time,
 * so the test reads and writes it only while no service runs (before starting, after stopping).
 */
export class ServiceDatabase {
  private constructor(
    private readonly pg: TestDatabase | null,
    private readonly dir: string | null,
  ) {}

  static async open(): Promise<ServiceDatabase> {
    if (process.env.DATABASE_URL) return new ServiceDatabase(await openTestDatabase(), null);
    return new ServiceDatabase(null, mkdtempSync(join(tmpdir(), 'sa-quiz-fault-')));
  }

  get engine(): 'postgres' | 'pglite' {
    return this.pg ? 'postgres' : 'pglite';
  }

  /** What the service process is started with. */
  settings(): { databaseUrl: string } | { dataDir: string } {
    if (this.pg?.url) return { databaseUrl: this.pg.url };
    return { dataDir: join(this.dir ?? '', 'data') };
  }

  /** Runs `work` on the database (on PGlite: opened for the call, closed after). */
  async use<T>(work: (store: Store, database: Database) => Promise<T>): Promise<T> {
    if (this.pg) return work(this.pg.store, this.pg.database);
    const database = await openDatabase({ dataDir: join(this.dir ?? '', 'data') });
    try {
      return await work(createStore(database.db), database);
    } finally {
      await database.close();
    }
  }

  /** Empties every table (PostgreSQL), or starts from a new data directory (PGlite). */
  async reset(): Promise<void> {
    if (this.pg) await this.pg.reset();
    else if (this.dir) rmSync(join(this.dir, 'data'), { recursive: true, force: true });
  }

  /** Subscribes channels of one workspace, as an admin's `/sa-admin subscribe` would. */
  async subscribe(
    platform: Platform,
    workspace: { id: string; name: string },
    channels: readonly { id: string; name: string; schedule?: Partial<Schedule> }[],
    admin: string,
  ): Promise<void> {
    await this.use(async (store) => {
      const ws = await store.ensureWorkspace(platform, workspace.id, workspace.name);
      for (const spec of channels) {
        const channel = await store.ensureChannel(ws, spec.id, spec.name);
        await store.updateChannel(channel.id, {
          subscribed: true,
          subscribedBy: admin,
          schedule: { ...DEFAULT_SCHEDULE, ...spec.schedule },
        });
      }
    });
  }

  async close(): Promise<void> {
    await this.pg?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
