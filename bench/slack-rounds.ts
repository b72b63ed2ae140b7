/**
 * What bench/slack-events.ts does to the service before and after the load: a channel subscribed
 * and its question posted the way an admin does it (signed `/sa-admin` slash commands), and
 * afterwards the answers counted in the service's own database.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { FakeSlack } from '../tests/fakes/slack-api.js';
import { postSigned, slashCommand } from '../tests/fakes/slack-payloads.js';
import type { Storage } from './slack-processes.js';

export const ADMIN = 'U0ADMIN';
const FORM = 'application/x-www-form-urlencoded';

/**
 * A fixed-offset zone where it is about noon now, so a round open 00:00–23:59 local time stays
 * open for hours whatever time the bench runs (Etc/GMT-N is UTC+N).
 */
export function zoneAtNoon(now = new Date()): string {
  const offset = 12 - now.getUTCHours();
  if (offset === 0) return 'UTC';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

async function adminCommand(
  fake: FakeSlack,
  eventsUrl: string,
  channel: string,
  text: string,
): Promise<string> {
  const name = `${channel}-${text.split(' ')[0]}`;
  const fields = slashCommand({
    command: '/sa-admin',
    text,
    userId: ADMIN,
    channelId: channel,
    channelName: channel.toLowerCase(),
    responseUrl: fake.responseUrl(name),
  });
  const delivery = await postSigned(eventsUrl, new URLSearchParams(fields).toString(), FORM);
  if (delivery.status !== 200) throw new Error(`/sa-admin ${text} in ${channel}: HTTP ${delivery.status}`);
  const response = await fake.waitForResponse(name, () => true, 15_000);
  return JSON.stringify(response.body).slice(0, 300);
}

/**
 * Subscribes `channel` (open all day, about noon now) and has the question posted (`post-now`;
 * the scheduler may post it first, which is as good). Resolves with the question's ts.
 */
export async function openRound(fake: FakeSlack, eventsUrl: string, channel: string): Promise<string> {
  const subscribed = await adminCommand(
    fake,
    eventsUrl,
    channel,
    `subscribe 00:00 daily ${zoneAtNoon()} reveal 23:59`,
  );
  const posted = await adminCommand(fake, eventsUrl, channel, 'post-now');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [question] = fake.messagesIn(channel, { topLevel: true });
    if (question) return question.ts;
    if (Date.now() > deadline)
      throw new Error(`no question was posted in ${channel}: ${subscribed} / ${posted}`);
    await sleep(50);
  }
}

export interface StoredCount {
  readonly total: number;
  readonly counted: number;
}

const COUNT_SQL = `select c.external_id as channel, count(a.id)::int as total,
    (count(a.id) filter (where a.status = 'counted'))::int as counted
  from channels c join rounds r on r.channel_id = c.id left join answers a on a.round_id = r.id
  where c.external_id = any($1) group by c.external_id`;

/** The answers the service stored in each channel's rounds (read once the service has stopped). */
export async function storedAnswers(
  storage: Storage,
  channels: readonly string[],
): Promise<Map<string, StoredCount>> {
  type Row = { channel: string; total: number; counted: number };
  let rows: Row[];
  if (storage.kind === 'postgres') {
    const sql = postgres(storage.url, { max: 1, onnotice: () => {} });
    try {
      rows = await sql.unsafe<Row[]>(COUNT_SQL, [channels as string[]]);
    } finally {
      await sql.end();
    }
  } else {
    const pg = new PGlite(storage.dir);
    try {
      await pg.waitReady;
      rows = (await pg.query<Row>(COUNT_SQL, [channels])).rows;
    } finally {
      await pg.close();
    }
  }
  return new Map(rows.map((r) => [r.channel, { total: r.total, counted: r.counted }]));
}

/** How many rows the floor stored for a round (its GET /count). */
export async function floorCount(baseUrl: string, round: string): Promise<number> {
  const response = await fetch(`${baseUrl}/count?round=${encodeURIComponent(round)}`);
  if (!response.ok) throw new Error(`floor /count answered ${response.status}`);
  return ((await response.json()) as { n: number }).n;
}
