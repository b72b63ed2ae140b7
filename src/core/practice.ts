import { type Card, createEmptyCard, type Grade as FsrsGrade, fsrs, Rating } from 'ts-fsrs';
import type { Grade } from './i18n/catalog.js';
import { dailyCandidates, matchesQuery } from './selection.js';
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
  if (candidates.length === 0) return null;
  const byKey = new Map(candidates.map((q) => [q.key, q]));
  const known = cards
    .filter((c) => byKey.has(c.questionKey))
    .sort((a, b) => a.due.getTime() - b.due.getTime());
  const due = known.filter((c) => c.due.getTime() <= now.getTime());
  const first = due[0];
  if (first) return { question: byKey.get(first.questionKey)!, card: first, dueCount: due.length };
  const seen = new Set(known.map((c) => c.questionKey));
  const unseen = candidates.filter((q) => !seen.has(q.key));
  if (unseen.length > 0) {
    const question = unseen[Math.min(unseen.length - 1, Math.floor(random() * unseen.length))]!;
    return { question, card: null, dueCount: 0 };
  }
  const soonest = known[0];
  return soonest ? { question: byKey.get(soonest.questionKey)!, card: soonest, dueCount: 0 } : null;
}
