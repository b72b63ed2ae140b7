import type { GradingPrompt } from '../core/grading/llm-prompt.js';

/**
 * One round trip to a model: the prompt in, the reply's text out. Implemented per wire protocol
 * (bedrock-completion.ts, openai-completion.ts); it throws on any failure and stops when `signal`
 * is aborted.
 */
export type Completion = (prompt: GradingPrompt, signal: AbortSignal) => Promise<string>;

/** A reply that came back but holds no text (an empty message, only tool calls, a refusal). */
export class EmptyReplyError extends Error {
  override readonly name = 'EmptyReplyError';
}
