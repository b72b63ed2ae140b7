import type { AnswerGrade } from './grading/types.js';
import type {
  Answer,
  AnswerStatus,
  Channel,
  ChannelAddress,
  Locale,
  RevealedChanges,
  Round,
  Streak,
} from './types.js';

/** The answer and streak ports of the Store (src/core/ports.ts): recording, grading, notes, streaks. */

export interface NewAnswer {
  readonly roundId: number;
  readonly userId: string;
  readonly userName: string;
  readonly messageRef: string;
  readonly text: string;
  readonly status: AnswerStatus;
  readonly at: Date;
}

/**
 * Where a reply was recorded: what the work after the ack needs (hints, reactions, the name
 * lookup), and no more. The answer path returns only these columns: reading the whole channel,
 * workspace and round back cost a third of its throughput.
 */
export interface RecordedPlace {
  readonly round: Pick<Round, 'id'>;
  readonly channel: Pick<Channel, 'id' | 'locale' | 'workspaceExternalId'>;
}

/** What `recordAnswer` found and did. */
export interface IntakeResult extends RecordedPlace {
  /** The status the new answer was given (the rule of `statusOfNewReply`). */
  readonly decided: AnswerStatus;
  /**
   * The stored answer, or null when nothing was inserted: the message was stored before, or
   * (only when `decided` is counted) another reply of the user was counted at the same moment.
   */
  readonly answerId: number | null;
}

/** The answer path's own statements. */
export interface AnswerIntake {
  /**
   * In one round trip: the round whose message is `threadRef` in the addressed channel, and the
   * reply stored in it with the status the rules give; null when no round has that message.
   */
  recordAnswer(
    address: ChannelAddress,
    threadRef: string,
    answer: Omit<NewAnswer, 'roundId' | 'status'>,
  ): Promise<IntakeResult | null>;
  /** Fills in the author's name of answers stored without one (looked up after the ack). */
  nameAnswerAuthors(answerIds: readonly number[], userName: string): Promise<void>;
}

/** A grade to store; with `text`, only if the answer still reads so (an edit clears its grade). */
export interface GradeToSave {
  readonly answerId: number;
  readonly grade: AnswerGrade;
  readonly text?: string;
}

export interface UngradedAnswer {
  readonly id: number;
  readonly text: string;
  readonly questionId: number;
  readonly locale: Locale;
}

export interface AnswerStore {
  /** Null when the same message was already stored (a retried or duplicated event). */
  insertAnswer(answer: NewAnswer): Promise<Answer | null>;
  findAnswer(roundId: number, messageRef: string): Promise<Answer | null>;
  /** The user's counted answer in the round, if any. */
  countedAnswerOf(roundId: number, userId: string): Promise<Answer | null>;
  listAnswers(roundId: number): Promise<Answer[]>;
  /** `listAnswers` of status `counted` only: what a reveal, its grades and its notes read. */
  listCountedAnswers(roundId: number): Promise<Answer[]>;
  /**
   * A new text clears the answer's grade: it is graded again from what it says now. A text edit
   * goes through `editOpenAnswer`, so that no edit lands on a round being revealed.
   */
  updateAnswer(id: number, patch: { text?: string; status?: AnswerStatus }, at: Date): Promise<void>;
  /**
   * Records grades of counted answers. `first`: only where none is stored (the keyword grader's,
   * while the round is open); `refine`: also replaces a deterministic grade (the reveal's, for a
   * grade made against key points since changed; an LLM's, made before anything of the reveal
   * was shown). A grade is never changed otherwise; one made from a text the answer no longer
   * has is not stored.
   */
  /**
   * Replaces an answer's text (clearing its grade) only while its round is open, holding the
   * round's row against the reveal meanwhile: an edit lands before the reveal's claim (which
   * then grades it) or not at all. False when the round is no longer open.
   */
  editOpenAnswer(answerId: number, roundId: number, text: string, at: Date): Promise<boolean>;
  saveGrades(grades: readonly GradeToSave[], mode: 'first' | 'refine'): Promise<void>;
  /**
   * Counted answers of open rounds that have no grade yet, oldest first, with what grading them
   * needs (ids above `afterId`): graded while the round is open, so the reveal has only the last
   * minute's left to do. With `round`: that round's, whatever its state (the reveal's leftovers),
   * and also those with a keyword grade made against other key points than `round.basis`.
   */
  listUngradedAnswers(
    limit: number,
    afterId: number,
    round?: { readonly id: number; readonly basis: string },
  ): Promise<UngradedAnswer[]>;
  /**
   * Takes the round's counted answers whose private note was never attempted and marks them
   * `claimed`: whoever gets an answer's id here is the only one who sends its note, at most once.
   */
  claimNotes(roundId: number): Promise<number[]>;
  /** Records which claimed notes failed (bookkeeping only: no claimed note is sent again). */
  markNotesFailed(answerIds: readonly number[]): Promise<void>;
}

export interface StreakStore {
  listStreaks(channelId: number): Promise<Streak[]>;
  /** One person's streak in the channel (with the freezes they hold), or null before their first answer. */
  streakOf(channelId: number, userId: string): Promise<Streak | null>;
  saveStreaks(channelId: number, streaks: readonly Streak[], at: Date): Promise<void>;
  /**
   * `applyRevealedRound` (src/core/streaks.ts) for a round being revealed, done where the
   * streaks are, in one statement: the round's counted answerers gain one unless their answer is
   * graded as no real attempt (held: neither gains nor loses), the others
   * on a streak use a freeze or drop; the first `listed` changes and the count of the rest are
   * stored on the round. Returns those, and the people on a streak of at least `lapsedFrom` whom
   * the round broke or froze.
   */
  applyRoundStreaks(input: RoundStreaksInput): Promise<RoundStreaksResult>;
}

export interface RoundStreaksInput {
  readonly channelId: number;
  readonly roundId: number;
  readonly rules: { readonly roundsPerFreeze: number; readonly maxFreezes: number };
  readonly listed: number;
  readonly lapsedFrom: number;
  readonly at: Date;
}

export interface RoundStreaksResult extends RevealedChanges {
  readonly lapsed: readonly string[];
}
