import type { Period } from './i18n/catalog.js';
import { startOfMonth, startOfWeek } from './time.js';

export interface LeaderboardEntry {
  readonly userId: string;
  readonly userName: string;
  readonly current: number;
  readonly best: number;
  /** Counted answers in revealed rounds within the period. */
  readonly answers: number;
  /** The sum of those answers' coverage (each graded answer adds its score in [0, 1]). */
  readonly score: number;
}

export interface RankedEntry extends LeaderboardEntry {
  readonly rank: number;
}

export function parsePeriod(text: string | undefined): Period | null {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '' || t === 'week' || t === '주' || t === '이번주') return 'week';
  if (t === 'month' || t === '월' || t === '이번달') return 'month';
  if (t === 'all' || t === '전체') return 'all';
  return null;
}

/** First local date of the period containing `today`; null for all time. */
export function periodStart(period: Period, today: string): string | null {
  if (period === 'week') return startOfWeek(today);
  if (period === 'month') return startOfMonth(today);
  return null;
}

/** Binary order of two strings (PostgreSQL's `collate "C"`), not the locale's. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many people the leaderboard lists (the caller is shown besides, wherever they rank). */
export const LEADERBOARD_SIZE = 10;

/**
 * Ranks by answers in the period, then score, then current streak, then best; ties share a rank
 * and are listed by user id. The rule the store's one statement follows (src/db/leaderboard-store.ts).
 */
export function rankLeaderboard(
  entries: readonly LeaderboardEntry[],
  callerId: string,
  limit = LEADERBOARD_SIZE,
): { top: RankedEntry[]; caller: RankedEntry | null } {
  const sorted = [...entries]
    .filter((e) => e.answers > 0 || e.current > 0 || e.best > 0)
    .sort(
      (a, b) =>
        b.answers - a.answers ||
        b.score - a.score ||
        b.current - a.current ||
        b.best - a.best ||
        byCodePoint(a.userId, b.userId),
    );
  const ranked: RankedEntry[] = [];
  sorted.forEach((e, i) => {
    const prev = ranked[i - 1];
    const tied =
      prev &&
      prev.answers === e.answers &&
      prev.score === e.score &&
      prev.current === e.current &&
      prev.best === e.best;
    ranked.push({ ...e, rank: tied ? prev.rank : i + 1 });
  });
  return { top: ranked.slice(0, limit), caller: ranked.find((e) => e.userId === callerId) ?? null };
}
