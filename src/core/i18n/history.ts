/** `/sa-quiz history`: the channel's past questions, each reference answer again on demand. */
export interface HistoryCatalog {
  title: string;
  empty: string;
  /** One past round: its date, title and how many answered on time. */
  line(date: string, title: string, answered: number): string;
  /** The button that shows a past round's reference answer privately. */
  show(date: string): string;
  hint: string;
}
