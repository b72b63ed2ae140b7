import { randomBytes } from 'node:crypto';
import type { DigestMessage } from '../../core/digest.js';
import type { Chat, RevealProgress } from '../../core/ports.js';
import type { Channel, Round } from '../../core/types.js';
import type { View } from '../../core/views.js';
import { consoleDigest, defaultDigestDir } from './console-digest.js';
import { renderText } from './render-text.js';

/** A tag for one console session's message ids, so ids of two runs on one data directory never meet. */
export function sessionTag(): string {
  return randomBytes(3).toString('hex');
}

/** How a console message id is shown and typed: `m2` for `3fa9c1/m2`. */
export function shownRef(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/**
 * The terminal as a chat platform: messages are printed as `m1`, `m2`, ... and stored under this
 * session's tag (`3fa9c1/m1`), since the next session counts from 1 again in the same channel.
 */
export class ConsoleChat implements Chat {
  readonly platform = 'console' as const;
  private nextId = 1;
  /** Round id → message id: the terminal is one process, so memory is its whole history. */
  private readonly posted = new Map<number, string>();

  constructor(
    private readonly write: (text: string) => void,
    private readonly tag: string = sessionTag(),
    /** Where weekly digest images are written (src/adapters/console/console-digest.ts). */
    private readonly digestDir: string = defaultDigestDir(),
  ) {}

  async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
    const shown = `m${this.nextId++}`;
    const id = this.tag === '' ? shown : `${this.tag}/${shown}`;
    this.posted.set(round.id, id);
    this.write(
      `\n#${channel.name} · ${shown}\n${renderText(question)}\n  (reply in the thread: type your answer, or "name: answer")`,
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
      this.write(
        `\n#${channel.name} · thread of ${shownRef(round.messageRef ?? '?')}\n${renderText(reveal, '  ↳ ')}`,
      );
      await progress.partDelivered(1);
    }
    this.write(
      `\n#${channel.name} · ${shownRef(round.messageRef ?? '?')} (edited)\n${renderText(closedQuestion)}`,
    );
  }

  async postNotice(channel: Channel, message: View): Promise<void> {
    this.write(`\n#${channel.name}\n${renderText(message)}`);
  }

  /** A note only its reader would see on a real platform, shown with who it is for. */
  async sendPrivateNote(channel: Channel, round: Round, userId: string, note: View): Promise<void> {
    this.write(
      `\n#${channel.name} · thread of ${shownRef(round.messageRef ?? '?')} · only ${userId} sees this\n${renderText(note, '  🔒 ')}`,
    );
  }

  async postReminder(channel: Channel, round: Round, message: View): Promise<void> {
    this.write(
      `\n#${channel.name} · thread of ${shownRef(round.messageRef ?? '?')}\n${renderText(message, '  ↳ ')}`,
    );
  }

  /** A nudge only its reader would see on a real platform, shown with who it is for. */
  async sendNudge(channel: Channel, round: Round, userId: string, message: View): Promise<void> {
    this.write(
      `\n#${channel.name} · thread of ${shownRef(round.messageRef ?? '?')} · only ${userId} sees this\n${renderText(message, '  🔔 ')}`,
    );
  }

  /** The weekly digest: its text chart, and the path of the PNG written for it. */
  async postDigest(channel: Channel, digest: DigestMessage): Promise<void> {
    this.write(`\n#${channel.name}\n${await consoleDigest(this.digestDir, channel, digest)}`);
  }

  async notifyAdmin(channel: Channel, userId: string, message: View): Promise<void> {
    this.write(`\n(DM to ${userId} about #${channel.name})\n${renderText(message)}`);
  }
}
