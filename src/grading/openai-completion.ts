import OpenAI from 'openai';
import { MAX_REPLY_TOKENS } from '../core/grading/llm-prompt.js';
import { type Completion, EmptyReplyError } from './completion.js';

/** How to reach an OpenAI-compatible chat completions server (OpenAI, vLLM, Ollama, LiteLLM...). */
export interface OpenAiCompletionOptions {
  /** The API's base URL, ending in `/v1` (`https://api.openai.com/v1`, `http://gpu-box:8000/v1`). */
  readonly baseUrl: string;
  readonly model: string;
  /** undefined: no Authorization header is sent (a self-hosted server without keys). */
  readonly apiKey?: string | undefined;
}

/**
 * A Completion over `POST {baseUrl}/chat/completions`. The key, organization, project and base
 * URL come from these options only (the SDK's OPENAI_API_KEY, OPENAI_ORG_ID, OPENAI_BASE_URL...
 * defaults do not apply; OPENAI_CUSTOM_HEADERS, an operator's own choice, still does); it
 * retries nothing and writes no log lines of its own.
 */
export function openAiCompletion(options: OpenAiCompletionOptions): Completion {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // The SDK insists on a key; without one the Authorization header is removed below.
    apiKey: options.apiKey ?? 'unused',
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    logLevel: 'off',
    ...(options.apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
  });
  return async (prompt, signal) => {
    const reply = await client.chat.completions.create(
      {
        model: options.model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        max_tokens: MAX_REPLY_TOKENS,
        temperature: 0,
      },
      { signal },
    );
    const text = reply.choices?.[0]?.message?.content ?? '';
    if (typeof text !== 'string' || text.trim() === '') {
      throw new EmptyReplyError('the model replied without text');
    }
    return text;
  };
}
