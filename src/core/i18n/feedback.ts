/** What the bot says about grading: coverage in the reveal, private notes, practice feedback. */
export interface FeedbackCatalog {
  /** `4/5` next to an answerer in the public reveal. */
  coverage(covered: number, total: number): string;
  /** Heading of the public tally: how many of `answerers` made each key point. */
  tallyHeading(answerers: number): string;
  tallyRow(point: string, count: number): string;
  /** The reveal's button that shows the presser their own note. */
  button: string;
  noteTitle(question: string): string;
  noteScore(covered: number, total: number): string;
  made: string;
  missed: string;
  /** The answer's own words that showed the point, after a made point. */
  evidence(words: string): string;
  comment: string;
  /** A reply that did not count as an attempt, and why the streak did not grow. */
  notAnAttempt: string;
  noKeyPoints: string;
  yourAnswer: string;
  noAnswer: string;
  notRevealed: string;
  /** Weak answers come back: said in the note when the question was put in the practice queue. */
  comesBack: string;
  practiceWrite: string;
  practiceAnswerLabel: string;
  practiceAnswerTitle: string;
  /** The practice form was submitted empty. */
  emptyAnswer: string;
  /** The self-grade the coverage suggests (highlighted; the user may choose another). */
  suggested(grade: string): string;
  /** The upload preview's list of questions without key points. */
  uploadWithoutKeyPoints: string;
  /** One line of help: streaks count real attempts; the score counts coverage. */
  rule: string;
}

/** A score (a sum of coverages) with at most one decimal: `3`, `3.4`. */
export function formatScore(score: number): string {
  return String(Math.round(score * 10) / 10);
}
