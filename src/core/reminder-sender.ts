import type { ChannelHealth } from './channel-health.js';
import { asChatError, needsAdmin } from './failures.js';
import { fanOut } from './fan-out.js';
import { messages } from './i18n/catalog.js';
import { channelFields } from './logger.js';
import { nudgeRecipients, nudgeView, reminderState, reminderView } from './reminders.js';
import { messageView } from './render.js';
import type { Runtime } from './runtime.js';
import { type Channel, type ChannelAddress, type Round, replyLocale } from './types.js';
import type { View } from './views.js';

/**
 * Sending deadline reminders (the rules are in src/core/reminders.ts). Each step is claimed in
 * the database before anything is sent, so a restart, a late tick or a second replica never
 * sends a reminder or a nudge twice:
 * - the thread reminder: the round's row in `round_reminders`. It is a courtesy: a refusal that
 *   needs an admin (gone, forbidden, unsupported) pauses the channel and tells the admin once,
 *   as a refused post does; any other failure (rate limit, 5xx, timeout, a payload refused) is
 *   logged once and given up, never retried: the reveal comes anyway. No nudge follows a
 *   reminder that did not get out.
 * - nudges: one row per person and local day in the workspace (`nudges`), claimed for the
 *   chosen people (at most NUDGE_CAP, longest streaks first) before the first is sent. A refusal
 *   about one person (not in the channel, no DMs) skips that person; anything else stops the
 *   round's remaining nudges. Nothing is retried; a claimed nudge counts for the day even if it
 *   failed.
 */
export class ReminderSender {
  constructor(
    private readonly rt: Runtime,
    private readonly health: ChannelHealth,
    private readonly channelAt: (address: ChannelAddress) => Promise<Channel>,
  ) {}

  /** `/sa-quiz remind off|on`: the caller's nudges off (or back on) in the whole workspace. */
  async optOut(address: ChannelAddress, userId: string, optedOut: boolean): Promise<View> {
    const channel = await this.channelAt(address);
    await this.rt.store.setReminderOptOut(channel.workspaceId, userId, optedOut, this.rt.clock.now());
    const m = messages(replyLocale(channel, address));
    return messageView('success', optedOut ? m.reminders.optedOut : m.reminders.optedIn);
  }

  /** Sends every reminder due at `now` (one tick's phase); returns how many reached the platform. */
  async sendDue(now: Date): Promise<number> {
    const { store, chats } = this.rt;
    const due: { round: Round; channel: Channel }[] = [];
    for (const round of await store.listRemindersDue(now)) {
      const channel = await store.getChannel(round.channelId);
      if (channel && chats.has(channel.platform)) due.push({ round, channel });
    }
    let sent = 0;
    await fanOut(
      due,
      (item) => item.channel,
      async ({ round, channel }) => {
        if (await this.remind(channel, round, now)) sent++;
      },
    );
    return sent;
  }

  private async remind(channel: Channel, round: Round, now: Date): Promise<boolean> {
    const { store, log } = this.rt;
    if (reminderState(round, channel.reminderHours, now) !== 'due') return false;
    const chat = this.rt.chats.get(channel.platform);
    if (!chat?.postReminder) return false;
    if (!(await store.claimReminder(round.id, now))) return false;
    const fields = { ...channelFields(channel), roundId: round.id };
    const counted = await store.listCountedAnswers(round.id);
    const m = messages(channel.locale);
    try {
      await chat.postReminder(channel, round, reminderView(m, channel, round, counted.length));
    } catch (error) {
      const failure = asChatError(error);
      if (needsAdmin(failure.kind)) await this.health.failed(channel, failure, 'post');
      else {
        this.rt.metrics.count('platform_errors_total', { platform: channel.platform, kind: failure.kind });
        log.warn(
          { ...fields, kind: failure.kind, problem: failure.problem, err: failure.message },
          'deadline reminder not posted; not retried (the reveal comes anyway)',
        );
      }
      return false;
    }
    await store.markReminderSent(round.id, now);
    log.info({ ...fields, answers: counted.length }, 'deadline reminder posted');
    await this.nudge(channel, round, new Set(counted.map((a) => a.userId)), now);
    return true;
  }

  private async nudge(channel: Channel, round: Round, answered: Set<string>, now: Date): Promise<void> {
    const { store, log } = this.rt;
    const chat = this.rt.chats.get(channel.platform);
    if (!chat?.sendNudge) return;
    const chosen = nudgeRecipients({
      streaks: await store.listStreaks(channel.id),
      answered,
      optedOut: await store.listReminderOptOuts(channel.workspaceId),
      nudgedToday: await store.listNudged(channel.workspaceId, round.localDate),
    });
    if (chosen.length === 0) return;
    const claimed = new Set(
      await store.claimNudges(
        channel.workspaceId,
        round.localDate,
        round.id,
        chosen.map((s) => s.userId),
        now,
      ),
    );
    const m = messages(channel.locale);
    let sent = 0;
    const skipped = new Map<string, number>();
    for (const streak of chosen) {
      if (!claimed.has(streak.userId)) continue;
      try {
        await chat.sendNudge(channel, round, streak.userId, nudgeView(m, channel, round, streak.current));
        sent++;
      } catch (error) {
        const failure = asChatError(error);
        skipped.set(failure.problem, (skipped.get(failure.problem) ?? 0) + 1);
        // One person's refusal (or one message's payload) lets the next be tried; the channel or
        // the platform refusing would refuse the rest too.
        if (failure.problem !== 'recipient_unavailable' && failure.kind !== 'invalid_payload') {
          log.warn(
            { ...channelFields(channel), roundId: round.id, kind: failure.kind, err: failure.message },
            'nudges stopped for this round; none is retried',
          );
          break;
        }
      }
    }
    log.info(
      {
        ...channelFields(channel),
        roundId: round.id,
        nudges: sent,
        claimed: claimed.size,
        ...(skipped.size > 0 ? { skipped: Object.fromEntries(skipped) } : {}),
      },
      'deadline nudges sent',
    );
  }
}
