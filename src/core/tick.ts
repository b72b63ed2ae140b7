import { fanOut } from './fan-out.js';
import { dayOff } from './holidays.js';
import type { RoundPosting } from './round-posting.js';
import type { RoundReveal } from './round-reveal.js';
import { dailySlot } from './rounds.js';
import { leaseEnd, type Runtime } from './runtime.js';
import { tickReads } from './tick-reads.js';
import type { Channel, Round } from './types.js';

const DAY_MS = 24 * 60 * 60_000;

export interface TickReport {
  readonly posted: number;
  readonly revealed: number;
  readonly skipped: number;
  readonly failed: number;
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
  const due = (await store.listActiveChannels()).flatMap((channel) => {
    if (!chats.has(channel.platform)) return [];
    const slot = dailySlot(channel, now);
    return slot ? [{ channel, due: slot }] : [];
  });
  // Channels whose round of the day exists already (most of them, after the first minute): one
  // read for all. A replica that raced this read loses at claimRound's unique key instead.
  const started = await store.channelsWithDailyRound(
    due.map(({ channel, due }) => ({ channelId: channel.id, localDate: due.slot.localDate })),
  );
  const toStart = due.filter(({ channel }) => !started.has(channel.id));
  const reads = tickReads(
    store,
    toStart.map(({ channel }) => channel.id),
  );
  await fanOut(toStart, destination, async ({ channel, due }) => {
    // A holiday the channel follows or one of its off days: no round, recorded or posted.
    if (await dayOff(rt.holidays, channel, due.slot.localDate, rt.log)) return;
    if (due.state === 'missed') {
      if (await posting.recordSkipped(channel, due.slot, now, reads)) skipped++;
      return;
    }
    const { outcome } = await posting.start(channel, 'daily', due.slot, now, reads);
    if (outcome === 'posted') posted++;
    else if (outcome === 'failed') failed++;
  });
  // Once an hour, event ids older than a week are forgotten (Slack and Discord redeliver for minutes).
  if (now.getUTCMinutes() === 0) await store.pruneProcessedEvents(new Date(now.getTime() - 7 * DAY_MS));
  return { posted, revealed, skipped, failed };
}
