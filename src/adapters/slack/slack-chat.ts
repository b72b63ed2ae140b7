import type { webApi } from '@slack/bolt';
import type { DigestMessage } from '../../core/digest.js';
import { ChatError } from '../../core/failures.js';
import { messages } from '../../core/i18n/catalog.js';
import type { Logger } from '../../core/logger.js';
import type { Chat, RevealProgress } from '../../core/ports.js';
import { questionTitleOf } from '../../core/render.js';
import type { Channel, Round } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { escapeMrkdwn, plainVersion, renderMessages, type SlackMessage } from './slack-blocks.js';
import type { CourtesyCalls } from './slack-courtesy.js';
import { postSlackDigest } from './slack-digest.js';
import { chatCall, toChatError, waitingOutRateLimits } from './slack-errors.js';
import { SlackNotes } from './slack-notes.js';

/** Message metadata type marking a round's question (needs no extra scope to write or read). */
export const ROUND_EVENT_TYPE = 'sa_quiz_round';
/** Message metadata type marking one part of a round's reveal. */
export const REVEAL_EVENT_TYPE = 'sa_quiz_reveal';
/** Message metadata type marking a round's deadline reminder. */
export const REMINDER_EVENT_TYPE = 'sa_quiz_reminder';
/** Pages read when looking for an earlier attempt's message (apps outside the Marketplace get 15 a page). */
const MAX_LOOKUP_PAGES = 10;

interface Metadata {
  readonly event_type: string;
  readonly event_payload: Record<string, string | number>;
}

/** The clients of one workspace's bot token (see SlackTeams). */
export interface PostingClients {
  /** Retries failed calls by itself: reads and idempotent calls (history, conversations.open, chat.update). */
  readonly client: webApi.WebClient;
  /** Never retries by itself (retries: 0, 429s rejected): every call that creates a message. */
  readonly postClient: webApi.WebClient;
}

/** Where the Chat finds a workspace's clients: SlackTeams, or `oneTeam` for a single token. */
export interface TeamSource {
  ofTeam(teamId: string): Promise<PostingClients>;
}

/** Every workspace spoken to with the same clients (one SLACK_BOT_TOKEN; the tests). */
export function oneTeam(client: webApi.WebClient, postClient: webApi.WebClient = client): TeamSource {
  const clients = { client, postClient };
  return { ofTeam: async () => clients };
}

interface Post {
  readonly team: PostingClients;
  readonly channel: string;
  readonly message: SlackMessage;
  readonly threadTs?: string;
  readonly broadcast?: boolean;
  readonly metadata?: Metadata;
}

/**
 * The core's Chat on Slack: the question is a channel message whose thread collects the answers;
 * the reveal is a thread reply (several when long) plus a short broadcast reply that announces it
 * in the channel; the question is then edited to its closed form.
 *
 * Every message goes through a client that never retries by itself: a post that failed
 * ambiguously (5xx, timeout) may have been stored, so only the core tries again, after this Chat
 * has looked for it by its message metadata (the round id, and the reveal part). A 429 posted
 * nothing: it waits Retry-After here, a few times, then hands the core a rate_limited error. A
 * message (a question, a reveal part) whose blocks Slack rejects as invalid is sent once more as
 * plain text; if that is refused too, the core gives it up.
 */
export class SlackChat implements Chat {
  readonly platform = 'slack' as const;

  /**
   * @param teams each workspace's clients, found by the channel's team (its own token in
   *   distribution mode); a workspace without an installation fails as `app_removed`
   * @param courtesy paces nudges (chat.postEphemeral) at Slack's tier per workspace
   */
  constructor(
    private readonly teams: TeamSource,
    private readonly log: Logger,
    private readonly courtesy?: CourtesyCalls,
  ) {}

  private team(channel: Channel): Promise<PostingClients> {
    return this.teams.ofTeam(channel.workspaceExternalId);
  }

  /** One chat.postMessage; a 429 (nothing was posted) waits Retry-After and tries again. */
  private async post(post: Post): Promise<string> {
    const base = {
      channel: post.channel,
      text: post.message.text,
      // The plain-text fallback has no blocks at all: Slack then shows `text` as the message.
      ...(post.message.blocks.length > 0 ? { blocks: post.message.blocks } : {}),
      unfurl_links: false,
      unfurl_media: false,
      ...(post.metadata ? { metadata: post.metadata } : {}),
    };
    const threaded = post.threadTs
      ? post.broadcast
        ? { ...base, thread_ts: post.threadTs, reply_broadcast: true }
        : { ...base, thread_ts: post.threadTs }
      : base;
    try {
      const posted = await waitingOutRateLimits(
        () => post.team.postClient.chat.postMessage(threaded),
        (retryAfter) =>
          this.log.warn(
            { channel: post.channel, retryAfter },
            'Slack rate limit: waiting Retry-After before posting',
          ),
      );
      if (!posted.ts) throw new ChatError('transient', 'chat.postMessage returned no ts');
      return posted.ts;
    } catch (error) {
      throw toChatError(error);
    }
  }

  /** Posts; when Slack rejects the blocks, posts the same content once more as plain mrkdwn text. */
  private async postOrPlain(post: Post): Promise<string> {
    try {
      return await this.post(post);
    } catch (error) {
      if (!(error instanceof ChatError) || error.kind !== 'invalid_payload') throw error;
      this.log.error(
        { channel: post.channel, err: error.message },
        'Slack rejected the blocks (a bug in sa-quiz); sending the same content as plain text',
      );
      return this.post({ ...post, message: { text: plainVersion(post.message), blocks: [] } });
    }
  }

  async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
    const [first, ...rest] = renderMessages(question);
    if (!first) throw new ChatError('invalid_payload', 'empty question view');
    const team = await this.team(channel);
    // The round id travels with the message, so a recovering process can find it (findQuestion).
    // Blocks Slack rejects would fail every attempt: the question goes out as plain text instead
    // (its thread works the same; only the "answer privately" button is lost).
    const ts = await this.postOrPlain({
      team,
      channel: channel.externalId,
      message: first,
      metadata: { event_type: ROUND_EVENT_TYPE, event_payload: { round_id: round.id } },
    });
    for (const more of rest)
      await this.postOrPlain({ team, channel: channel.externalId, message: more, threadTs: ts });
    return ts;
  }

  /**
   * The channel's history since the round was claimed, looking for this app's message carrying
   * the round's metadata, page by page.
   */
  async findQuestion(channel: Channel, round: Round): Promise<string | null> {
    const { client } = await this.team(channel);
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
      const history = await chatCall(() =>
        client.conversations.history({
          channel: channel.externalId,
          // Slack timestamps are seconds; a minute of slack covers clock skew with Slack's servers.
          oldest: String(Math.floor(round.claimedAt.getTime() / 1000) - 60),
          limit: 100,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const message of history.messages ?? []) {
        const payload = (message.metadata?.event_payload ?? {}) as { round_id?: unknown };
        if (
          message.metadata?.event_type === ROUND_EVENT_TYPE &&
          Number(payload.round_id) === round.id &&
          message.ts
        )
          return message.ts;
      }
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!history.has_more || !cursor) break;
    }
    return null;
  }

  /**
   * Reveal parts of the round already in its thread, by their metadata. Only messages since the
   * reveal are read (the answers before it are not the bot's), page by page: apps outside the
   * Marketplace get 15 messages a call.
   */
  private async partsInThread(
    client: webApi.WebClient,
    channel: Channel,
    thread: string,
    round: Round,
  ): Promise<Set<number>> {
    const since = (round.revealedAt ?? round.revealAt).getTime();
    const parts = new Set<number>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
      const replies = await chatCall(() =>
        client.conversations.replies({
          channel: channel.externalId,
          ts: thread,
          // A minute of slack covers clock skew with Slack's servers.
          oldest: String(Math.floor(since / 1000) - 60),
          limit: 200,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const message of replies.messages ?? []) {
        const payload = (message.metadata?.event_payload ?? {}) as { round_id?: unknown; part?: unknown };
        if (message.metadata?.event_type === REVEAL_EVENT_TYPE && Number(payload.round_id) === round.id)
          parts.add(Number(payload.part));
      }
      cursor = replies.response_metadata?.next_cursor || undefined;
      if (!replies.has_more || !cursor) break;
    }
    return parts;
  }

  async postReveal(
    channel: Channel,
    round: Round,
    reveal: View,
    closedQuestion: View,
    progress: RevealProgress,
  ): Promise<void> {
    const thread = round.messageRef;
    if (!thread) throw new ChatError('invalid_payload', `round ${round.id} was never posted`);
    const team = await this.team(channel);
    const title = questionTitleOf(closedQuestion) ?? reveal.title;
    const announcement = escapeMrkdwn(messages(channel.locale).revealAnnouncement(title));
    const parts: Post[] = [
      ...renderMessages(reveal).map((message) => ({
        team,
        channel: channel.externalId,
        message,
        threadTs: thread,
      })),
      {
        team,
        channel: channel.externalId,
        threadTs: thread,
        broadcast: true,
        message: {
          text: announcement,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: announcement, verbatim: true } }],
        },
      },
    ];
    const already = progress.lookFirst
      ? await this.partsInThread(team.client, channel, thread, round)
      : new Set<number>();
    for (let part = progress.delivered; part < parts.length; part++) {
      const post = parts[part];
      if (!post) continue;
      if (!already.has(part))
        await this.postOrPlain({
          ...post,
          metadata: { event_type: REVEAL_EVENT_TYPE, event_payload: { round_id: round.id, part } },
        });
      await progress.partDelivered(part + 1);
    }
    const [closed] = renderMessages(closedQuestion);
    if (closed)
      await this.bestEffort(channel, 'closing the question', () =>
        team.client.chat.update({
          channel: channel.externalId,
          ts: thread,
          text: closed.text,
          blocks: closed.blocks,
        }),
      );
  }

  /**
   * An answerer's feedback note: an ephemeral message in the round's thread (see SlackNotes for
   * what each refusal means).
   */
  async sendPrivateNote(channel: Channel, round: Round, userId: string, note: View): Promise<void> {
    return (await this.notes(channel)).send(channel, round, userId, note);
  }

  private async notes(channel: Channel): Promise<SlackNotes> {
    return new SlackNotes((await this.team(channel)).postClient, this.log);
  }

  /**
   * The deadline reminder: one reply in the round's thread, with its metadata. Sent once (the
   * core claims it first); blocks Slack rejects go out once more as plain text.
   */
  async postReminder(channel: Channel, round: Round, message: View): Promise<void> {
    const thread = round.messageRef;
    if (!thread) throw new ChatError('invalid_payload', `round ${round.id} was never posted`);
    const team = await this.team(channel);
    for (const part of renderMessages(message))
      await this.postOrPlain({
        team,
        channel: channel.externalId,
        message: part,
        threadTs: thread,
        metadata: { event_type: REMINDER_EVENT_TYPE, event_payload: { round_id: round.id } },
      });
  }

  /**
   * A private nudge: an ephemeral message in the round's thread (refusals as for feedback notes:
   * `user_not_in_channel` is that person's only), paced at chat.postEphemeral's tier.
   */
  sendNudge(channel: Channel, round: Round, userId: string, message: View): Promise<void> {
    const send = async (): Promise<void> => (await this.notes(channel)).send(channel, round, userId, message);
    return this.courtesy
      ? this.courtesy.call(channel.workspaceExternalId, 'chat.postEphemeral', send)
      : send();
  }

  /** The weekly digest: the chart uploaded with its text (src/adapters/slack/slack-digest.ts). */
  async postDigest(channel: Channel, digest: DigestMessage): Promise<void> {
    const team = await this.team(channel);
    return postSlackDigest(team.postClient, this.log, channel, digest, (message) =>
      this.postOrPlain({ team, channel: channel.externalId, message }),
    );
  }

  async notifyAdmin(channel: Channel, userId: string, message: View): Promise<void> {
    const team = await this.team(channel);
    const opened = await chatCall(() => team.client.conversations.open({ users: userId }));
    const dm = opened.channel?.id;
    if (!dm) throw new ChatError('transient', 'conversations.open returned no channel');
    for (const part of renderMessages(message)) await this.post({ team, channel: dm, message: part });
  }

  async postNotice(channel: Channel, message: View): Promise<void> {
    const team = await this.team(channel);
    for (const part of renderMessages(message))
      await this.post({ team, channel: channel.externalId, message: part });
  }

  private async bestEffort(channel: Channel, what: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await chatCall(call);
    } catch (error) {
      const failure = toChatError(error);
      this.log.warn({ channelId: channel.id, kind: failure.kind, err: failure.message }, `${what} failed`);
    }
  }
}
