import { roundWindow } from './schedule.js';
import { localDateOf } from './time.js';
import type { Channel } from './types.js';

export interface RoundSlot {
  readonly localDate: string;
  readonly postAt: Date;
  readonly revealAt: Date;
}

/**
 * What today's schedule asks of a channel at `now`: `post` between post time and deadline,
 * `missed` once the deadline has passed (the whole window went by without a post), or nothing
 * (not a round day, before post time, unsubscribed or paused). Whether the round already exists
 * is the database's question, not this one's.
 */
export function dailySlot(channel: Channel, now: Date): { state: 'post' | 'missed'; slot: RoundSlot } | null {
  if (!channel.subscribed || channel.paused) return null;
  const localDate = localDateOf(now, channel.schedule.timezone);
  const window = roundWindow(channel.schedule, localDate);
  if (!window || now.getTime() < window.postAt.getTime()) return null;
  const state = now.getTime() < window.revealAt.getTime() ? 'post' : 'missed';
  return { state, slot: { localDate, ...window } };
}
