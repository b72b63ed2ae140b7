import type { FakeSlack, PostedMessage } from '../fakes/slack-api.js';
import { eventCallback, SIGNING_SECRET, slackSignature } from '../fakes/slack-payloads.js';

/** What the fault tests read from the fake Slack, and how they deliver events to a service process. */

/** The `event_type` of the metadata the service puts on a round's question message. */
export const ROUND_EVENT_TYPE = 'sa_quiz_round';

/** The round id in a message's metadata (as a string), or undefined when it carries none. */
export function roundIdOf(message: PostedMessage): string | undefined {
  if (message.metadata?.event_type !== ROUND_EVENT_TYPE) return undefined;
  const id = message.metadata.event_payload.round_id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
}

/** The channel messages (not thread replies) the bot posted in `channel`: its questions. */
export function questionsIn(fake: FakeSlack, channel: string): PostedMessage[] {
  return fake.messagesIn(channel, { topLevel: true });
}

/** The reveal announcements (thread replies also sent to the channel) under a question. */
export function announcementsUnder(fake: FakeSlack, channel: string, questionTs: string): PostedMessage[] {
  return fake.messagesIn(channel).filter((m) => m.threadTs === questionTs && m.replyBroadcast);
}

/** Thread replies under a question that look the same (same text and blocks): duplicates. */
export function duplicateRepliesUnder(fake: FakeSlack, channel: string, questionTs: string): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const m of fake.messagesIn(channel)) {
    if (m.threadTs !== questionTs) continue;
    const key = JSON.stringify([m.replyBroadcast, m.text, m.blocks]);
    if (seen.has(key)) duplicates.push(m.text.slice(0, 60));
    seen.add(key);
  }
  return duplicates;
}

/** Question messages per channel, for failure messages. */
export function describeQuestions(fake: FakeSlack, channels: readonly string[]): string {
  return channels
    .map((c) => {
      const qs = questionsIn(fake, c);
      return `${c}: ${qs.length} [${qs.map((m) => `${m.ts}→round ${roundIdOf(m) ?? '?'}`).join(' ')}]`;
    })
    .join('; ');
}

export interface ThreadReply {
  readonly channel: string;
  readonly user: string;
  readonly threadTs: string;
  readonly ts: string;
  readonly text: string;
  readonly eventId: string;
  /** Set on Slack's redeliveries (`x-slack-retry-num`). */
  readonly retryNum?: number;
}

/**
 * Delivers a thread reply to a service's `/slack/events` as Slack does (a signed `event_callback`,
 * with `x-slack-retry-num` on a redelivery). Resolves with the HTTP status, or 0 when nothing
 * answered within `timeoutMs` (which Slack treats as a failed delivery too).
 */
export async function deliverReply(
  eventsUrl: string,
  reply: ThreadReply,
  timeoutMs = 10_000,
): Promise<number> {
  const event = {
    type: 'message',
    channel: reply.channel,
    channel_type: 'channel',
    user: reply.user,
    text: reply.text,
    ts: reply.ts,
    thread_ts: reply.threadTs,
  };
  const body = JSON.stringify(eventCallback(event, reply.eventId));
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
  };
  if (reply.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(reply.retryNum);
    headers['x-slack-retry-reason'] = 'http_error';
  }
  try {
    const response = await fetch(eventsUrl, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
