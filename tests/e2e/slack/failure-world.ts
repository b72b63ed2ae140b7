import { expect } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import type { Channel, Round } from '../../../src/core/types.js';
import { type PostedMessage, type SlackCall, TEAM_ID } from '../../fakes/slack-api.js';
import { slashCommand } from '../../fakes/slack-payloads.js';
import { text } from '../../helpers/questions.js';
import { blocksText, type SlackHarness } from './slack-harness.js';

/**
 * What the Slack failure tests share: subscribing and commanding as an admin, driving the
 * injected clock tick by tick, and reading the fake's threads by the metadata the reveal parts
 * carry. All times are instants of the injected clock (Asia/Seoul = UTC+9, Monday 2025-03-10).
 */

export const ADMIN = 'U0ADMIN';
export const ADMIN_DM = `D${ADMIN}`;
export const BROKEN = 'C0BROKEN';
export const HEALTHY = 'C0HEALTHY';
export const MON_0900 = '2025-03-10T00:00:00Z';
export const MON_1800 = '2025-03-10T09:00:00Z';
/** Tuesday 21:00 in Seoul: a day and a half after Monday's 09:00 post. */
export const TUE_2100 = '2025-03-11T12:00:00Z';

let seq = 0;

/** Runs `/sa-admin <args>` in `channel` as `user` and returns the private answer's text. */
export async function admin(
  slack: SlackHarness,
  args: string,
  channel: string,
  user = ADMIN,
): Promise<string> {
  const name = `admin-${++seq}`;
  const delivery = await slack.send.command(
    slashCommand({
      command: '/sa-admin',
      text: args,
      userId: user,
      channelId: channel,
      channelName: channel.toLowerCase(),
      responseUrl: slack.fake.responseUrl(name),
    }),
  );
  expect(delivery.status).toBe(200);
  const response = await slack.fake.waitForResponse(name);
  expect(response.body.response_type).toBe('ephemeral');
  return blocksText(response.body.blocks);
}

/** Subscribes `channel` with the default schedule (09:00–18:00 Mon–Fri, Asia/Seoul). */
export async function subscribe(slack: SlackHarness, channel: string): Promise<void> {
  expect(await admin(slack, 'subscribe', channel)).toContain('구독');
}

/** Sets the clock and runs one scheduler tick. */
export async function tickAt(slack: SlackHarness, at: string | number) {
  slack.clock.set(new Date(at));
  const report = await slack.quiz.tick(slack.clock.now());
  await slack.adapter.idle();
  return report;
}

/** Ticks every `stepMs` from `from` (exclusive) to `to` (inclusive). */
export async function tickThrough(
  slack: SlackHarness,
  from: string | number,
  to: string | number,
  stepMs: number,
) {
  const end = new Date(to).getTime();
  for (let at = new Date(from).getTime() + stepMs; at <= end; at += stepMs) await tickAt(slack, at);
}

/** The channel's row (the core's view of it). */
export async function channelRow(store: Store, channel: string): Promise<Channel> {
  const row = await store.findChannel('slack', TEAM_ID, channel);
  if (!row) throw new Error(`channel ${channel} was never seen`);
  return row;
}

export async function dailyRound(store: Store, channel: string, localDate: string): Promise<Round | null> {
  return store.findDailyRound((await channelRow(store, channel)).id, localDate);
}

/** The reveal part a `chat.postMessage` call or a stored message carries in its metadata. */
export function partOf(metadata: unknown): number | undefined {
  const m = metadata as { event_type?: unknown; event_payload?: { part?: unknown } } | undefined;
  return m?.event_type === 'sa_quiz_reveal' ? Number(m.event_payload?.part) : undefined;
}

export function callPart(call: SlackCall): number | undefined {
  return partOf(call.body.metadata);
}

/** `chat.postMessage` calls (answered or not) into `channel`; `thread` keeps only replies under it. */
export function postsTo(slack: SlackHarness, channel: string, thread?: string): SlackCall[] {
  return slack.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.body.channel === channel && (thread === undefined || c.body.thread_ts === thread));
}

/** What the bot has in a thread: the messages Slack stored, in order. */
export function threadOf(slack: SlackHarness, channel: string, thread: string): PostedMessage[] {
  return slack.fake.messagesIn(channel).filter((m) => m.threadTs === thread);
}

/** How many times each reveal part (by its metadata) is in the thread, e.g. `{0: 1, 1: 1, 2: 1}`. */
export function partCounts(messages: readonly PostedMessage[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const m of messages) {
    const part = partOf(m.metadata);
    if (part !== undefined) counts[part] = (counts[part] ?? 0) + 1;
  }
  return counts;
}

/** The DMs the bot sent the admin (calls, answered or not), as text. */
export function dmsToAdmin(slack: SlackHarness): string[] {
  return postsTo(slack, ADMIN_DM).map((c) => blocksText(c.body.blocks) || String(c.body.text));
}

/**
 * Makes one complete question the workspace's whole bank (start the harness without the bundled
 * bank): its reveal is far too long for one Slack message (40 benefits of ~700 characters), so it
 * goes out as several thread replies, then the announcement.
 */
export async function onlyLongQuestion(store: Store, channel: string): Promise<void> {
  const { workspaceId } = await channelRow(store, channel);
  const benefits = Array.from(
    { length: 40 },
    (_, i) => `장점 ${i + 1}: ${'가용 영역을 나누어 장애를 격리하고 비용을 줄입니다. '.repeat(25)}`,
  );
  const ko = text('멀티 AZ 배포란?', { benefits, risks: ['비용이 늘어납니다.'], categories: ['안정성'] });
  await store.saveQuestions(workspaceId, [{ key: 'multi-az', texts: { ko }, sources: ['test'] }], 'test');
}
