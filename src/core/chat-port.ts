import type { DigestMessage } from './digest.js';
import type { Channel, Platform, Round } from './types.js';
import type { View } from './views.js';

/**
 * The ports towards the chat platforms (one Chat per platform) and the metrics the service
 * exposes; re-exported by src/core/ports.ts with the store ports.
 */

/** What the core asks a chat platform to do. One implementation per platform. */
export interface Chat {
  readonly platform: Platform;
  /**
   * Posts a round's question; returns the message id, which is also the answers' thread. The
   * message carries the round id where the platform allows (Slack metadata, Discord nonce).
   */
  postQuestion(channel: Channel, round: Round, question: View): Promise<string>;
  /**
   * The question message an earlier attempt already posted for this round (it may have crashed
   * before recording it, or lost the platform's answer), or null. Checked before any re-post.
   */
  findQuestion(channel: Channel, round: Round): Promise<string | null>;
  /**
   * Posts the reveal in the round's thread (one or more messages), announces it in the channel
   * and marks the question closed. Parts are numbered in order: the reveal's messages, then the
   * announcement. Parts `progress.delivered` says are out are not sent again; every part that
   * gets out is reported through `progress.partDelivered` before the next is sent. Closing the
   * question and the thread is idempotent and best effort.
   */
  postReveal(
    channel: Channel,
    round: Round,
    reveal: View,
    closedQuestion: View,
    progress: RevealProgress,
  ): Promise<void>;
  /** Tells an admin privately that something needs their attention (a paused channel). */
  notifyAdmin(channel: Channel, userId: string, message: View): Promise<void>;
  /** Posts a notice in the channel itself, for when its admin cannot be reached privately. */
  postNotice(channel: Channel, message: View): Promise<void>;
  /**
   * Shows one answerer their private feedback on a revealed round, unprompted (Slack: an
   * ephemeral message in the round's thread). Optional: where it is absent the note is shown
   * only when they press the reveal's feedback button.
   */
  sendPrivateNote?(channel: Channel, round: Round, userId: string, note: View): Promise<void>;
  /**
   * Posts the deadline reminder in the round's thread, once (src/core/reminder-sender.ts).
   * Optional: a platform without it gets no reminder.
   */
  postReminder?(channel: Channel, round: Round, message: View): Promise<void>;
  /**
   * Shows one person their private nudge before the deadline (Slack: an ephemeral message in the
   * thread; Discord: a DM). A refusal about that person only throws `recipient_unavailable`.
   */
  sendNudge?(channel: Channel, round: Round, userId: string, message: View): Promise<void>;
  /**
   * Posts the weekly digest in the channel, once (src/core/digest-sender.ts): the chart image
   * with its text (Slack: a file upload; Discord: an attachment with an embed), or the text
   * alone when `digest.image` is null. Never retried by the core. Optional: no digest without it.
   */
  postDigest?(channel: Channel, digest: DigestMessage): Promise<void>;
}

/** What the core knows of a reveal's earlier attempts, and how it learns of each part sent. */
export interface RevealProgress {
  /** Parts already on the platform: skipped. */
  readonly delivered: number;
  /**
   * An earlier attempt failed in a way that may have delivered part `delivered` anyway (a 5xx
   * after the platform stored it, a timeout): look for it before sending it.
   */
  readonly lookFirst: boolean;
  /** Called with the number of parts now on the platform, after each one. */
  partDelivered(count: number): Promise<void>;
}

/** Counters the service exposes (Prometheus names, without the `sa_quiz_` prefix). */
export type CounterName =
  | 'rounds_posted_total'
  | 'rounds_skipped_total'
  | 'reveals_total'
  | 'answers_recorded_total'
  | 'platform_errors_total'
  | 'platform_rate_limited_total';

/** Where the core and the adapters report what happened; rendered for /metrics at the edge. */
export interface Metrics {
  count(name: CounterName, labels?: Readonly<Record<string, string>>): void;
  /** Seconds one scheduler tick took. */
  observeTick(seconds: number): void;
}

export const noMetrics: Metrics = { count: () => {}, observeTick: () => {} };
