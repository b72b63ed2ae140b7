import { type Card, createEmptyCard, type Grade as FsrsGrade, fsrs, Rating } from 'ts-fsrs';
import type { Grade } from './i18n/catalog.js';
import type { Store } from './ports.js';
import { dailyCandidates, isOpenQuery, matchesQuery, termsMatchQuery } from './selection.js';
import type { Locale, Question } from './types.js';

/** A user's spaced-repetition memory of one question, in a JSON-friendly shape. */
export interface PracticeCard {
  readonly questionKey: string;
  readonly due: Date;
  readonly stability: number;
  readonly difficulty: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly reps: number;
  readonly lapses: number;
  /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning. */
  readonly state: number;
  readonly lastReview: Date | null;
}

const scheduler = fsrs({ enable_fuzz: false });

const RATINGS: Readonly<Record<Grade, FsrsGrade>> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

export function isGrade(value: string): value is Grade {
  return value in RATINGS;
}

function toFsrs(card: PracticeCard): Card {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.lastReview ? { last_review: card.lastReview } : {}),
  };
}

/** Schedules the next review of a question after the user grades their own recall. */
export function reviewCard(
  previous: PracticeCard | null,
  questionKey: string,
  grade: Grade,
  now: Date,
): PracticeCard {
  const card = previous ? toFsrs(previous) : createEmptyCard(now);
  const next = scheduler.next(card, now, RATINGS[grade]).card;
  return {
    questionKey,
    due: next.due,
    stability: next.stability,
    difficulty: next.difficulty,
    scheduledDays: next.scheduled_days,
    learningSteps: next.learning_steps,
    reps: next.reps,
    lapses: next.lapses,
    state: next.state,
    lastReview: next.last_review ?? now,
  };
}

export interface PracticePick {
  readonly question: Question;
  readonly card: PracticeCard | null;
  /** Cards due at `now` within the query, including the picked one. */
  readonly dueCount: number;
}

/** What the practice rule needs to know of a user's candidates, however they were found. */
export interface PracticeQueue {
  /** The user's card due soonest (most overdue first) among the candidates. */
  readonly first: PracticeCard | null;
  /** The user's cards among the candidates due at `now`. */
  readonly dueCount: number;
  /** Candidates the user has no card for. */
  readonly unseen: number;
}

/** A due or already-practised card, or the `unseenIndex`th unseen candidate in bank order. */
export type PracticeChoice =
  | { readonly card: PracticeCard; readonly dueCount: number }
  | { readonly card: null; readonly unseenIndex: number };

/**
 * The practice rule: cards due now first (most overdue first), then a random question never
 * practised, then the card due soonest.
 */
export function choosePractice(queue: PracticeQueue, random: () => number): PracticeChoice | null {
  if (queue.first && queue.dueCount > 0) return { card: queue.first, dueCount: queue.dueCount };
  if (queue.unseen > 0) {
    return { card: null, unseenIndex: Math.min(queue.unseen - 1, Math.floor(random() * queue.unseen)) };
  }
  return queue.first ? { card: queue.first, dueCount: 0 } : null;
}

/** The queue of candidates held in memory (in bank order), with the unseen ones in that order. */
export function practiceQueueOf<T extends { readonly key: string }>(
  candidates: readonly T[],
  cards: readonly PracticeCard[],
  now: Date,
): { queue: PracticeQueue; unseen: T[] } {
  const keys = new Set(candidates.map((q) => q.key));
  const known = cards
    .filter((c) => keys.has(c.questionKey))
    .sort((a, b) => a.due.getTime() - b.due.getTime());
  const seen = new Set(known.map((c) => c.questionKey));
  const unseen = candidates.filter((q) => !seen.has(q.key));
  const dueCount = known.filter((c) => c.due.getTime() <= now.getTime()).length;
  return { queue: { first: known[0] ?? null, dueCount, unseen: unseen.length }, unseen };
}

/**
 * The next practice question: cards due now first (most overdue first), then questions never
 * practised, then the card due soonest. Only questions complete in `locale` are practised.
 */
export function pickPractice(
  bank: readonly Question[],
  cards: readonly PracticeCard[],
  locale: Locale,
  query: string,
  now: Date,
  random: () => number,
): PracticePick | null {
  const candidates = dailyCandidates(bank, locale, []).filter((q) => matchesQuery(q, query));
  const { queue, unseen } = practiceQueueOf(candidates, cards, now);
  const choice = choosePractice(queue, random);
  if (!choice) return null;
  if (!choice.card) return { question: unseen[choice.unseenIndex]!, card: null, dueCount: 0 };
  const key = choice.card.questionKey;
  return { question: candidates.find((q) => q.key === key)!, card: choice.card, dueCount: choice.dueCount };
}

/** What `nextPractice` reads of the Store. */
export type PracticeSource = Pick<
  Store,
  | 'practiceQueue'
  | 'unseenPracticeQuestion'
  | 'listCompleteQuestions'
  | 'listPracticeCards'
  | 'findQuestionByKey'
  | 'getQuestion'
>;

/**
 * `pickPractice` on the database, without reading the bank: with no query the database counts
 * and picks (by the same rule, `choosePractice`); a query is matched here on the candidates'
 * terms (titles, categories, aliases), never their bodies. Only the chosen question is read whole.
 */
export async function nextPractice(
  store: PracticeSource,
  workspaceId: number,
  userId: string,
  locale: Locale,
  query: string,
  now: Date,
  random: () => number,
): Promise<PracticePick | null> {
  let choice: PracticeChoice | null;
  let unseenAt: (index: number) => Promise<Question | null>;
  if (isOpenQuery(query)) {
    choice = choosePractice(await store.practiceQueue(workspaceId, userId, locale, now), random);
    unseenAt = (index) => store.unseenPracticeQuestion(workspaceId, userId, locale, index);
  } else {
    const candidates = (await store.listCompleteQuestions(workspaceId, locale)).filter((q) =>
      termsMatchQuery(q, query),
    );
    const { queue, unseen } = practiceQueueOf(
      candidates,
      await store.listPracticeCards(workspaceId, userId),
      now,
    );
    choice = choosePractice(queue, random);
    unseenAt = (index) => store.getQuestion(unseen[index]!.id);
  }
  if (!choice) return null;
  const question = choice.card
    ? await store.findQuestionByKey(workspaceId, choice.card.questionKey)
    : await unseenAt(choice.unseenIndex);
  if (!question) return null;
  return choice.card
    ? { question, card: choice.card, dueCount: choice.dueCount }
    : { question, card: null, dueCount: 0 };
}

/** A new card for `questionKey` due at `due`: a question brought back into someone's practice. */
export function dueCard(questionKey: string, due: Date): PracticeCard {
  const card = createEmptyCard(due);
  return {
    questionKey,
    due,
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: null,
  };
}
