import { asChatError } from './failures.js';
import { feedbackNoteView } from './feedback-views.js';
import { keyPointsFor } from './grading/key-points.js';
import { KEYWORD_GRADER } from './grading/keyword-grader.js';
import type { AnswerGrade } from './grading/types.js';
import { messages } from './i18n/catalog.js';
import { channelFields } from './logger.js';
import { dueCard } from './practice.js';
import type { Runtime } from './runtime.js';
import { textFor } from './selection.js';
import type { Answer, Channel, KeyPoint, Question, Round } from './types.js';
import type { View } from './views.js';

/**
 * What follows from the grades at the reveal: each on-time answer is graded once (stored with the
 * grader's name and version; by the keyword grader while the round is open, src/core/grading-ahead.ts,
 * and the last minute's by the reveal), an LLM may refine them, weak answers come back in their
 * author's practice queue, and each answerer gets one private note.
 */

/** Below this coverage a daily answer comes back as a practice card. */
export const WEAK_SCORE = 0.5;
/** Someone whose streak of at least this many rounds ends by missing one gets the question back. */
export const REGULAR_STREAK = 3;
const LLM_CONCURRENCY = 4;

/**
 * The most an LLM may hold up a reveal, well inside the reveal's lease: answers not reached by
 * then keep their keyword grade.
 */
export const REFINE_BUDGET_MS = 90_000;

/** Whether a graded answer is weak enough to come back in practice. */
export function isWeak(grade: AnswerGrade): boolean {
  return !grade.attempt || (grade.total > 0 && grade.score < WEAK_SCORE);
}

export class Feedback {
  constructor(private readonly rt: Runtime) {}

  /**
   * After the reveal is committed, before any of it is sent: an LLM grader (when configured)
   * refines the deterministic grades, then weak answers and regulars who missed the round get
   * the question back as a due practice card. `graded` are the round's counted answers as the
   * reveal graded them, `lapsed` the regulars (a streak of `REGULAR_STREAK` or more) whose
   * streak the round ended or froze; returns the answers as they are now (refined, if they were).
   */
  async afterReveal(
    channel: Channel,
    round: Round,
    question: Question,
    graded: readonly Answer[],
    lapsed: readonly string[],
    now: Date,
  ): Promise<readonly Answer[]> {
    const { store } = this.rt;
    const keyPoints = keyPointsFor(question, channel.locale);
    let counted = graded;
    if (this.rt.grader.name !== KEYWORD_GRADER && keyPoints.length > 0) {
      await this.refine(channel, round, question, keyPoints);
      counted = await store.listCountedAnswers(round.id);
    }
    const weak = counted.filter((a) => a.grade && isWeak(a.grade)).map((a) => a.userId);
    // A regular who missed it gets it back, whether the streak ended or a freeze kept it.
    const users = [...new Set([...weak, ...lapsed])];
    if (round.kind === 'daily' && users.length > 0)
      await store.bringBackCards(
        channel.workspaceId,
        users.map((userId) => ({ userId, card: dueCard(question.key, now) })),
        now,
      );
    return counted;
  }

  private async refine(
    channel: Channel,
    round: Round,
    question: Question,
    keyPoints: readonly KeyPoint[],
  ): Promise<void> {
    const { store, grader } = this.rt;
    const text = textFor(question, channel.locale);
    const todo = (await store.listCountedAnswers(round.id)).filter(
      (a) => a.grade?.grader === KEYWORD_GRADER && a.grade.attempt,
    );
    const refined: { answerId: number; grade: AnswerGrade }[] = [];
    const started = this.rt.clock.now().getTime();
    for (let i = 0; i < todo.length; i += LLM_CONCURRENCY) {
      if (this.rt.clock.now().getTime() - started > REFINE_BUDGET_MS) {
        this.rt.log.warn(
          { ...channelFields(channel), roundId: round.id, refined: refined.length, left: todo.length - i },
          'the LLM grader ran out of time; the other answers keep their keyword grade',
        );
        break;
      }
      const batch = todo.slice(i, i + LLM_CONCURRENCY);
      const grades = await Promise.all(
        batch.map((a) => grader.grade({ locale: channel.locale, question: text, keyPoints, answer: a.text })),
      );
      grades.forEach((grade, j) => {
        const answer = batch[j];
        if (answer && grade.grader !== KEYWORD_GRADER) refined.push({ answerId: answer.id, grade });
      });
    }
    await store.saveGrades(refined, 'refine');
    this.rt.log.info(
      { ...channelFields(channel), roundId: round.id, graded: refined.length },
      'answers graded',
    );
  }

  /**
   * Sends each answerer their note once, where the platform can (Slack: an ephemeral message in
   * the thread). Each note is attempted at most once; one that fails is not retried (the
   * reveal's button shows it on demand) and the failures are logged once per round. `counted`:
   * the round's counted answers with their grades.
   */
  async sendNotes(channel: Channel, round: Round, counted: readonly Answer[]): Promise<void> {
    const chat = this.rt.chats.get(channel.platform);
    if (!chat?.sendPrivateNote) return;
    const { store } = this.rt;
    const question = await store.getQuestion(round.questionId);
    if (!question) return;
    const m = messages(channel.locale);
    const text = textFor(question, channel.locale);
    const keyPoints = keyPointsFor(question, channel.locale);
    // Nothing to say unprompted about a question that is not graded; the button still answers.
    if (keyPoints.length === 0) return;
    const byId = new Map(counted.map((a) => [a.id, a]));
    // An answer counted after `counted` was read (none should be: the round is revealed) waits
    // for the reveal's button.
    const claimed = (await store.claimNotes(round.id)).flatMap((id) => byId.get(id) ?? []);
    const failures = new Map<string, number>();
    // Only what failed is written down: a claimed note is never sent again whatever happened, so
    // a sent one needs no second write (at 2,000 notes that write was most of the reveal's).
    const failed: number[] = [];
    for (const [index, answer] of claimed.entries()) {
      const note = feedbackNoteView(m, round, text, keyPoints, answer, cameBack(round, answer));
      try {
        await chat.sendPrivateNote(channel, round, answer.userId, note);
      } catch (error) {
        const failure = asChatError(error);
        failures.set(failure.kind, (failures.get(failure.kind) ?? 0) + 1);
        failed.push(answer.id);
        // Only a failure about this one person or this one note lets the next note be tried: the
        // channel refusing, a rate limit or a platform in trouble would refuse the rest too.
        if (failure.problem !== 'recipient_unavailable' && failure.kind !== 'invalid_payload') {
          failed.push(...claimed.slice(index + 1).map((a) => a.id));
          break;
        }
      }
    }
    await store.markNotesFailed(failed);
    if (failures.size > 0)
      this.rt.log.warn(
        {
          ...channelFields(channel),
          roundId: round.id,
          notes: claimed.length,
          failed: Object.fromEntries(failures),
        },
        'some feedback notes were not sent; the reveal button shows them',
      );
  }

  /** The "내 피드백" button: the presser's own note on a revealed round of this channel. */
  async noteFor(
    channel: Channel,
    locale: Channel['locale'],
    userId: string,
    roundRef: string,
  ): Promise<View | 'unknown_round' | 'not_revealed' | 'no_answer'> {
    const { store } = this.rt;
    const round = /^\d{1,12}$/.test(roundRef) ? await store.getRound(Number(roundRef)) : null;
    if (!round || round.channelId !== channel.id) return 'unknown_round';
    if (round.status !== 'revealed') return 'not_revealed';
    const answer = await store.countedAnswerOf(round.id, userId);
    const question = await store.getQuestion(round.questionId);
    if (!answer || !question) return 'no_answer';
    const text = textFor(question, locale);
    return feedbackNoteView(
      messages(locale),
      round,
      text,
      keyPointsFor(question, locale),
      answer,
      cameBack(round, answer),
    );
  }
}

function cameBack(round: Round, answer: Answer): boolean {
  return round.kind === 'daily' && answer.grade !== null && isWeak(answer.grade);
}
