import type { AnswerStatus, Round } from './types.js';

/** Stored answers and names are capped so a pasted novel cannot bloat the database or a reveal. */
export const MAX_ANSWER_LENGTH = 4000;
export const MAX_NAME_LENGTH = 80;

export function clampText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
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
