import type { ChannelHealth } from './channel-health.js';
import { asChatError } from './failures.js';
import { type Catalog, messages } from './i18n/catalog.js';
import { channelFields } from './logger.js';
import type { Runtime } from './runtime.js';
import type { Channel, ChannelAddress, Platform } from './types.js';
import { type View, view } from './views.js';

/** What the platform can tell of a channel before any post fails there. */
export type ChannelLoss = 'channel_archived' | 'channel_not_found' | 'not_in_channel';

/** The short message the bot posts when it is added to a channel: what it does and how to start. */
export function welcomeView(m: Catalog, channel: Channel): View {
  const state = !channel.subscribed
    ? m.lifecycle.welcomeSubscribe
    : channel.paused
      ? m.lifecycle.welcomePaused
      : m.lifecycle.welcomeRunning;
  return view('info', m.lifecycle.welcomeTitle, [
    { kind: 'text', text: m.lifecycle.welcomeWhat },
    { kind: 'text', text: state },
    { kind: 'text', text: m.lifecycle.welcomeEveryone },
  ]);
}

/**
 * A channel's life outside the daily loop, as the platform reports it: the bot added to a
 * channel (a welcome, once per delivery, never retried: it is a courtesy), the channel archived
 * or deleted, the bot removed, the app uninstalled (paused at once, the admin told once).
 */
export class Lifecycle {
  constructor(
    private readonly rt: Runtime,
    private readonly health: ChannelHealth,
    private readonly channelAt: (address: ChannelAddress) => Promise<Channel>,
  ) {}

  /** Posts the welcome in the channel the bot was just added to; false when it could not. */
  async welcome(address: ChannelAddress): Promise<boolean> {
    const channel = await this.channelAt(address);
    const chat = this.rt.chats.get(channel.platform);
    if (!chat) return false;
    try {
      await chat.postNotice(channel, welcomeView(messages(channel.locale), channel));
      return true;
    } catch (error) {
      const failure = asChatError(error);
      this.rt.log.warn(
        { ...channelFields(channel), kind: failure.kind, problem: failure.problem, err: failure.message },
        'welcome not posted',
      );
      return false;
    }
  }

  /** The channel was archived or deleted, or the bot removed from it: paused before the next post. */
  async channelLost(address: ChannelAddress, loss: ChannelLoss): Promise<boolean> {
    const { store } = this.rt;
    const channel = await store.findChannel(address.platform, address.workspaceId, address.channelId);
    return channel ? this.health.lost(channel, loss) : false;
  }

  /** The app was uninstalled from the workspace or its bot token revoked: every channel there paused. */
  async workspaceLost(platform: Platform, workspaceId: string): Promise<number> {
    const channels = (await this.rt.store.listActiveChannels()).filter(
      (c) => c.platform === platform && c.workspaceExternalId === workspaceId,
    );
    let paused = 0;
    for (const channel of channels) if (await this.health.lost(channel, 'app_removed')) paused++;
    return paused;
  }
}
