import type { webApi } from '@slack/bolt';
import { messages } from '../../core/i18n/catalog.js';
import type { ReplyOutcome } from '../../core/quiz.js';
import { messageView, replyOutcomeView } from '../../core/render.js';
import type { View } from '../../core/views.js';
import { renderMessages } from './slack-blocks.js';
import { type SlackContext, slackAddress } from './slack-context.js';
import { platformErrorCode, toChatError } from './slack-errors.js';
import { UNREACHABLE_PERSON } from './slack-notes.js';

/**
 * Private hints for messages that do not count as answers: a reply after the deadline, a second
 * reply by someone who already answered, and a message written in the channel itself while its
 * question is open. Each hint is an ephemeral message only its author sees (in the thread for
 * replies), sent at most once per round, person and kind: the idempotency store remembers it, so
 * a retried event, a restart or a second replica does not repeat it. Hints run off the event's
 * ack path and are a courtesy: one Slack refuses is dropped, never retried.
 */

export type HintKind = 'late' | 'extra' | 'top_level';

/** The idempotency key of one hint: once per kind, round and person. */
export function hintKey(kind: HintKind, roundId: number, userId: string): string {
  return `hint:${kind}:${roundId}:${userId}`;
}

interface Target {
  readonly channel: string;
  readonly user: string;
  /** Set for a hint about a thread reply: Slack shows it inside the thread. */
  readonly threadTs?: string;
}

/** Hint keys this process has claimed, remembered so a repeat costs no database query. */
const REMEMBERED_HINTS = 10_000;

export class ReplyHints {
  private readonly claimed = new Set<string>();

  constructor(private readonly ctx: SlackContext) {}

  /**
   * After a thread reply was stored: tells its author when it was kept but does not count.
   * `client` is the workspace's post client (never retries by itself, rejects 429s: a hint is not
   * worth holding up the shared queue, or sending twice after an ambiguous 5xx).
   */
  afterReply(
    outcome: ReplyOutcome,
    target: Target & { readonly threadTs: string },
    client: webApi.WebClient,
  ): void {
    if (outcome.kind !== 'recorded') return;
    const kind: HintKind | null =
      outcome.status === 'late' ? 'late' : outcome.status === 'extra' ? 'extra' : null;
    if (!kind) return;
    const key = hintKey(kind, outcome.round.id, target.user);
    // Someone writing ten extra replies is hinted (and the database asked) once.
    if (!this.remember(key)) return;
    const view = replyOutcomeView(messages(outcome.channel.locale), outcome);
    this.ctx.courtesy.run(
      outcome.channel.workspaceExternalId,
      'chat.postEphemeral',
      'reply hint failed',
      () => this.send(key, target, view, client),
    );
  }

  /** A person's message in the channel itself: told to answer in the thread, if a round is open. */
  topLevel(teamId: string, target: Target, client: webApi.WebClient): void {
    this.ctx.courtesy.run(teamId, 'chat.postEphemeral', 'reply-in-thread hint failed', async () => {
      // Someone who already answered in the thread is just chatting: no hint for them.
      const open = await this.ctx.quiz.openRoundAt(slackAddress(teamId, target.channel), target.user);
      if (!open || open.answered) return;
      const key = hintKey('top_level', open.round.id, target.user);
      if (!this.remember(key)) return;
      const view = messageView('info', messages(open.channel.locale).failures.replyInThread);
      await this.send(key, target, view, client);
    });
  }

  /** False when this process has seen `key` already (no need to ask the database again). */
  private remember(key: string): boolean {
    if (this.claimed.has(key)) return false;
    if (this.claimed.size >= REMEMBERED_HINTS) this.claimed.clear();
    this.claimed.add(key);
    return true;
  }

  /** Sends the hint unless anyone (another replica, this process before a restart) claimed `key`. */
  private async send(key: string, target: Target, view: View, client: webApi.WebClient): Promise<void> {
    if (!(await this.ctx.quiz.firstDelivery('slack', key))) return;
    for (const message of renderMessages(view)) {
      try {
        await client.chat.postEphemeral({
          channel: target.channel,
          user: target.user,
          text: message.text,
          blocks: message.blocks,
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        });
      } catch (error) {
        this.dropped(key, target, error);
        return;
      }
    }
  }

  /** What a refused hint means: nothing for the person; for the channel, its next post will tell. */
  private dropped(key: string, target: Target, error: unknown): void {
    const kind = key.split(':')[1];
    const code = platformErrorCode(error);
    if (code && UNREACHABLE_PERSON.has(code)) {
      this.ctx.log.info(
        { channel: target.channel, hint: kind, code },
        'hint not shown: the person is not here',
      );
      return;
    }
    const failure = toChatError(error);
    const fields = { channel: target.channel, hint: kind, kind: failure.kind, err: failure.message };
    if (failure.kind === 'invalid_payload')
      this.ctx.log.error(fields, 'Slack rejected a hint (a bug in sa-quiz)');
    else if (failure.kind === 'rate_limited') this.ctx.log.info(fields, 'hint dropped: rate limited');
    else this.ctx.log.warn(fields, 'hint dropped');
  }
}
