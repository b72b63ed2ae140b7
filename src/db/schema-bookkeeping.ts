import { integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Tables of the service's own bookkeeping, holding no workspace's data (a purge leaves them;
 * tests/integration/uninstall-purge.test.ts). Re-exported by schema.ts, drizzle-kit's schema.
 */

/** Platform event ids already handled, so retries and duplicates are processed once. */
export const processedEvents = pgTable(
  'processed_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] })],
);

/**
 * The bundled bank the global library was last loaded from (one row): the fingerprint of its
 * files and of the program that parsed them, how many bundled questions the load left and the
 * library's latest write then. A start that finds all three unchanged skips reading and parsing
 * the bank (src/bundled-bank.ts).
 */
export const bundledBank = pgTable('bundled_bank', {
  id: smallint('id').primaryKey().default(1),
  fingerprint: text('fingerprint').notNull(),
  questions: integer('questions').notNull(),
  /** The latest `updated_at` of the global library's questions, any source, after the load. */
  libraryUpdatedAt: timestamp('library_updated_at', { withTimezone: true }),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});
