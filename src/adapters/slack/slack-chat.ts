import type { webApi } from '@slack/bolt';
import { messages } from '../../core/i18n/catalog.js';
import { type Chat, ChatError } from '../../core/ports.js';
import type { Logger } from '../../core/quiz.js';
import type { Channel, Round } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { escapeMrkdwn, renderMessages, type SlackMessage } from './slack-blocks.js';
import { chatCall, rateLimitDelaySeconds, toChatError } from './slack-errors.js';

/** Message metadata type marking a round's question (needs no extra scope to write or read). */
export const ROUND_EVENT_TYPE = 'sa_quiz_round';
/** How often, and how long at most, a question post waits out a 429 before handing back to the core. */
const MAX_RATE_LIMIT_WAITS = 3;
const MAX_RATE_LIMIT_WAIT_S = 60;

/**
 * The core's Chat on Slack: the question is a channel message whose thread collects the answers;
 * the reveal is a thread reply (several when long) plus a short broadcast reply that announces it
 * in the channel; the question is then edited to its closed form.
 */
export class SlackChat implements Chat {
  readonly platform = 'slack' as const;

  /**
   * @param client the app's client, which retries failed calls by itself
   * @param questionClient a client that never retries by itself (retries: 0, 429s rejected): a
   *   question post that failed ambiguously (5xx, timeout) may have been posted, so only the core
   *   may try again, after looking for it (findQuestion)
   */
  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    private readonly questionClient: webApi.WebClient = client,
  ) {}

  /** The question's top-level post: a 429 (nothing was posted) waits Retry-After and tries again. */
  private async postQuestionMessage(channel: string, message: SlackMessage, round: Round): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const posted = await this.questionClient.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          // The round id travels with the message, so a recovering process can find it (findQuestion).
          metadata: { event_type: ROUND_EVENT_TYPE, event_payload: { round_id: round.id } },
        });
        if (!posted.ts) throw new ChatError('transient', 'chat.postMessage returned no ts');
        return posted.ts;
      } catch (error) {
        const retryAfter = rateLimitDelaySeconds(error);
        if (retryAfter === null || attempt >= MAX_RATE_LIMIT_WAITS || retryAfter > MAX_RATE_LIMIT_WAIT_S) {
          throw toChatError(error);
        }
        this.log.warn(
          { channel, retryAfter },
          'Slack rate limit: waiting Retry-After before posting the question',
        );
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      }
    }
  }

  private async post(channel: string, message: SlackMessage, threadTs?: string): Promise<string> {
    const posted = await chatCall(() =>
      this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
    if (!posted.ts) throw new ChatError('transient', 'chat.postMessage returned no ts');
    return posted.ts;
  }

  async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
    const [first, ...rest] = renderMessages(question);
    if (!first) throw new ChatError('transient', 'empty question view');
    const ts = await this.postQuestionMessage(channel.externalId, first, round);
    for (const more of rest) await this.post(channel.externalId, more, ts);
    return ts;
  }

  /** The channel's recent history, looking for this app's message carrying the round's metadata. */
  async findQuestion(channel: Channel, round: Round): Promise<string | null> {
    const history = await chatCall(() =>
      this.client.conversations.history({
        channel: channel.externalId,
        // Slack timestamps are seconds; a minute of slack covers clock skew with Slack's servers.
        oldest: String(Math.floor(round.claimedAt.getTime() / 1000) - 60),
        limit: 100,
        include_all_metadata: true,
      }),
    );
    for (const message of history.messages ?? []) {
      const metadata = message.metadata;
      // The SDK types the payload as {}; it is the object postQuestion wrote.
      const payload = (metadata?.event_payload ?? {}) as { round_id?: unknown };
      if (metadata?.event_type === ROUND_EVENT_TYPE && Number(payload.round_id) === round.id && message.ts) {
        return message.ts;
      }
    }
    return null;
  }

  async postReveal(channel: Channel, round: Round, reveal: View, closedQuestion: View): Promise<void> {
    const thread = round.messageRef;
    if (!thread) throw new ChatError('transient', `round ${round.id} was never posted`);
    for (const message of renderMessages(reveal)) await this.post(channel.externalId, message, thread);
    // The answer is out; what follows is cosmetic and must not make the core send it again.
    const title = questionTitle(closedQuestion) ?? reveal.title;
    const announcement = escapeMrkdwn(messages(channel.locale).revealAnnouncement(title));
    await this.bestEffort(channel, 'reveal announcement', () =>
      this.client.chat.postMessage({
        channel: channel.externalId,
        thread_ts: thread,
        reply_broadcast: true,
        text: announcement,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: announcement, verbatim: true } }],
      }),
    );
    const [closed] = renderMessages(closedQuestion);
    if (closed)
      await this.bestEffort(channel, 'closing the question', () =>
        this.client.chat.update({
          channel: channel.externalId,
          ts: thread,
          text: closed.text,
          blocks: closed.blocks,
        }),
      );
  }

  async notifyAdmin(_channel: Channel, userId: string, message: View): Promise<void> {
    const opened = await chatCall(() => this.client.conversations.open({ users: userId }));
    const dm = opened.channel?.id;
    if (!dm) throw new ChatError('transient', 'conversations.open returned no channel');
    for (const part of renderMessages(message)) await this.post(dm, part);
  }

  private async bestEffort(channel: Channel, what: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await chatCall(call);
    } catch (error) {
      const kind = error instanceof ChatError ? error.kind : 'transient';
      this.log.warn(
        { channelId: channel.id, kind, err: error instanceof Error ? error.message : String(error) },
        `${what} failed`,
      );
    }
  }
}

/** The question's title as the closed view shows it (its `Q.` section). */
function questionTitle(closed: View): string | undefined {
  for (const block of closed.blocks)
    if (block.kind === 'section' && block.heading === 'Q.') return block.text;
  return undefined;
}
