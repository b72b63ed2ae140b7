import type { ChatError } from '../../src/core/failures.js';
import type { Chat, RevealProgress } from '../../src/core/ports.js';
import type { Channel, Round } from '../../src/core/types.js';
import { type View, viewToPlainText } from '../../src/core/views.js';

/** What reached the scripted platform, in order. */
export interface Sent {
  readonly channel: string;
  readonly roundId: number;
  readonly kind: 'question' | 'reveal_part' | 'dm' | 'notice';
  readonly part?: number;
  readonly text?: string;
}

/** Where a call can be made to fail: the question post, one reveal part, the admin DM, the channel notice. */
export type Call = 'question' | `part${number}` | 'dm' | 'notice';

/**
 * A platform for core tests (the core is under test, not an adapter): it records what got out and
 * fails the calls a test scripts, per channel and call, with the ChatError an adapter would
 * throw. `deliveredAnyway` makes a failure happen after the message got out (a 5xx after the
 * platform stored it), so the core must look before sending again. A reveal is `revealParts`
 * messages; `findQuestion` and the look-up for reveal parts see what really got out.
 */
export class ScriptedChat implements Chat {
  readonly platform = 'console' as const;
  readonly sent: Sent[] = [];
  /** Every attempted call, failed or not: `channel:call`. */
  readonly attempts: string[] = [];
  private readonly failures = new Map<
    string,
    { error: ChatError; times: number; deliveredAnyway: boolean }
  >();
  private nextId = 1;

  constructor(private readonly revealParts = 3) {}

  /** The next `times` calls of `call` in `channel` fail with `error` (Infinity: until cleared). */
  fail(channel: string, call: Call, error: ChatError, times = Infinity, deliveredAnyway = false): void {
    this.failures.set(`${channel}:${call}`, { error, times, deliveredAnyway });
  }

  clear(channel: string, call?: Call): void {
    for (const key of [...this.failures.keys()])
      if (key.startsWith(`${channel}:`) && (call === undefined || key === `${channel}:${call}`))
        this.failures.delete(key);
  }

  /** Records the attempt and throws if scripted; `deliver` runs first when the failure comes after delivery. */
  private attempt(channel: string, call: Call, deliver: () => void): void {
    this.attempts.push(`${channel}:${call}`);
    const key = `${channel}:${call}`;
    const failure = this.failures.get(key);
    if (!failure || failure.times <= 0) {
      deliver();
      return;
    }
    failure.times -= 1;
    if (failure.deliveredAnyway) deliver();
    throw failure.error;
  }

  count(channel: string, kind: Sent['kind'], roundId?: number): number {
    return this.sent.filter(
      (s) => s.channel === channel && s.kind === kind && (roundId === undefined || s.roundId === roundId),
    ).length;
  }

  attemptsOf(channel: string, call: Call): number {
    return this.attempts.filter((a) => a === `${channel}:${call}`).length;
  }

  async postQuestion(channel: Channel, round: Round, _question: View): Promise<string> {
    const ref = `${channel.externalId}-m${this.nextId++}`;
    this.attempt(channel.externalId, 'question', () =>
      this.sent.push({ channel: channel.externalId, roundId: round.id, kind: 'question', text: ref }),
    );
    return ref;
  }

  async findQuestion(channel: Channel, round: Round): Promise<string | null> {
    const found = this.sent.find(
      (s) => s.channel === channel.externalId && s.roundId === round.id && s.kind === 'question',
    );
    return found?.text ?? null;
  }

  async postReveal(
    channel: Channel,
    round: Round,
    _reveal: View,
    _closed: View,
    progress: RevealProgress,
  ): Promise<void> {
    for (let part = progress.delivered; part < this.revealParts; part++) {
      const already = this.sent.some(
        (s) =>
          s.channel === channel.externalId &&
          s.roundId === round.id &&
          s.kind === 'reveal_part' &&
          s.part === part,
      );
      if (!(progress.lookFirst && already))
        this.attempt(channel.externalId, `part${part}`, () =>
          this.sent.push({ channel: channel.externalId, roundId: round.id, kind: 'reveal_part', part }),
        );
      await progress.partDelivered(part + 1);
    }
  }

  async notifyAdmin(channel: Channel, _userId: string, message: View): Promise<void> {
    this.attempt(channel.externalId, 'dm', () =>
      this.sent.push({ channel: channel.externalId, roundId: 0, kind: 'dm', text: viewToPlainText(message) }),
    );
  }

  async postNotice(channel: Channel, message: View): Promise<void> {
    this.attempt(channel.externalId, 'notice', () =>
      this.sent.push({
        channel: channel.externalId,
        roundId: 0,
        kind: 'notice',
        text: viewToPlainText(message),
      }),
    );
  }
}
