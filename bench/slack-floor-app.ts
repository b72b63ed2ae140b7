/**
 * The floor of bench/slack-events.ts: a bare Bolt app (the same @slack/bolt, HTTP receiver,
 * signature verification, acknowledged after its listener like sa-quiz's events) whose `message`
 * listener does one INSERT of the reply's fields, through raw postgres.js (DATABASE_URL) or PGlite
 * (DATA_DIR). bench/slack-events.ts bundles it with esbuild and runs it with plain node.
 * GET /healthz answers once the table is there; GET /count?round=<thread ts> says how many
 * rows a round has (the bench's check that nothing was lost).
 * Environment: PORT, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, DATABASE_URL | DATA_DIR.
 */
import { PGlite } from '@electric-sql/pglite';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import postgres from 'postgres';

const env = process.env;
const TABLE = `create table if not exists floor_answers (
  id serial primary key, round_ref text not null, user_id text not null, user_name text not null,
  message_ref text not null, text text not null, status text not null,
  created_at timestamptz not null default now(), unique (round_ref, message_ref))`;
const INSERT = `insert into floor_answers (round_ref, user_id, user_name, message_ref, text, status)
  values ($1, $2, $3, $4, $5, 'counted') on conflict do nothing`;

interface FloorDb {
  insert(values: string[]): Promise<void>;
  count(round: string): Promise<number>;
  close(): Promise<void>;
}

async function openDb(): Promise<FloorDb> {
  if (env.DATABASE_URL) {
    const sql = postgres(env.DATABASE_URL, { max: 10, onnotice: () => {} });
    await sql.unsafe(TABLE);
    return {
      insert: async (values) => {
        await sql.unsafe(INSERT, values, { prepare: true });
      },
      count: async (round) => {
        const [row] = await sql<
          { n: number }[]
        >`select count(*)::int as n from floor_answers where round_ref = ${round}`;
        return row?.n ?? 0;
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const pg = new PGlite(env.DATA_DIR ?? './floor-data');
  await pg.waitReady;
  await pg.exec(TABLE);
  return {
    insert: async (values) => {
      await pg.query(INSERT, values);
    },
    count: async (round) => {
      const { rows } = await pg.query<{ n: number }>(
        'select count(*)::int as n from floor_answers where round_ref = $1',
        [round],
      );
      return rows[0]?.n ?? 0;
    },
    close: () => pg.close(),
  };
}

const db = await openDb();
const port = Number(env.PORT ?? 3000);
const receiver = new HTTPReceiver({
  signingSecret: env.SLACK_SIGNING_SECRET ?? '',
  processBeforeResponse: true,
  port,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      },
    },
    {
      path: '/count',
      method: ['GET'],
      handler: (req, res) => {
        const round = new URL(req.url ?? '/', 'http://localhost').searchParams.get('round') ?? '';
        db.count(round).then(
          (n) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ n })),
          (error: unknown) => res.writeHead(500).end(String(error)),
        );
      },
    },
  ],
});
const app = new App({
  token: env.SLACK_BOT_TOKEN ?? '',
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: env.SLACK_API_URL ?? 'https://slack.com/api/' },
});
app.event('message', async ({ event }) => {
  const e = event as unknown as Record<string, unknown>;
  if (typeof e.thread_ts !== 'string' || typeof e.ts !== 'string' || typeof e.user !== 'string') return;
  await db.insert([e.thread_ts, e.user, '', e.ts, typeof e.text === 'string' ? e.text : '']);
});
await app.start(port);

process.once('SIGTERM', () => {
  void (async () => {
    await app.stop();
    await db.close();
    process.exit(0);
  })();
});
