import { getTableColumns, type SQL, sql, type Table } from 'drizzle-orm';

/**
 * A row that PostgreSQL handed over as `to_jsonb(t)` (snake_case keys, timestamps as ISO text),
 * read into the shape drizzle's own selects give (`$inferSelect`) by each column's own mapping.
 * For statements drizzle's builders cannot express (an INSERT in a CTE returning the rows it
 * joined) without mapping any column by hand.
 */
export function fromJsonRow<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

/**
 * `rows` as a set of records in SQL (`jsonb_to_recordset(…) as x(<columns>)`), sent as one
 * parameter: a set-based write of thousands of rows binds one value instead of thousands, and
 * needs no chunking below PostgreSQL's 65,535 parameters.
 */
export function jsonRecords(rows: readonly Record<string, unknown>[], columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${sql.raw(columns)})`;
}
