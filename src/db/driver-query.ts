import type { Db } from './open-database.js';

/** The rows of `db.execute`: postgres.js returns them, PGlite an object holding them. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A statement sent as fixed text and parameters ($1, $2…) to the driver under drizzle, on the
 * same connection or transaction `db` uses. For the hottest statements: drizzle builds its SQL
 * again on every call (about a tenth of an answer's CPU at 09:00), and a fixed text is also the
 * prepared statement's cache key. Rows come back as drizzle's own driver hands them (timestamps
 * as text), so its column mappings read them (`fromPrefixedRow`).
 */
export interface DriverQuery {
  <T>(text: string, params: readonly unknown[]): Promise<T[]>;
  /** Which driver sends it, for a statement worth writing differently for each. */
  readonly driver: 'postgres' | 'pglite';
}

interface PostgresJsClient {
  unsafe(text: string, params: unknown[], options: { prepare: boolean }): Promise<unknown[]>;
}

interface PgliteClient {
  query(
    text: string,
    params: unknown[],
    options?: { parsers: Record<number, (value: string) => unknown> },
  ): Promise<{ rows: unknown[] }>;
}

const asText = (value: string): string => value;

/**
 * The type parsers drizzle's PGlite session uses (drizzle-orm/pglite/session.js): timestamps,
 * dates and intervals stay text. By OID, so that a process on PostgreSQL never loads PGlite.
 */
const PGLITE_PARSERS: Record<number, (value: string) => unknown> = {
  1114: asText, // timestamp
  1184: asText, // timestamptz
  1186: asText, // interval
  1082: asText, // date
  1231: asText, // numeric[]
  1115: asText, // timestamp[]
  1185: asText, // timestamptz[]
  1187: asText, // interval[]
  1182: asText, // date[]
};

/**
 * `rowsHoldDates: false` for statements whose rows have no timestamp, date or interval column:
 * PGlite then parses with its defaults, which costs a fifth less per call than with a parser table.
 */
export function driverQuery(db: Db, options: { readonly rowsHoldDates?: boolean } = {}): DriverQuery {
  const parsers = options.rowsHoldDates === false ? undefined : { parsers: PGLITE_PARSERS };
  // Both drizzle sessions (postgres-js and PGlite, top level or in a transaction) keep the
  // driver's handle as `client`.
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  if (typeof (client as Partial<PostgresJsClient>).unsafe === 'function') {
    const sql = client as PostgresJsClient;
    const query = async <T>(text: string, params: readonly unknown[]) =>
      (await sql.unsafe(text, [...params], { prepare: true })) as T[];
    return Object.assign(query, { driver: 'postgres' as const });
  }
  if (typeof (client as Partial<PgliteClient>).query === 'function') {
    const pg = client as PgliteClient;
    const query = async <T>(text: string, params: readonly unknown[]) =>
      (await pg.query(text, [...params], parsers)).rows as T[];
    return Object.assign(query, { driver: 'pglite' as const });
  }
  throw new Error('driverQuery: unknown drizzle session (neither postgres.js nor PGlite)');
}
