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
  // By code point, as UTF-8 bytes compare (`<` on strings compares UTF-16 units, which puts
  // U+10000 and above before U+E000..U+FFFF).
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * The score as ranked: whole millionths (`floor(score * 1e6 + 0.5)`, the same float operations in
 * SQL). A sum of fractions such as thirds depends on the order it is added in by its last bits,
 * and the database adds in whatever order its plan reads; equal coverage must tie whatever the order.
 */
export function scoreKey(score: number): number {
  return Math.floor(score * 1e6 + 0.5);
}

/** How many people the leaderboard lists (the caller is shown besides, wherever they rank). */
export const LEADERBOARD_SIZE = 10;

/**
 * Ranks by answers in the period, then score (`scoreKey`), then current streak, then best; ties
 * share a rank and are listed by user id (code point order). Entries with no answers and no streak
 * are left out. The rule the store's one statement follows (src/db/leaderboard-store.ts).
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
        scoreKey(b.score) - scoreKey(a.score) ||
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
      scoreKey(prev.score) === scoreKey(e.score) &&
      prev.current === e.current &&
      prev.best === e.best;
    ranked.push({ ...e, rank: tied ? prev.rank : i + 1 });
  });
  return { top: ranked.slice(0, limit), caller: ranked.find((e) => e.userId === callerId) ?? null };
}
