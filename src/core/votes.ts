import { clampText } from './answers.js';
import type { Runtime } from './runtime.js';
import type { Answer, ChannelAddress } from './types.js';

/**
 * The best answer by vote: during a round members react to answers (Slack: the channel's vote
 * emoji, ⭐ by default; Discord: ⭐); the reveal names the most-voted answer(s) and quotes it.
 * A vote on one's own answer, a bot's vote, a vote after the deadline or on a reply that did not
 * count is not recorded. Removing the reaction removes the vote.
 */

/** The answer a reaction would vote for: its id, whether it counted, who wrote it. */
export interface VoteTarget {
  readonly answerId: number;
  readonly counted: boolean;
  readonly authorId: string;
}

export interface VoteStore {
  /**
   * The answer posted as `messageRef` in a round of the addressed channel still open at `now`,
   * when the channel is subscribed and votes with `emoji`; null otherwise. One statement.
   */
  voteTarget(
    address: ChannelAddress,
    messageRef: string,
    emoji: string,
    now: Date,
  ): Promise<VoteTarget | null>;
  /** The vote emojis of subscribed channels (usually just `star`). */
  voteEmojis(): Promise<string[]>;
  /** One vote per voter and answer: false when it was already there. */
  addVote(answerId: number, voterId: string, at: Date): Promise<boolean>;
  removeVote(answerId: number, voterId: string): Promise<void>;
  /** Votes per answer of the round (answers with none are absent). */
  voteCounts(roundId: number): Promise<Map<number, number>>;
}

export interface BestAnswer {
  readonly answer: Answer;
  readonly votes: number;
}

/** Answers named at most when several share the most votes. */
export const MAX_BEST = 3;
/** The quote of a best answer, in characters (the whole answer is in the thread). */
export const QUOTE_CHARS = 280;

/** The counted answers with the most votes (at least one), earliest first; none without votes. */
export function bestAnswers(answers: readonly Answer[], votes: ReadonlyMap<number, number>): BestAnswer[] {
  const counted = answers.filter((a) => a.status === 'counted' && (votes.get(a.id) ?? 0) > 0);
  const most = Math.max(0, ...counted.map((a) => votes.get(a.id) ?? 0));
  return counted
    .filter((a) => (votes.get(a.id) ?? 0) === most)
    .slice(0, MAX_BEST)
    .map((answer) => ({ answer, votes: most }));
}

/** An answer shortened for quoting: whitespace folded, cut at a character boundary. */
export function quoteOf(text: string): string {
  return clampText(text.replace(/\s+/g, ' ').trim(), QUOTE_CHARS);
}

/** A Slack emoji name (`star`, `tada`, `+1`, `custom_emoji`), given with or without colons; null otherwise. */
export function parseVoteEmoji(text: string): string | null {
  const name = text.trim().replace(/^:|:$/g, '').toLowerCase();
  return /^[a-z0-9+_-][a-z0-9_+'-]{0,99}$/.test(name) ? name : null;
}

export type VoteOutcome = 'added' | 'removed' | 'ignored';

export interface Vote {
  /** The reacted message: an answer's message ref. */
  readonly messageRef: string;
  readonly voterId: string;
  /** The reaction's name (Slack's, without colons or skin tone; Discord's ⭐ is `star`). */
  readonly emoji: string;
  /** True for a reaction added, false for one removed. */
  readonly add: boolean;
  /** Whether the voter is a bot: asked only of a reaction that would be a vote. */
  readonly voterIsBot: () => Promise<boolean>;
}

/**
 * How long a process trusts its list of vote emojis in use before asking again: a reaction with
 * any other emoji is dropped without a query, and an emoji changed on another replica counts here
 * within this time (at once in the process that changed it).
 */
export const VOTE_EMOJIS_TTL_MS = 30_000;

export class Votes {
  private emojis: { readonly names: ReadonlySet<string>; readonly until: number } | null = null;
  /** Bumped by every `forgetEmojis`: a list read before it is used once but not kept. */
  private generation = 0;

  constructor(private readonly rt: Runtime) {}

  /** Forget the vote emojis in use (this process changed a channel, after writing it). */
  forgetEmojis(): void {
    this.emojis = null;
    this.generation++;
  }

  private async inUse(emoji: string): Promise<boolean> {
    const now = this.rt.clock.now().getTime();
    if (this.emojis && now < this.emojis.until) return this.emojis.names.has(emoji);
    const generation = this.generation;
    const names = new Set(await this.rt.store.voteEmojis());
    if (generation === this.generation) this.emojis = { names, until: now + VOTE_EMOJIS_TTL_MS };
    return names.has(emoji);
  }

  /**
   * A vote reaction on a message of the addressed channel; ignored unless it is a counted answer
   * in an open round. Most reactions are not votes: an emoji no subscribed channel votes with
   * costs no query, and a candidate costs one (`voteTarget`) before the vote is written.
   */
  async vote(address: ChannelAddress, vote: Vote): Promise<VoteOutcome> {
    const { store, clock } = this.rt;
    if (!(await this.inUse(vote.emoji))) return 'ignored';
    const now = clock.now();
    const target = await store.voteTarget(address, vote.messageRef, vote.emoji, now);
    if (!target?.counted || target.authorId === vote.voterId) return 'ignored';
    if (await vote.voterIsBot()) return 'ignored';
    if (!vote.add) {
      await store.removeVote(target.answerId, vote.voterId);
      return 'removed';
    }
    return (await store.addVote(target.answerId, vote.voterId, now)) ? 'added' : 'ignored';
  }
}
