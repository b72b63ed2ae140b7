import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { MAX_REPLY_TOKENS } from '../core/grading/llm-prompt.js';
import { type Completion, EmptyReplyError } from './completion.js';

/** How to reach a model through the Bedrock Runtime Converse API. */
export interface BedrockCompletionOptions {
  /** A model id, an inference profile id (`global.anthropic.…`) or an ARN. */
  readonly modelId: string;
  /** undefined: the SDK's chain (AWS_REGION, AWS_DEFAULT_REGION, the shared config file). */
  readonly region?: string | undefined;
  /** Overrides the Region's endpoint (a VPC endpoint, a proxy, the tests' fake). */
  readonly endpoint?: string | undefined;
  /**
   * Tests only. Otherwise the SDK's default credential provider chain: environment, shared
   * files, SSO, web identity, container and instance roles.
   */
  readonly credentials?: BedrockRuntimeClientConfig['credentials'];
}

/**
 * A Completion over Bedrock's Converse API (`POST /model/{modelId}/converse`), signed by the SDK.
 * One attempt only: the grader's timeout bounds the whole call, and a failure falls back at once.
 */
export function bedrockCompletion(options: BedrockCompletionOptions): Completion {
  const config: BedrockRuntimeClientConfig = { maxAttempts: 1 };
  if (options.region !== undefined) config.region = options.region;
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  const client = new BedrockRuntimeClient(config);
  return async (prompt, signal) => {
    const reply = await client.send(
      new ConverseCommand({
        modelId: options.modelId,
        system: [{ text: prompt.system }],
        messages: [{ role: 'user', content: [{ text: prompt.user }] }],
        inferenceConfig: { maxTokens: MAX_REPLY_TOKENS, temperature: 0 },
      }),
      { abortSignal: signal },
    );
    const text = (reply.output?.message?.content ?? [])
      .map((block) => ('text' in block && typeof block.text === 'string' ? block.text : ''))
      .join('');
    if (text.trim() === '') throw new EmptyReplyError('the model replied without text');
    return text;
  };
}
