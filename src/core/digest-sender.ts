import type { ChannelHealth } from './channel-health.js';
import {
  buildWeekDigest,
  DIGEST_TOP,
  type DigestChartRenderer,
  type DigestMessage,
  digestChart,
  digestDue,
  digestFileName,
  digestText,
  digestView,
} from './digest.js';
import { asChatError, needsAdmin } from './failures.js';
import { fanOut } from './fan-out.js';
import { messages } from './i18n/catalog.js';
import { channelFields } from './logger.js';
import type { Runtime } from './runtime.js';
import type { Channel } from './types.js';

export type DigestOutcome = 'posted' | 'failed' | 'not_due';

/**
 * Posting weekly digests (the rules are in src/core/digest.ts). On the digest's day, once the
 * reveal time has passed and no round of the channel is still waiting for its reveal, the week is
 * claimed (a row in `digests`) before anything is drawn or sent: only the claimer posts, once.
 * A digest is a courtesy and is never re-sent:
 * - a refusal that needs an admin (gone, forbidden, unsupported: Slack not_in_channel,
 *   is_archived, channel_not_found...) goes the way of a refused post: the channel is paused and
 *   its admin told once (ChannelHealth);
 * - a payload the platform refuses (an invalid or too large file) is logged once, as our bug;
 * - a rate limit past the adapter's own waits, a 5xx or a timeout may have delivered it: logged,
 *   never re-uploaded;
 * - a chart that cannot be drawn leaves the text alone, posted without an image.
 * A process that dies between the claim and the post loses that week's digest rather than risk
 * posting it twice.
 */
export class DigestSender {
  constructor(
    private readonly rt: Runtime,
    private readonly health: ChannelHealth,
    private readonly renderer: DigestChartRenderer | null,
  ) {}

  /** Posts every digest due at `now` (one tick's phase); returns how many reached the platform. */
  async sendDue(now: Date): Promise<number> {
    const { store, chats } = this.rt;
    const due = (await store.listActiveChannels()).filter(
      (channel) =>
        channel.digestDay !== null && chats.get(channel.platform)?.postDigest && digestDue(channel, now),
    );
    let sent = 0;
    await fanOut(
      due,
      (channel) => channel,
      async (channel) => {
        if ((await this.send(channel, now)) === 'posted') sent++;
      },
    );
    return sent;
  }

  /** The channel's digest for the week of `now`, if it is due and nobody claimed it. */
  async send(channel: Channel, now: Date): Promise<DigestOutcome> {
    const { store, log } = this.rt;
    const chat = this.rt.chats.get(channel.platform);
    const due = digestDue(channel, now);
    if (!chat?.postDigest || !due) return 'not_due';
    if (await store.digestClaimed(channel.id, due.weekStart)) return 'not_due';
    // The day's reveal comes first (the tick's reveal phase, or another replica's): wait for it.
    const open = await store.listOpenRounds(channel.id);
    if (open.some((r) => r.revealAt.getTime() <= now.getTime())) return 'not_due';
    if (!(await store.claimDigest(channel.id, due.weekStart, now))) return 'not_due';
    const fields = { ...channelFields(channel), weekStart: due.weekStart };
    const week = await store.digestWeek(channel.id, due.weekStart, due.localDate, DIGEST_TOP);
    const digest = buildWeekDigest(due.localDate, week.days, week.top, week.people);
    const m = messages(channel.locale);
    const text = digestText(m, digest);
    const message: DigestMessage = {
      weekStart: digest.weekStart,
      view: digestView(m, digest),
      text,
      image: await this.draw(digestChart(m, digest), fields).then((bytes) =>
        bytes ? { fileName: digestFileName(digest), bytes, altText: text } : null,
      ),
    };
    try {
      await chat.postDigest(channel, message);
    } catch (error) {
      const failure = asChatError(error);
      if (needsAdmin(failure.kind)) await this.health.failed(channel, failure, 'post');
      else {
        this.rt.metrics.count('platform_errors_total', { platform: channel.platform, kind: failure.kind });
        const detail = { ...fields, kind: failure.kind, problem: failure.problem, err: failure.message };
        if (failure.kind === 'invalid_payload')
          log.error(detail, 'weekly digest refused by the platform (a bug in sa-quiz); not retried');
        else if (failure.kind === 'transient')
          log.warn(detail, 'weekly digest may not have been posted; not re-sent (it may have arrived)');
        else log.warn(detail, 'weekly digest not posted (rate limited); not retried');
      }
      return 'failed';
    }
    await store.markDigestPosted(channel.id, due.weekStart, now);
    log.info(
      { ...fields, rounds: digest.rounds, answers: digest.answers, image: message.image !== null },
      'weekly digest posted',
    );
    return 'posted';
  }

  /** The chart as a PNG, or null (no renderer, or drawing failed: the text goes alone). */
  private async draw(
    chart: ReturnType<typeof digestChart>,
    fields: Record<string, unknown>,
  ): Promise<Uint8Array | null> {
    if (!this.renderer) return null;
    try {
      return await this.renderer.render(chart);
    } catch (error) {
      this.rt.log.error(
        { ...fields, err: error instanceof Error ? error.message : String(error) },
        'weekly digest chart could not be drawn; posting the text alone',
      );
      return null;
    }
  }
}
