import type { Catalog } from './i18n/catalog.js';
import { formatScore } from './i18n/feedback.js';
import { scoreKey } from './leaderboard.js';
import { fail, ok, type Result } from './result.js';
import { parseDays } from './schedule.js';
import { addDays, isoWeekday, localDateOf, startOfWeek, zonedInstant } from './time.js';
import type { Channel } from './types.js';
import { type RichText, userRef, type View, type ViewBlock, view } from './views.js';

/**
 * The weekly digest, the rules: a channel that opted in (`digest fri`) gets, on that weekday of
 * its own zone and after that day's reveal time (whether or not the day had a round), one message
 * about its week from Monday to that day: the answers counted per round day, as a chart image
 * and as a text chart, and the week's top scores (the sum of each person's coverage). The week
 * is claimed in the database before anything is sent, so it is posted once whatever the ticks,
 * restarts and replicas. Sending lives in src/core/digest-sender.ts, drawing the image behind
 * `DigestChartRenderer` (src/digest/chart.ts).
 */

/** People listed under the week's top scores. */
export const DIGEST_TOP = 5;
/** The longest bar of the text chart, in blocks. */
const TEXT_BAR_WIDTH = 12;

/** One local date of the week that had revealed rounds: how many, and the answers they counted. */
export interface DigestDayRow {
  readonly localDate: string;
  readonly rounds: number;
  readonly answers: number;
}

/** One person's week: counted answers in revealed rounds and the sum of their coverage. */
export interface DigestScorer {
  readonly userId: string;
  readonly userName: string;
  readonly answers: number;
  readonly score: number;
}

/** The database side of digests; the claim (an insert that may find a row) decides who posts. */
export interface DigestStore {
  /**
   * The channel's revealed rounds from `from` to `to` (local dates, both included) by date, with
   * their counted answers; the people who answered (at most `limit`, by `rankScorers`' order)
   * and how many they were.
   */
  digestWeek(
    channelId: number,
    from: string,
    to: string,
    limit: number,
  ): Promise<{ days: DigestDayRow[]; top: DigestScorer[]; people: number }>;
  /** True when the channel's week (its Monday) was claimed already: nothing to do. */
  digestClaimed(channelId: number, weekStart: string): Promise<boolean>;
  /** True for the one caller that inserts the week's row; false ever after. */
  claimDigest(channelId: number, weekStart: string, at: Date): Promise<boolean>;
  markDigestPosted(channelId: number, weekStart: string, at: Date): Promise<void>;
}

/** What the digest's image shows, in the channel's language; drawn by a `DigestChartRenderer`. */
export interface DigestChart {
  readonly title: string;
  readonly subtitle: string;
  readonly axisLabel: string;
  /** One bar per round day, in order: the weekday, the date, the answers. */
  readonly bars: readonly { readonly label: string; readonly sublabel: string; readonly value: number }[];
  readonly topHeading: string;
  readonly top: readonly {
    readonly rank: number;
    readonly name: string;
    readonly detail: string;
    readonly score: number;
  }[];
  /** Shown instead of the list when nobody answered. */
  readonly emptyTop: string;
}

/** Draws a digest's chart as a PNG. Injected: the core never loads an image library. */
export interface DigestChartRenderer {
  render(chart: DigestChart): Promise<Uint8Array>;
}

/** What a platform posts for a digest: the image (when it could be drawn) and its text. */
export interface DigestMessage {
  /** The week's Monday, `YYYY-MM-DD`. */
  readonly weekStart: string;
  /** Title, summary, text chart and top scores, for the message next to the image. */
  readonly view: View;
  /** The same as plain text: the image's alternative text, the console, screen readers. */
  readonly text: string;
  readonly image: { readonly fileName: string; readonly bytes: Uint8Array; readonly altText: string } | null;
}

export interface RankedScorer extends DigestScorer {
  readonly rank: number;
}

export interface DigestDay {
  readonly localDate: string;
  readonly weekday: number;
  /** Revealed rounds that day (0: no round — a holiday, an off day, not a round day). */
  readonly rounds: number;
  readonly answers: number;
}

/** One channel's week, as the digest shows it. */
export interface WeekDigest {
  readonly weekStart: string;
  /** The digest's day: the last day it covers. */
  readonly localDate: string;
  /** Every day from Monday to `localDate`. */
  readonly days: readonly DigestDay[];
  readonly top: readonly RankedScorer[];
  readonly rounds: number;
  readonly answers: number;
  readonly people: number;
}

/** When the channel's digest is due at `now`: its day (in the channel's zone) after the reveal time. */
export function digestDue(
  channel: Pick<Channel, 'digestDay' | 'schedule'>,
  now: Date,
): { localDate: string; weekStart: string } | null {
  if (channel.digestDay === null) return null;
  const { timezone, revealTime } = channel.schedule;
  const localDate = localDateOf(now, timezone);
  if (isoWeekday(localDate) !== channel.digestDay) return null;
  if (now.getTime() < zonedInstant(localDate, revealTime, timezone).getTime()) return null;
  return { localDate, weekStart: startOfWeek(localDate) };
}

/** `digest …`'s argument: one weekday (`fri`, `금`, `금요일`), `off` (`끄기`); null without one (show it). */
export function parseDigestSetting(arg: string | undefined): Result<number | 'off' | null> {
  if (arg === undefined || arg.trim() === '') return ok(null);
  const text = arg.trim().toLowerCase();
  if (text === 'off' || text === '끄기' || text === 'none') return ok('off');
  const days = parseDays(text);
  if (!days.ok || days.value.length !== 1 || text.includes('-') || text.includes(','))
    return fail('unknown_argument', { value: arg });
  return ok(days.value[0] ?? 5);
}

/** By the sum of coverage (in whole millionths, as the leaderboard), then answers, then user id; ties share a rank. */
export function rankScorers(scorers: readonly DigestScorer[]): RankedScorer[] {
  const sorted = [...scorers]
    .filter((s) => s.answers > 0)
    .sort(
      (a, b) =>
        scoreKey(b.score) - scoreKey(a.score) ||
        b.answers - a.answers ||
        (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    );
  const ranked: RankedScorer[] = [];
  sorted.forEach((s, i) => {
    const prev = ranked[i - 1];
    const tied = prev && scoreKey(prev.score) === scoreKey(s.score) && prev.answers === s.answers;
    ranked.push({ ...s, rank: tied ? prev.rank : i + 1 });
  });
  return ranked;
}

/** The week from its rows: every day from Monday to the digest's day, rounds or not. */
export function buildWeekDigest(
  localDate: string,
  rows: readonly DigestDayRow[],
  top: readonly DigestScorer[],
  people: number,
): WeekDigest {
  const weekStart = startOfWeek(localDate);
  const byDate = new Map(rows.map((r) => [r.localDate, r]));
  const days: DigestDay[] = [];
  for (let date = weekStart; date <= localDate; date = addDays(date, 1)) {
    const row = byDate.get(date);
    days.push({
      localDate: date,
      weekday: isoWeekday(date),
      rounds: row?.rounds ?? 0,
      answers: row?.answers ?? 0,
    });
  }
  return {
    weekStart,
    localDate,
    days,
    top: rankScorers(top),
    rounds: days.reduce((n, d) => n + d.rounds, 0),
    answers: days.reduce((n, d) => n + d.answers, 0),
    people,
  };
}

/** `3/10` */
function shortDate(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}

/** A bar of `value` blocks out of `max` scaled to TEXT_BAR_WIDTH; any answer shows at least one. */
export function textBar(value: number, max: number): string {
  if (value <= 0 || max <= 0) return '';
  return '█'.repeat(Math.max(1, Math.round((value / max) * TEXT_BAR_WIDTH)));
}

/** The answers per day as text, one line a day: `월 3/10 ████████ 4`, or `화 3/11 · 질문 없음`. */
export function textChart(m: Catalog, digest: WeekDigest): string[] {
  const max = Math.max(0, ...digest.days.map((d) => d.answers));
  return digest.days.map((d) => {
    const label = `${m.weekdays[d.weekday - 1] ?? d.weekday} ${shortDate(d.localDate)}`;
    if (d.rounds === 0) return `${label} · ${m.digest.noRound}`;
    const bar = textBar(d.answers, max);
    return `${label} ${bar}${bar === '' ? '' : ' '}${d.answers}`;
  });
}

function scoreLine(m: Catalog, s: RankedScorer): string {
  return m.digest.scoreRow(s.rank, formatScore(s.score), s.answers);
}

/** The digest's message: title, summary, the text chart and the top scores (names without a ping). */
export function digestView(m: Catalog, digest: WeekDigest): View {
  const d = m.digest;
  const blocks: ViewBlock[] = [
    { kind: 'text', text: d.summary(digest.rounds, digest.answers, digest.people) },
    { kind: 'section', heading: d.participation, text: textChart(m, digest).join('\n') },
  ];
  if (digest.top.length === 0) blocks.push({ kind: 'text', text: d.nobody });
  else
    blocks.push({
      kind: 'list',
      heading: d.topScores,
      items: digest.top.map((s): RichText => [userRef(s.userId, s.userName, true), ` — ${scoreLine(m, s)}`]),
    });
  return view('info', d.title(digest.weekStart, digest.localDate), blocks);
}

/** The digest as plain text: what the console prints and what the image's alternative text says. */
export function digestText(m: Catalog, digest: WeekDigest): string {
  const d = m.digest;
  const lines = [
    d.title(digest.weekStart, digest.localDate),
    d.summary(digest.rounds, digest.answers, digest.people),
    '',
    d.participation,
    ...textChart(m, digest),
    '',
  ];
  if (digest.top.length === 0) lines.push(d.nobody);
  else lines.push(d.topScores, ...digest.top.map((s) => `${s.userName || s.userId} — ${scoreLine(m, s)}`));
  return lines.join('\n');
}

/** What the chart image shows: a bar per round day, and the top scores beside it. */
export function digestChart(m: Catalog, digest: WeekDigest): DigestChart {
  const d = m.digest;
  return {
    // The image's font has no emoji: the title goes without its leading one.
    title: d.title(digest.weekStart, digest.localDate).replace(/^\p{Extended_Pictographic}\s*/u, ''),
    subtitle: d.summary(digest.rounds, digest.answers, digest.people),
    axisLabel: d.answersAxis,
    bars: digest.days
      .filter((day) => day.rounds > 0)
      .map((day) => ({
        label: m.weekdays[day.weekday - 1] ?? String(day.weekday),
        sublabel: shortDate(day.localDate),
        value: day.answers,
      })),
    topHeading: d.topScores,
    top: digest.top.map((s) => ({
      rank: s.rank,
      name: s.userName || s.userId,
      detail: d.chartScore(formatScore(s.score), s.answers),
      score: s.score,
    })),
    emptyTop: d.nobody,
  };
}

/** The image's file name: one per channel and week. */
export function digestFileName(digest: WeekDigest): string {
  return `sa-quiz-digest-${digest.weekStart}.png`;
}
