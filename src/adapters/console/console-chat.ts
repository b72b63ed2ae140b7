import type { Chat, RevealProgress } from '../../core/ports.js';
import type { Channel, Round } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { renderText } from './render-text.js';

/** The terminal as a chat platform: messages are printed, ids are `m1`, `m2`, ... */
export class ConsoleChat implements Chat {
  readonly platform = 'console' as const;
  private nextId = 1;
  /** Round id → message id: the terminal is one process, so memory is its whole history. */
  private readonly posted = new Map<number, string>();

  constructor(private readonly write: (text: string) => void) {}

  async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
    const id = `m${this.nextId++}`;
    this.posted.set(round.id, id);
    this.write(
      `\n#${channel.name} · ${id}\n${renderText(question)}\n  (reply in the thread: type your answer, or "name: answer")`,
    );
    return id;
  }

  async findQuestion(_channel: Channel, round: Round): Promise<string | null> {
    return this.posted.get(round.id) ?? null;
  }

  /** The whole reveal is one printed part; printing cannot half-fail. */
  async postReveal(
    channel: Channel,
    round: Round,
    reveal: View,
    closedQuestion: View,
    progress: RevealProgress,
  ): Promise<void> {
    if (progress.delivered === 0) {
      this.write(`\n#${channel.name} · thread of ${round.messageRef ?? '?'}\n${renderText(reveal, '  ↳ ')}`);
      await progress.partDelivered(1);
    }
    this.write(`\n#${channel.name} · ${round.messageRef ?? '?'} (edited)\n${renderText(closedQuestion)}`);
  }

  async postNotice(channel: Channel, message: View): Promise<void> {
    this.write(`\n#${channel.name}\n${renderText(message)}`);
  }

  async notifyAdmin(channel: Channel, userId: string, message: View): Promise<void> {
    this.write(`\n(DM to ${userId} about #${channel.name})\n${renderText(message)}`);
  }
}
