import type { Store } from './ports.js';
import type { QuestionSummary } from './selection.js';
import type { Locale, Question } from './types.js';

/**
 * What a tick reads for many channels at once rather than once per channel (the bank, the
 * questions and each channel's question use do not change within a tick): at 09:00 in one time
 * zone every channel is due in the same minute.
 */
export interface TickReads {
  /** The complete questions of a workspace and language, read once per tick. */
  complete(workspaceId: number, locale: Locale): Promise<QuestionSummary[]>;
  /** How often the channel used each question (read for all the tick's channels in batches). */
  usage(channelId: number): Promise<Map<string, number>>;
  /** A question by id, read once per tick. */
  question(id: number): Promise<Question | null>;
}

/** Channels whose question use is read in one statement. */
export const USAGE_BATCH = 500;

/** Memoizes `read` by key; a failed read is not kept, so the next caller asks again. */
function once<K, V>(read: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const done = new Map<K, Promise<V>>();
  return (key) => {
    let value = done.get(key);
    if (!value) {
      value = read(key);
      value.catch(() => done.delete(key));
      done.set(key, value);
    }
    return value;
  };
}

/** The tick's reads, the question use of `channelIds` fetched in batches of `USAGE_BATCH`. */
export function tickReads(store: Store, channelIds: readonly number[]): TickReads {
  const batchOf = new Map<number, number>();
  for (const [i, id] of channelIds.entries()) batchOf.set(id, Math.floor(i / USAGE_BATCH));
  const batch = once((index: number) =>
    store.questionUsageOf(channelIds.slice(index * USAGE_BATCH, (index + 1) * USAGE_BATCH)),
  );
  const complete = once((key: string) => {
    const [workspaceId, locale] = key.split(':') as [string, Locale];
    return store.listCompleteQuestions(Number(workspaceId), locale);
  });
  return {
    complete: (workspaceId, locale) => complete(`${workspaceId}:${locale}`),
    usage: async (channelId) => {
      const index = batchOf.get(channelId);
      if (index === undefined) return store.questionUsage(channelId);
      return (await batch(index)).get(channelId) ?? new Map();
    },
    question: once((id: number) => store.getQuestion(id)),
  };
}
