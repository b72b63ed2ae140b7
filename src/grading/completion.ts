import type { GradingPrompt } from '../core/grading/llm-prompt.js';

/**
 * One round trip to a model: the prompt in, the reply's text out. Implemented per wire protocol
 * (bedrock-completion.ts, openai-completion.ts); it throws on any failure and stops when `signal`
 * is aborted.
 */
export type Completion = (prompt: GradingPrompt, signal: AbortSignal) => Promise<string>;

/**
 * A Completion whose SDK is loaded on its first call: building a grader loads nothing, so a
 * process that never grades with a model never holds the SDK in memory.
 */
export function lazyCompletion(load: () => Promise<Completion>): Completion {
  let loaded: Promise<Completion> | null = null;
  return async (prompt, signal) => {
    // A module that failed to load is tried again on the next call.
    loaded ??= load().catch((error: unknown) => {
      loaded = null;
      throw error;
    });
    return (await loaded)(prompt, signal);
  };
}

/** A reply that came back but holds no text (an empty message, only tool calls, a refusal). */
export class EmptyReplyError extends Error {
  override readonly name = 'EmptyReplyError';
}
