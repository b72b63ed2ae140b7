import { asChatError, ChatError, needsAdmin, type Problem } from './failures.js';
import { messages } from './i18n/catalog.js';
import type { Incident, NoticeDelivery } from './incidents.js';
import { channelFields } from './logger.js';
import { incidentNoticeView, problemText } from './notices.js';
import type { Runtime } from './runtime.js';
import type { Channel } from './types.js';

/** What stopped: a post, a reveal, or nothing yet (the platform told us the channel is gone). */
export type Work = 'post' | 'reveal' | 'event';

/**
 * What happens to a channel when the platform refuses it. A refusal that waiting will not fix
 * (gone, forbidden, unsupported) pauses the channel at once; work given up after its retries
 * (or a payload the platform rejects) opens an incident without pausing; a second round given
 * up while that incident is still open pauses the channel too. Whoever opens an incident tells
 * the admin, once: by DM, else in the channel, else only in status and the log.
 */
export class ChannelHealth {
  constructor(private readonly rt: Runtime) {}

  /** Counts and logs one failed attempt; pauses the channel when the refusal needs an admin. */
  async failed(channel: Channel, error: unknown, what: Work): Promise<ChatError> {
    const failure = asChatError(error);
    this.rt.metrics.count('platform_errors_total', { platform: channel.platform, kind: failure.kind });
    this.rt.log.warn(
      { ...channelFields(channel), kind: failure.kind, problem: failure.problem, err: failure.message },
      `${what} failed`,
    );
    if (needsAdmin(failure.kind)) await this.pauseBroken(channel, failure, what);
    return failure;
  }

  /** Work given up for good: the admin hears of it once; a cause that persists pauses the channel. */
  async gaveUp(channel: Channel, failure: ChatError, what: Work): Promise<void> {
    const now = this.rt.clock.now();
    const open = await this.rt.store.openIncidentOf(channel.id);
    if (open && !open.pauses && failure.kind !== 'invalid_payload') {
      // It failed again, a round later, with no success in between: stop until an admin looks.
      // The first notice said there was nothing to do; this one says the channel is paused and
      // how to resume (a pausing incident replaces the open one).
      await this.pauseBroken(channel, failure, what);
      return;
    }
    const incident = await this.rt.store.openIncident(
      channel.id,
      { kind: failure.kind, problem: failure.problem, detail: failure.detail, pauses: false },
      now,
    );
    if (incident) await this.tell(channel, incident, what);
  }

  /** Something reached the platform: an incident that did not pause the channel is over. */
  async delivered(channel: Channel): Promise<void> {
    await this.rt.store.closeIncidents(channel.id, this.rt.clock.now(), 'non_pausing');
  }

  /**
   * The platform said the channel can no longer take posts (archived, deleted, the bot removed,
   * the app uninstalled) before any post failed: the channel is paused at once and its admin told
   * once, as for a refused post. False when there was nothing to pause (not subscribed, or
   * already paused as broken: that incident's notice stands).
   */
  async lost(channel: Channel, problem: Problem): Promise<boolean> {
    if (!channel.subscribed || channel.pausedReason === 'broken') return false;
    await this.pauseBroken(
      channel,
      new ChatError('gone', `the platform said: ${problem}`, { problem }),
      'event',
    );
    return true;
  }

  private async pauseBroken(channel: Channel, failure: ChatError, what: Work): Promise<void> {
    const now = this.rt.clock.now();
    await this.rt.store.updateChannel(channel.id, { paused: true, pausedReason: 'broken' });
    const incident = await this.rt.store.openIncident(
      channel.id,
      { kind: failure.kind, problem: failure.problem, detail: failure.detail, pauses: true },
      now,
    );
    if (incident) await this.tell(channel, { ...incident }, what);
  }

  /** DM the admin who subscribed; else post in the channel; else say it in the log, once. */
  private async tell(channel: Channel, incident: Incident, what: Work): Promise<void> {
    const chat = this.rt.chats.get(channel.platform);
    const m = messages(channel.locale);
    const notice = incidentNoticeView(m, channel, incident, what);
    const fields = { ...channelFields(channel), incidentId: incident.id, problem: incident.problem };
    let delivery: NoticeDelivery = 'unreachable';
    // With the app removed its token is gone too: there is nobody to reach through it.
    const reachable = incident.problem !== 'app_removed';
    if (chat && reachable && channel.subscribedBy) {
      try {
        await chat.notifyAdmin(channel, channel.subscribedBy, notice);
        delivery = 'dm';
      } catch (error) {
        this.rt.log.warn({ ...fields, err: asChatError(error).message }, 'could not DM the admin');
      }
    }
    // A channel the platform refused may still take a plain message (only threads forbidden, say).
    if (delivery === 'unreachable' && chat && reachable && !(incident.pauses && incident.kind === 'gone')) {
      try {
        await chat.postNotice(channel, notice);
        delivery = 'channel';
      } catch (error) {
        this.rt.log.warn(
          { ...fields, err: asChatError(error).message },
          'could not post the notice in the channel',
        );
      }
    }
    await this.rt.store.recordNotice(incident.id, delivery, this.rt.clock.now());
    // Said once per incident, in English for whoever runs the service.
    this.rt.log.error(
      { ...fields, kind: incident.kind, notice: delivery },
      `${what === 'event' ? 'the quiz' : what} stopped in channel ${channel.name}: ${problemText(messages('en'), channel, incident)}`,
    );
  }
}
