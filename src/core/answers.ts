import { visibleText } from './text.js';
import type { AnswerStatus, Round } from './types.js';

/** Stored answers and names are capped so a pasted novel cannot bloat the database or a reveal. */
export const MAX_ANSWER_LENGTH = 4000;
export const MAX_NAME_LENGTH = 80;

/** At most `max` UTF-16 units, cut between code points (never half an emoji) with `…` at the end. */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** An answer as stored: no characters PostgreSQL refuses or that hide or reorder text, capped. */
export function answerText(text: string): string {
  return clampText(visibleText(text), MAX_ANSWER_LENGTH);
}

/** A person's, channel's or workspace's name as stored and shown. */
export function nameText(name: string): string {
  return clampText(visibleText(name).replace(/\s+/g, ' ').trim(), MAX_NAME_LENGTH);
}

/** Whether answers to the round can still be given, changed or withdrawn at `now`. */
export function isAcceptingAnswers(round: Pick<Round, 'status' | 'revealAt'>, now: Date): boolean {
  return round.status === 'open' && now.getTime() < round.revealAt.getTime();
}

/**
 * A new thread reply: the user's first reply before the deadline counts; a further reply is kept as
 * `extra`; anything after the deadline or the reveal is kept as `late` and never counts.
 */
export function statusOfNewReply(
  round: Pick<Round, 'status' | 'revealAt'>,
  now: Date,
  userAlreadyCounted: boolean,
): AnswerStatus {
  if (!isAcceptingAnswers(round, now)) return 'late';
  return userAlreadyCounted ? 'extra' : 'counted';
}

/** What a deletion does: before the deadline a counted answer is withdrawn; afterwards nothing changes. */
export function statusAfterDeletion(
  round: Pick<Round, 'status' | 'revealAt'>,
  now: Date,
  current: AnswerStatus,
): AnswerStatus {
  if (!isAcceptingAnswers(round, now)) return current;
  return current === 'counted' || current === 'extra' ? 'withdrawn' : current;
}
