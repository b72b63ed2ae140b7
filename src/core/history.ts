import { answererLine } from './feedback-views.js';
import { type Catalog, messages } from './i18n/catalog.js';
import { answerBlocks, MAX_LISTED, messageView, streakLine } from './render.js';
import type { Runtime } from './runtime.js';
import { textFor } from './selection.js';
import { type Answer, type Channel, type ChannelAddress, type Round, replyLocale } from './types.js';
import { type RichText, type View, type ViewAction, type ViewBlock, view } from './views.js';

/**
 * `/sa-quiz history [n]` (`기록`, `지난`): the channel's last revealed rounds, newest first, each
 * with a button that shows its reference answer again, privately. A pressed button is checked
 * against the channel it was pressed in: a round of another channel (a forged value) is refused.
 * A past answer also names who answered on time and the streak changes, as the reveal did;
 * someone who deleted their data since (`/sa-quiz forget-me`) shows as "(deleted user)".
 */

export interface PastRound {
  readonly id: number;
  readonly localDate: string;
  readonly questionId: number;
  /** Answers counted on time. */
  readonly answered: number;
}

/** One of a person's graded answers, for their home. */
export interface PastAnswer {
  readonly localDate: string;
  readonly questionId: number;
  readonly channelExternalId: string;
  readonly channelName: string;
  /** Key points made and how many the question has (from its grade at the reveal). */
  readonly covered: number;
  readonly total: number;
}

export interface HistoryStore {
  /** The channel's revealed rounds, newest first. */
  pastRounds(channelId: number, limit: number): Promise<PastRound[]>;
  /** A person's counted, graded answers in revealed rounds of the workspace, newest first. */
  recentAnswers(workspaceId: number, userId: string, limit: number): Promise<PastAnswer[]>;
}

export const DEFAULT_HISTORY = 5;
/** At most this many (buttons: Discord takes 5 rows of 5, Slack 25 elements an actions block). */
export const MAX_HISTORY = 10;

const HISTORY_WORDS = new Set(['history', 'past', '기록', '지난', '지난문제', '지난질문']);

/** The number of rounds `history [n]` asks for, or null when the query is not a history request. */
export function parseHistoryQuery(query: string): number | null {
  const [word = '', count, ...rest] = query.trim().split(/\s+/);
  if (!HISTORY_WORDS.has(word.toLowerCase()) || rest.length > 0) return null;
  if (count === undefined) return DEFAULT_HISTORY;
  const n = Number(count);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_HISTORY) : null;
}

export class History {
  constructor(
    private readonly rt: Runtime,
    private readonly channelAt: (address: ChannelAddress) => Promise<Channel>,
  ) {}

  async list(address: ChannelAddress, count: number): Promise<View> {
    const channel = await this.channelAt(address);
    const m = messages(replyLocale(channel, address));
    const rounds = await this.rt.store.pastRounds(channel.id, count);
    if (rounds.length === 0) return messageView('info', m.history.empty, m.history.title);
    const items: string[] = [];
    const actions: ViewAction[] = [];
    for (const round of rounds) {
      const question = await this.rt.store.getQuestion(round.questionId);
      const title = question ? textFor(question, m.locale).title : '—';
      items.push(m.history.line(round.localDate, title, round.answered));
      actions.push({
        id: 'history.show',
        label: m.history.show(round.localDate),
        value: String(round.id),
        style: 'default',
      });
    }
    const blocks: ViewBlock[] = [
      { kind: 'list', heading: m.history.title, items },
      { kind: 'text', text: m.history.hint },
    ];
    return view('info', m.history.title, blocks, { actions });
  }

  /** A past round's reference answer, if the round is this channel's and revealed. */
  async show(address: ChannelAddress, roundRef: string): Promise<View> {
    const channel = await this.channelAt(address);
    const m = messages(replyLocale(channel, address));
    const round = /^\d{1,12}$/.test(roundRef) ? await this.rt.store.getRound(Number(roundRef)) : null;
    const question = round ? await this.rt.store.getQuestion(round.questionId) : null;
    if (!round || round.channelId !== channel.id || round.status !== 'revealed' || !question)
      return messageView('error', m.history.empty, m.history.title);
    const text = textFor(question, m.locale);
    const counted = await this.rt.store.listCountedAnswers(round.id);
    return view(
      'reveal',
      m.revealTitle(text.title),
      [...answerBlocks(m, text), ...peopleBlocks(m, round, counted)],
      {
        footer: `${round.localDate} · #${round.id}`,
      },
    );
  }
}

function listed(m: Catalog, items: readonly RichText[], unlisted = 0): RichText[] {
  const more = Math.max(0, items.length - MAX_LISTED) + unlisted;
  return more > 0 ? [...items.slice(0, MAX_LISTED), m.andMore(more)] : [...items];
}

/** Who answered on time (with coverage) and the streak changes the reveal recorded. */
function peopleBlocks(m: Catalog, round: Round, counted: readonly Answer[]): ViewBlock[] {
  const blocks: ViewBlock[] = [];
  if (counted.length > 0)
    blocks.push({
      kind: 'list',
      heading: m.answeredOnTime(counted.length),
      items: listed(
        m,
        counted.map((a) => answererLine(m, a)),
      ),
    });
  if (round.streakChanges.length > 0)
    blocks.push({
      kind: 'list',
      heading: m.streakChanges,
      items: listed(
        m,
        round.streakChanges.map((c) => streakLine(m, c)),
        round.unlistedStreakChanges,
      ),
    });
  return blocks;
}
