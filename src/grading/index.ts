import type { Config } from '../config.js';
import type { Grader } from '../core/grading/types.js';
import type { Logger } from '../core/logger.js';
import { createLlmGrader } from './llm-grader.js';

export { createLlmGrader, type LlmGraderOptions } from './llm-grader.js';

/**
 * The grader the configuration asks for: `fallback` itself for `keywords` (the default: no LLM,
 * nothing leaves the process), else an LLM grader in front of `fallback`. Logs one line saying
 * which model answers are sent to (never a key).
 */
export function graderFromConfig(config: Pick<Config, 'grader'>, fallback: Grader, log: Logger): Grader {
  const g = config.grader;
  switch (g.kind) {
    case 'keywords':
      return fallback;
    case 'bedrock':
      log.info(
        { grader: 'bedrock', model: g.modelId, region: g.region ?? 'sdk default', timeoutMs: g.timeoutMs },
        'answers are graded by an LLM on Amazon Bedrock',
      );
      return createLlmGrader(
        {
          kind: 'bedrock',
          modelId: g.modelId,
          region: g.region,
          endpoint: g.endpoint,
          timeoutMs: g.timeoutMs,
        },
        fallback,
        log,
      );
    case 'openai':
      log.info(
        { grader: 'openai', model: g.model, server: new URL(g.baseUrl).origin, timeoutMs: g.timeoutMs },
        'answers are graded by an LLM on an OpenAI-compatible server',
      );
      return createLlmGrader(
        { kind: 'openai', baseUrl: g.baseUrl, model: g.model, apiKey: g.apiKey, timeoutMs: g.timeoutMs },
        fallback,
        log,
      );
  }
}
