import { buildGradingPrompt, PROMPT_VERSION, parseGradingReply } from '../core/grading/llm-prompt.js';
import type { AnswerGrade, GradeRequest, Grader } from '../core/grading/types.js';
import type { Logger } from '../core/logger.js';
import type { BedrockCompletionOptions } from './bedrock-completion.js';
import { type Completion, EmptyReplyError, lazyCompletion } from './completion.js';
import type { OpenAiCompletionOptions } from './openai-completion.js';

interface CommonOptions {
  /** The most one answer's request may take, all in. */
  readonly timeoutMs: number;
  /** The most requests open at once (default MAX_CONCURRENT_REQUESTS). */
  readonly maxConcurrent?: number;
}

/** Which model to ask, how long one answer may take, how many at once. */
export type LlmGraderOptions =
  | ({ readonly kind: 'bedrock' } & CommonOptions & BedrockCompletionOptions)
  | ({ readonly kind: 'openai' } & CommonOptions & OpenAiCompletionOptions);

/** The most requests one LLM grader has open at once; more answers wait their turn. */
export const MAX_CONCURRENT_REQUESTS = 4;

/** At most `limit` tasks at once, the rest in arrival order. */
function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

class LlmTimeoutError extends Error {
  override readonly name = 'LlmTimeoutError';
}

/** Settles like `work`, or rejects as soon as `signal` aborts (even if `work` ignores it). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const SAFE_WORD = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

function numberAt(value: unknown, ...path: string[]): number | undefined {
  let at: unknown = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'number' ? at : undefined;
}

/**
 * What a failure was, for one log line: a reason, the HTTP status, the error's class or
 * exception name (`ThrottlingException`, `RateLimitError`). Never its message, which may quote
 * the request.
 */
function failureFields(error: unknown, timeoutMs: number): Record<string, unknown> {
  if (error instanceof LlmTimeoutError) return { reason: 'timeout', timeoutMs };
  if (error instanceof EmptyReplyError) return { reason: 'empty_reply' };
  const status = numberAt(error, 'status') ?? numberAt(error, '$metadata', 'httpStatusCode');
  // Bedrock's exceptions carry their type as `name`; the openai SDK's only as their class.
  const rawName =
    error instanceof Error ? (error.name === 'Error' ? error.constructor.name : error.name) : typeof error;
  const name = SAFE_WORD.test(rawName) ? rawName : 'Error';
  // `ECONNREFUSED`, `rate_limit_exceeded`, `invalid_api_key`: a code, never a message.
  const rawCode = (error as { code?: unknown } | null)?.code;
  const code = typeof rawCode === 'string' && SAFE_WORD.test(rawCode) ? { code: rawCode } : {};
  if (status === undefined) return { reason: 'network', error: name, ...code };
  const reason = status === 429 ? 'throttled' : status >= 500 ? 'server_error' : 'refused';
  return { reason, status, error: name, ...code };
}

/**
 * A Grader asking a model which key points an answer makes, in front of a deterministic one.
 * It always runs `fallback` first: that grade decides `attempt` (the non-answer rule), and it is
 * returned unchanged, with one warning logged, when the model cannot be used (network, HTTP
 * error, throttling, an invalid reply, `timeoutMs` passed). A non-answer or a question without
 * key points is never sent. Otherwise the grade is the model's covered points and feedback.
 * At most `maxConcurrent` (default MAX_CONCURRENT_REQUESTS) requests are open at once, so a
 * reveal grading many answers together does not throttle itself.
 */
export function llmGrader(
  identity: {
    readonly name: string;
    readonly model: string;
    readonly timeoutMs: number;
    readonly maxConcurrent?: number;
  },
  completion: Completion,
  fallback: Grader,
  log: Logger,
): Grader {
  const { name, model, timeoutMs } = identity;
  const limited = concurrencyLimit(identity.maxConcurrent ?? MAX_CONCURRENT_REQUESTS);
  const version = `${name}:${model}@${PROMPT_VERSION}`;
  const warn = (fields: Record<string, unknown>) =>
    log.warn({ grader: name, model, ...fields }, `${name} grader failed; the ${fallback.name} grade is kept`);

  return {
    name,
    version,
    async grade(request: GradeRequest): Promise<AnswerGrade> {
      const base = await fallback.grade(request);
      const total = request.keyPoints.length;
      if (total === 0 || !base.attempt) return base;

      let text: string;
      try {
        // The timeout starts when the request does, not while it waits for a free slot.
        text = await limited(async () => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(new LlmTimeoutError()), timeoutMs);
          try {
            const work = completion(buildGradingPrompt(request), controller.signal);
            work.catch(() => {}); // its own failure after a timeout is nobody's business
            return await untilAborted(work, controller.signal);
          } finally {
            clearTimeout(timer);
            controller.abort();
          }
        });
      } catch (error) {
        warn(failureFields(error, timeoutMs));
        return base;
      }

      const parsed = parseGradingReply(text, total, request.answer);
      if (!parsed.ok) {
        warn({ reason: 'invalid_reply', problem: parsed.problem });
        return base;
      }
      const { points, feedback } = parsed.reply;
      const covered = points.filter((p) => p.covered).length;
      return {
        grader: name,
        version,
        score: covered / total,
        covered,
        total,
        points,
        attempt: base.attempt,
        feedback,
      };
    },
  };
}

/**
 * The LLM grader for `options`: Bedrock's Converse API (name `bedrock`, version
 * `bedrock:<modelId>@<prompt version>`) or an OpenAI-compatible server (`openai:<model>@…`).
 * Building it sends nothing; each `grade` call makes at most one request.
 */
export function createLlmGrader(options: LlmGraderOptions, fallback: Grader, log: Logger): Grader {
  const limits = {
    timeoutMs: options.timeoutMs,
    ...(options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent }),
  };
  if (options.kind === 'bedrock') {
    return llmGrader(
      { name: 'bedrock', model: options.modelId, ...limits },
      lazyCompletion(async () => (await import('./bedrock-completion.js')).bedrockCompletion(options)),
      fallback,
      log,
    );
  }
  return llmGrader(
    { name: 'openai', model: options.model, ...limits },
    lazyCompletion(async () => (await import('./openai-completion.js')).openAiCompletion(options)),
    fallback,
    log,
  );
}
