import { syncBundledBank } from './bundled-bank.js';
import type { Config } from './config.js';
import type { Store } from './core/ports.js';
import { type Database, DatabaseUnavailableError, openDatabase } from './db/open-database.js';
import { createStore } from './db/store.js';

/**
 * The database for one CLI command. A command never waits for ever: the whole of it (open,
 * migrate, work, close) has `config.dbTimeoutMs`, after which it ends with one line saying what
 * did and did not happen. A connection lost half-way says so too, instead of a stack trace.
 */

// postgres.js and Node codes for a connection that is gone or never came, and PostgreSQL's
// "connection exception" and "operator intervention" classes (a server shut down or a killed backend).
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

function connectionCode(error: unknown, depth = 0): string | null {
  if (!(error instanceof Error) || depth > 4) return null;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^(08|57)/.test(code))) return code;
  return connectionCode((error as Error & { cause?: unknown }).cause, depth + 1);
}

export interface StoreWork {
  /** What the command leaves behind when it is cut short, e.g. "nothing was imported". */
  readonly ifCutShort: string;
}

function deadlineOf(config: Config, ifCutShort: string): { deadline: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const seconds = Math.round(config.dbTimeoutMs / 100) / 10;
  const where = config.databaseUrl ? 'PostgreSQL' : 'PGlite';
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DatabaseUnavailableError(
            `the database (${where}) did not answer within ${seconds} s; ${ifCutShort}`,
          ),
        ),
      config.dbTimeoutMs,
    );
  });
  return { deadline, clear: () => clearTimeout(timer) };
}

function asConnectionLoss(error: unknown, where: string, ifCutShort: string): unknown {
  const code = connectionCode(error);
  if (code === null || error instanceof DatabaseUnavailableError) return error;
  return new DatabaseUnavailableError(`lost the connection to ${where} (${code}); ${ifCutShort}`, {
    cause: error,
  });
}

/** `work` (e.g. migrations) within the command's deadline. */
export async function withDeadline<T>(config: Config, work: Promise<T>, ifCutShort: string): Promise<T> {
  const { deadline, clear } = deadlineOf(config, ifCutShort);
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    throw asConnectionLoss(error, config.databaseUrl ? 'PostgreSQL' : 'PGlite', ifCutShort);
  } finally {
    clear();
  }
}

export async function withCliStore<T>(
  config: Config,
  work: (store: Store) => Promise<T>,
  options: StoreWork,
): Promise<T> {
  const { deadline, clear } = deadlineOf(config, options.ifCutShort);
  let database: Database | null = null;
  try {
    database = await Promise.race([
      openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }),
      deadline,
    ]);
    const store = createStore(database.db);
    return await Promise.race([
      (async () => {
        await syncBundledBank(store);
        return work(store);
      })(),
      deadline,
    ]);
  } catch (error) {
    throw asConnectionLoss(
      error,
      database?.description ?? (config.databaseUrl ? 'PostgreSQL' : 'PGlite'),
      options.ifCutShort,
    );
  } finally {
    clear();
    // A database that stopped answering may not answer a goodbye either.
    if (database) await Promise.race([database.close(), new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}
