/** What the bot says about the weekly digest: the digest itself, its chart, and the setting. */
export interface DigestCatalog {
  /** The digest's title, for the week from `from` to `to` (`YYYY-MM-DD`, the channel's dates). */
  title(from: string, to: string): string;
  /** The line under the title: rounds and answers in the week. */
  summary(rounds: number, answers: number, people: number): string;
  /** Heading of the answers-per-day chart. */
  participation: string;
  /** A day without a round in the text chart (holiday, off day, not a round day). */
  noRound: string;
  /** Heading of the week's top scores. */
  topScores: string;
  /** One scorer: rank, score (sum of coverage) and answers. */
  scoreRow(rank: number, score: string, answers: number): string;
  /** One scorer's figures beside their name in the chart image. */
  chartScore(score: string, answers: number): string;
  /** Nobody answered this week. */
  nobody: string;
  /** The chart image's name for screen readers, before the text chart. */
  chartAlt(from: string, to: string): string;
  /** The axis caption of the chart image. */
  answersAxis: string;
  /** Full weekday names, Monday first. */
  readonly dayNames: readonly string[];
  /** `digest fri`: set. `day` is the weekday's full name. */
  digestSet(day: string, reveal: string): string;
  digestOff: string;
  /** Status (and `digest` with no argument). */
  statusDigest(day: string | null): string;
  /** `digest someday`: not one weekday. */
  invalidDay(value: string): string;
  helpLines: readonly string[];
}
