import postgres from 'postgres';
import type { Store } from '../../src/core/ports.js';
import { DEFAULT_SCHEDULE, type Schedule } from '../../src/core/types.js';
import { TEAM_DOMAIN, TEAM_ID } from '../fakes/slack-api.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * The PostgreSQL database of one fault-test file: created fresh (and dropped afterwards) by the
 * shared test helper, with the Store to set channels up the way an admin's `/sa-admin subscribe`
 * would, and plain SQL to read what the service processes wrote.
 */

export interface RoundRow {
  readonly id: number;
  /** The Slack channel id. */
  readonly channel: string;
  readonly kind: string;
  readonly localDate: string;
  readonly status: string;
  readonly postAt: Date;
  readonly revealAt: Date;
  readonly postedAt: Date | null;
  readonly messageRef: string | null;
  readonly revealedAt: Date | null;
  readonly revealPostedAt: Date | null;
}

export interface AnswerRow {
  readonly roundId: number;
  readonly userId: string;
  readonly messageRef: string;
  readonly text: string;
  readonly status: string;
}

export interface StreakRow {
  readonly channel: string;
  readonly userId: string;
  readonly current: number;
  readonly best: number;
}

export interface ChannelSpec {
  /** Slack channel id, e.g. `C0GENERAL`. */
  readonly id: string;
  readonly schedule?: Partial<Schedule>;
}

/** The admin who subscribed every test channel. */
export const ADMIN_USER = 'U0ADMIN';

export class FaultDatabase {
  private constructor(
    private readonly tdb: TestDatabase,
    readonly url: string,
    /** Plain SQL on the test's own connection. */
    readonly sql: postgres.Sql,
  ) {}

  static async open(): Promise<FaultDatabase> {
    const tdb = await openTestDatabase();
    if (!tdb.url) {
      await tdb.close();
      throw new Error('fault tests need DATABASE_URL (PostgreSQL)');
    }
    return new FaultDatabase(tdb, tdb.url, postgres(tdb.url, { max: 2, onnotice: () => {} }));
  }

  get store(): Store {
    return this.tdb.store;
  }

  /** Empties every table. */
  reset(): Promise<void> {
    return this.tdb.reset();
  }

  /** Subscribed Slack channels (subscribed by ADMIN_USER), default schedule unless given. */
  async subscribe(specs: readonly ChannelSpec[]): Promise<void> {
    const workspace = await this.store.ensureWorkspace('slack', TEAM_ID, TEAM_DOMAIN);
    for (const spec of specs) {
      const channel = await this.store.ensureChannel(workspace, spec.id, spec.id.toLowerCase());
      await this.store.updateChannel(channel.id, {
        subscribed: true,
        subscribedBy: ADMIN_USER,
        schedule: { ...DEFAULT_SCHEDULE, ...spec.schedule },
      });
    }
  }

  async rounds(): Promise<RoundRow[]> {
    return this.sql<RoundRow[]>`
      select r.id, c.external_id as channel, r.kind, r.local_date::text as "localDate", r.status,
             r.post_at as "postAt", r.reveal_at as "revealAt", r.posted_at as "postedAt",
             r.message_ref as "messageRef", r.revealed_at as "revealedAt",
             r.reveal_posted_at as "revealPostedAt"
      from rounds r join channels c on c.id = r.channel_id
      order by c.external_id, r.local_date, r.id`;
  }

  async answers(): Promise<AnswerRow[]> {
    return this.sql<AnswerRow[]>`
      select round_id as "roundId", user_id as "userId", message_ref as "messageRef", text, status
      from answers order by id`;
  }

  async streaks(): Promise<StreakRow[]> {
    return this.sql<StreakRow[]>`
      select c.external_id as channel, s.user_id as "userId", s.current, s.best
      from streaks s join channels c on c.id = s.channel_id
      order by c.external_id, s.user_id`;
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
    await this.tdb.close();
  }
}

/** A compact view of rounds for failure messages. */
export function describeRounds(rounds: readonly RoundRow[]): string {
  return rounds
    .map(
      (r) => `${r.channel} ${r.localDate} #${r.id} ${r.status}${r.messageRef ? ` ts=${r.messageRef}` : ''}`,
    )
    .join(', ');
}
