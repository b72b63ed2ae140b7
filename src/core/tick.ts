import { fanOut } from './fan-out.js';
import { dayOff } from './holidays.js';
import type { Store } from './ports.js';
import type { RoundPosting } from './round-posting.js';
import type { RoundReveal } from './round-reveal.js';
import { dailySlot } from './rounds.js';
import { leaseEnd, type Runtime } from './runtime.js';
import type { QuestionSummary } from './selection.js';
import type { Channel, Locale, Round } from './types.js';

const DAY_MS = 24 * 60 * 60_000;

export interface TickReport {
  readonly posted: number;
  readonly revealed: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * The complete questions of each workspace and language, read once per tick however many of its
 * channels post (the bank does not change within a tick).
 */
export type CompleteQuestions = (workspaceId: number, locale: Locale) => Promise<QuestionSummary[]>;

export function completeQuestionsOnce(store: Store): CompleteQuestions {
  const read = new Map<string, Promise<QuestionSummary[]>>();
  return (workspaceId, locale) => {
    const key = `${workspaceId}:${locale}`;
    let list = read.get(key);
    if (!list) {
      list = store.listCompleteQuestions(workspaceId, locale);
      // A failed read is not kept: the next channel asks again.
      list.catch(() => read.delete(key));
      read.set(key, list);
    }
    return list;
  };
}

/**
 * One scheduler tick: reveals past deadlines, resends reveals that failed, recovers claimed
 * rounds nobody posted, posts today's questions, and records rounds whose whole window was
 * missed. Each phase runs its channels concurrently (src/core/fan-out.ts: a share per workspace,
 * a cap in all); the phases run in order, so a channel's reveal is out before its next post.
 * Safe to run from several processes at once and after any downtime: the database decides who
 * does what (claims and leases), never the order of calls.
 */
export async function runTick(
  rt: Runtime,
  posting: RoundPosting,
  revealing: RoundReveal,
  now: Date,
): Promise<TickReport> {
  const { store, chats } = rt;
  let posted = 0;
  let revealed = 0;
  let skipped = 0;
  let failed = 0;
  const served = async (channelId: number): Promise<Channel | null> => {
    const channel = await store.getChannel(channelId);
    return channel && chats.has(channel.platform) ? channel : null;
  };
  /** Each round with its channel, when this process serves that channel's platform. */
  const withChannels = async (rounds: readonly Round[]): Promise<{ round: Round; channel: Channel }[]> =>
    (
      await Promise.all(rounds.map(async (round) => ({ round, channel: await served(round.channelId) })))
    ).flatMap(({ round, channel }) => (channel ? [{ round, channel }] : []));
  const destination = (item: { channel: Channel }): Channel => item.channel;

  await fanOut(
    await withChannels(await store.listRevealsDue(now)),
    destination,
    async ({ round, channel }) => {
      const result = await revealing.reveal(channel, round, now);
      if (result === 'revealed') revealed++;
      else if (result === 'failed') failed++;
    },
  );
  await fanOut(
    await withChannels(await store.listUnpostedReveals(now)),
    destination,
    async ({ round, channel }) => {
      if (!(await store.leaseReveal(round.id, now, leaseEnd(rt, now)))) return;
      if (await revealing.send(channel, round, now, true)) failed++;
    },
  );
  await fanOut(
    await withChannels(await store.listRetryableClaims(now)),
    destination,
    async ({ round, channel }) => {
      if (!(await store.leaseClaim(round.id, now, leaseEnd(rt, now)))) return;
      const outcome = await posting.recover(channel, round, now);
      if (outcome === 'posted') posted++;
      else if (outcome === 'skipped') skipped++;
      else failed++;
    },
  );
  const complete = completeQuestionsOnce(store);
  const due = (await store.listActiveChannels()).flatMap((channel) => {
    if (!chats.has(channel.platform)) return [];
    const slot = dailySlot(channel, now);
    return slot ? [{ channel, due: slot }] : [];
  });
  await fanOut(due, destination, async ({ channel, due }) => {
    // A holiday the channel follows or one of its off days: no round, recorded or posted.
    if (await dayOff(rt.holidays, channel, due.slot.localDate, rt.log)) return;
    if (await store.findDailyRound(channel.id, due.slot.localDate)) return;
    if (due.state === 'missed') {
      if (await posting.recordSkipped(channel, due.slot, now, complete)) skipped++;
      return;
    }
    const { outcome } = await posting.start(channel, 'daily', due.slot, now, complete);
    if (outcome === 'posted') posted++;
    else if (outcome === 'failed') failed++;
  });
  // Once an hour, event ids older than a week are forgotten (Slack and Discord redeliver for minutes).
  if (now.getUTCMinutes() === 0) await store.pruneProcessedEvents(new Date(now.getTime() - 7 * DAY_MS));
  return { posted, revealed, skipped, failed };
}
