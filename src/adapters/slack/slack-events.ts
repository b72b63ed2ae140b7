import type { App } from '@slack/bolt';
import { unescapeSlackText } from './slack-blocks.js';
import { forRequest, type SlackContext, slackAddress } from './slack-context.js';
import { platformErrorCode } from './slack-errors.js';
import { ReplyHints } from './slack-hints.js';
import { nameLater } from './slack-names.js';
import { previewDirectMessageFile, type SlackFileRef } from './slack-upload.js';

/**
 * `message` events → answers. A reply in a thread is a candidate answer (the core decides whether
 * the thread is a round); `message_changed` edits it, `message_deleted` withdraws it; a file sent
 * to the app's DM is a bank upload; a person's message in the channel itself may deserve a hint
 * that answers go in the thread. Answers are stored before the event is acknowledged (see
 * QuizBoltApp), so a database failure makes Slack retry; a retried delivery finds the answer
 * already stored, and `firstDelivery` keeps the follow-ups (reaction, hint, preview) to one.
 */

/** The reaction that tells a user their answer counted. */
export const COUNTED_REACTION = 'white_check_mark';

export type MessageEvent =
  | {
      readonly kind: 'reply';
      readonly channel: string;
      readonly threadTs: string;
      readonly ts: string;
      readonly user: string;
      readonly isBot: boolean;
      readonly text: string;
    }
  | {
      readonly kind: 'edit';
      readonly channel: string;
      readonly threadTs: string;
      readonly ts: string;
      readonly text: string;
    }
  | { readonly kind: 'delete'; readonly channel: string; readonly threadTs: string; readonly ts: string }
  | { readonly kind: 'dm_file'; readonly channel: string; readonly user: string; readonly file: SlackFileRef }
  /** A person's own message in a channel (not in a thread, not a DM). */
  | { readonly kind: 'channel_message'; readonly channel: string; readonly user: string; readonly ts: string }
  | { readonly kind: 'ignore' };

type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const IGNORE: MessageEvent = { kind: 'ignore' };
/** Subtypes that are a person writing in a thread (plain, "also send to channel", with a file). */
const REPLY_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);
/** Subtypes that are a person writing in the channel itself (not joins, topics, pins, edits...). */
const CHANNEL_MESSAGE_SUBTYPES = new Set([undefined, 'file_share']);
/** Conversations where a round can run: public and private channels (not DMs, group DMs). */
const ROUND_CHANNEL_TYPES = new Set(['channel', 'group']);

function isBotMessage(m: Fields, botUserId: string | undefined): boolean {
  return (
    m.bot_id !== undefined || m.subtype === 'bot_message' || (botUserId !== undefined && m.user === botUserId)
  );
}

function fileOf(value: unknown): SlackFileRef | null {
  const [first] = Array.isArray(value) ? value : [];
  const f = fields(first);
  const id = str(f.id);
  if (!id) return null;
  return {
    id,
    name: str(f.name),
    url_private_download: str(f.url_private_download),
    url_private: str(f.url_private),
    size: typeof f.size === 'number' ? f.size : undefined,
  };
}

/** Reads the parts of a Slack `message` event the quiz cares about. */
export function readMessageEvent(event: unknown, botUserId: string | undefined): MessageEvent {
  const e = fields(event);
  const channel = str(e.channel);
  const subtype = str(e.subtype);
  if (!channel) return IGNORE;
  if (subtype === 'message_changed') {
    const m = fields(e.message);
    const threadTs = str(m.thread_ts);
    const ts = str(m.ts);
    if (!threadTs || !ts || threadTs === ts || isBotMessage(m, botUserId)) return IGNORE;
    return { kind: 'edit', channel, threadTs, ts, text: unescapeSlackText(str(m.text) ?? '') };
  }
  if (subtype === 'message_deleted') {
    const previous = fields(e.previous_message);
    const threadTs = str(previous.thread_ts);
    const ts = str(e.deleted_ts) ?? str(previous.ts);
    if (!threadTs || !ts || threadTs === ts) return IGNORE;
    return { kind: 'delete', channel, threadTs, ts };
  }
  const threadTs = str(e.thread_ts);
  const ts = str(e.ts);
  const user = str(e.user);
  if (subtype === 'file_share' && e.channel_type === 'im' && !threadTs) {
    const file = fileOf(e.files);
    if (!file || !user || isBotMessage(e, botUserId)) return IGNORE;
    return { kind: 'dm_file', channel, user, file };
  }
  if (!threadTs && ts && user && CHANNEL_MESSAGE_SUBTYPES.has(subtype)) {
    const inChannel = typeof e.channel_type === 'string' && ROUND_CHANNEL_TYPES.has(e.channel_type);
    if (!inChannel || e.hidden === true || isBotMessage(e, botUserId)) return IGNORE;
    return { kind: 'channel_message', channel, user, ts };
  }
  if (!threadTs || !ts || threadTs === ts) return IGNORE;
  const isBot = isBotMessage(e, botUserId);
  if (!isBot && !REPLY_SUBTYPES.has(subtype)) return IGNORE;
  const author = user ?? str(e.bot_id);
  if (!author) return IGNORE;
  return {
    kind: 'reply',
    channel,
    threadTs,
    ts,
    user: author,
    isBot,
    text: unescapeSlackText(str(e.text) ?? ''),
  };
}

async function react(ctx: SlackContext, channel: string, ts: string): Promise<void> {
  try {
    await ctx.client.reactions.add({ channel, timestamp: ts, name: COUNTED_REACTION });
  } catch (error) {
    if (platformErrorCode(error) !== 'already_reacted') throw error;
  }
}

export function registerMessageEvents(app: App, base: SlackContext): void {
  const hints = new ReplyHints(base);
  app.event('message', async ({ event, body, context }) => {
    const message = readMessageEvent(event, context.botUserId);
    const ctx = forRequest(base, context);
    if (message.kind === 'ignore') return;
    const teamId = body.team_id;
    const eventId = body.event_id;
    const address = slackAddress(teamId, message.channel);
    switch (message.kind) {
      case 'reply': {
        const outcome = await ctx.quiz.recordReply(address, {
          threadRef: message.threadTs,
          messageRef: message.ts,
          userId: message.user,
          userName: message.isBot ? '' : ctx.users.knownName(message.user),
          isBot: message.isBot,
          text: message.text,
        });
        if (outcome.kind !== 'recorded') return;
        // Recorded happens once per message (its unique key is the event dedupe); all that
        // follows runs after the ack.
        nameLater(ctx, outcome, message.user);
        if (outcome.status === 'counted')
          ctx.courtesy.run(teamId, 'reactions.add', 'reaction failed', () =>
            react(ctx, message.channel, message.ts),
          );
        hints.afterReply(
          outcome,
          {
            channel: message.channel,
            user: message.user,
            threadTs: message.threadTs,
          },
          ctx.postClient,
        );
        return;
      }
      case 'channel_message':
        // Nothing to store: the hint (if a round is open) is worked out after the ack.
        hints.topLevel(teamId, { channel: message.channel, user: message.user }, ctx.postClient);
        return;
      case 'edit':
        await ctx.quiz.editReply(address, message.threadTs, message.ts, message.text);
        return;
      case 'delete':
        await ctx.quiz.deleteReply(address, message.threadTs, message.ts);
        return;
      case 'dm_file':
        if (!(await ctx.quiz.firstDelivery('slack', eventId))) return;
        ctx.inFlight.spawn('bank preview in DM failed', () =>
          previewDirectMessageFile(ctx, teamId, message.channel, message.user, message.file),
        );
        return;
    }
  });
}
