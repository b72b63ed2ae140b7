import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, DEFAULT_BEDROCK_MODEL_ID, loadConfig } from '../../src/config.js';
import { gradeByKeywords, keywordGrader } from '../../src/core/grading/keyword-grader.js';
import { buildGradingPrompt } from '../../src/core/grading/llm-prompt.js';
import type { AnswerGrade, GradeRequest, Grader } from '../../src/core/grading/types.js';
import { createLlmGrader, graderFromConfig } from '../../src/grading/index.js';
import { llmGrader } from '../../src/grading/llm-grader.js';
import { FakeLlmEndpoint, type FakeReply } from '../fakes/llm-endpoints.js';
import { recordingLogger } from '../helpers/logger.js';
import { text } from '../helpers/questions.js';

/**
 * The LLM grader against local fakes that speak Bedrock Converse and OpenAI chat completions:
 * what it sends, what it makes of good replies, and that every failure gives the fallback grade
 * with exactly one warning (no answer text, no key).
 */

const MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const ACCESS_KEY = 'AKIATESTFAKE0000KEY1';
const SECRET_KEY = 'test-secret-key-not-real-0000000000000000';
const OPENAI_KEY = 'sk-test-fake-openai-key-0000000000000000';
const credentials = { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY };

const keyPoints = [
  { text: '상태 저장: 응답 트래픽은 자동으로 허용된다.', terms: ['상태 저장', 'stateful'] },
  { text: '허용 규칙만 있고 거부 규칙은 없다.', terms: ['허용 규칙만', 'allow only'] },
  { text: '인스턴스(ENI) 단위로 적용된다.', terms: ['ENI', '인스턴스 단위'] },
];
const ANSWER = 'SG는 stateful 이라서 응답 트래픽이 자동 허용되고, 허용 규칙만 만들 수 있습니다.';

function request(answer = ANSWER): GradeRequest {
  return {
    locale: 'ko',
    question: text('Security Group', {
      definition: 'EC2 인스턴스의 가상 방화벽.',
      benefits: ['상태 저장이라 응답 규칙이 필요 없다'],
      risks: ['규칙이 많아지면 관리가 어렵다'],
      keyPoints,
    }),
    keyPoints,
    answer,
  };
}

/** The deterministic grade the fallback gives: fixed, so a fallback is recognised exactly. */
const FALLBACK: AnswerGrade = {
  grader: 'keywords',
  version: 'keywords@test',
  score: 1 / 3,
  covered: 1,
  total: 3,
  points: [
    { index: 0, covered: true, evidence: ['stateful'] },
    { index: 1, covered: false, evidence: [] },
    { index: 2, covered: false, evidence: [] },
  ],
  attempt: true,
  feedback: null,
};

function fixedGrader(grade: AnswerGrade): Grader {
  return { name: 'keywords', version: grade.version, grade: async () => grade };
}

const GOOD_REPLY = JSON.stringify({
  points: [
    { index: 0, covered: true, quote: 'stateful 이라서 응답 트래픽이 자동 허용' },
    { index: 1, covered: true, quote: '허용 규칙만 만들 수 있습니다' },
    { index: 2, covered: false },
  ],
  feedback: '<!here> 상태 저장과 허용 규칙을 잘 짚었어요 @channel. ENI 단위로 적용된다는 점도 말해 보세요.',
});

const MODEL_GRADE = (grader: string, version: string): AnswerGrade => ({
  grader,
  version,
  score: 2 / 3,
  covered: 2,
  total: 3,
  points: [
    { index: 0, covered: true, evidence: ['stateful 이라서 응답 트래픽이 자동 허용'] },
    { index: 1, covered: true, evidence: ['허용 규칙만 만들 수 있습니다'] },
    { index: 2, covered: false, evidence: [] },
  ],
  attempt: true,
  feedback: '상태 저장과 허용 규칙을 잘 짚었어요. ENI 단위로 적용된다는 점도 말해 보세요.',
});

const fails = (error: string): FakeReply => ({ kind: 'error', error });
const http = (reason: string, status: number, error: string) => ({ reason, status, error });
const invalid = (problem: string) => ({ reason: 'invalid_reply', problem });

/** One warning, carrying `fields`, with neither the answer nor a secret anywhere in the log. */
function expectOneWarning(log: ReturnType<typeof recordingLogger>, fields: Record<string, unknown>) {
  expect(log.lines.filter((l) => l.level !== 'info')).toEqual([
    { level: 'warn', fields: expect.objectContaining(fields), message: expect.any(String) },
  ]);
  const written = JSON.stringify(log.lines);
  for (const secret of ['stateful 이라서', '응답 트래픽이 자동', SECRET_KEY, OPENAI_KEY]) {
    expect(written).not.toContain(secret);
  }
}

let bedrock: FakeLlmEndpoint;
let openai: FakeLlmEndpoint;
let openaiKeyless: FakeLlmEndpoint;

beforeAll(async () => {
  [bedrock, openai, openaiKeyless] = await Promise.all([
    FakeLlmEndpoint.start('bedrock'),
    FakeLlmEndpoint.start('openai', { apiKey: OPENAI_KEY }),
    FakeLlmEndpoint.start('openai'),
  ]);
});

afterAll(async () => {
  await Promise.all([bedrock.close(), openai.close(), openaiKeyless.close()]);
});

afterEach(() => {
  for (const fake of [bedrock, openai, openaiKeyless]) fake.requests.length = 0;
  vi.unstubAllEnvs();
});

interface Setup {
  readonly log?: ReturnType<typeof recordingLogger>;
  readonly fallback?: Grader;
  readonly timeoutMs?: number;
  readonly endpoint?: string;
}

function bedrockGrader({ log = recordingLogger(), fallback, timeoutMs = 5000, endpoint }: Setup = {}) {
  const options = {
    modelId: MODEL,
    region: 'ap-northeast-2',
    endpoint: endpoint ?? bedrock.url,
    credentials,
  };
  const grader = createLlmGrader(
    { kind: 'bedrock', ...options, timeoutMs },
    fallback ?? fixedGrader(FALLBACK),
    log,
  );
  return { grader, log };
}

function openAiGrader(log = recordingLogger(), timeoutMs = 5000, fake = openai) {
  const grader = createLlmGrader(
    {
      kind: 'openai',
      baseUrl: fake.url,
      model: 'gpt-test-mini',
      apiKey: fake === openai ? OPENAI_KEY : undefined,
      timeoutMs,
    },
    fixedGrader(FALLBACK),
    log,
  );
  return { grader, log };
}

describe('Bedrock (Converse)', () => {
  it('uses a good reply: the model points, its cleaned feedback, its name and version', async () => {
    bedrock.replyOnce({ kind: 'text', text: GOOD_REPLY });
    const { grader, log } = bedrockGrader();
    expect(grader.name).toBe('bedrock');
    expect(grader.version).toBe(`bedrock:${MODEL}@1`);
    expect(await grader.grade(request())).toEqual(MODEL_GRADE('bedrock', `bedrock:${MODEL}@1`));
    expect(log.lines).toEqual([]);
  });

  it('sends the question, reference, key points and answer, signed, and nothing else', async () => {
    bedrock.replyOnce({ kind: 'text', text: GOOD_REPLY });
    await bedrockGrader().grader.grade(request());
    expect(bedrock.requests).toHaveLength(1);
    const sent = bedrock.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(decodeURIComponent(sent.path)).toBe(`/model/${MODEL}/converse`);
    expect(String(sent.headers.authorization)).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/\\d{8}/ap-northeast-2/bedrock/aws4_request`),
    );
    const prompt = buildGradingPrompt(request());
    expect(sent.body).toEqual({
      system: [{ text: prompt.system }],
      messages: [{ role: 'user', content: [{ text: prompt.user }] }],
      inferenceConfig: { maxTokens: 800, temperature: 0 },
    });
    expect(sent.raw).not.toContain(SECRET_KEY);
    expect(sent.raw).not.toContain('allow only'); // key point terms stay home
  });

  const OUT_OF_RANGE = '{"points":[{"index":0,"covered":true},{"index":1,"covered":true},{"index":7}]}';
  const failures: [string, FakeReply, Record<string, unknown>][] = [
    ['invalid JSON', { kind: 'text', text: '{"points": [oops' }, { reason: 'invalid_reply' }],
    ['an out-of-range index', { kind: 'text', text: OUT_OF_RANGE }, invalid('bad_index')],
    ['429', fails('throttled'), http('throttled', 429, 'ThrottlingException')],
    ['500', fails('internal'), http('server_error', 500, 'InternalServerException')],
    ['403', fails('accessDenied'), http('refused', 403, 'AccessDeniedException')],
    ['400', fails('validation'), http('refused', 400, 'ValidationException')],
  ];
  for (const [what, reply, fields] of failures) {
    it(`gives the fallback grade with one warning on ${what}`, async () => {
      bedrock.replyOnce(reply);
      const { grader, log } = bedrockGrader();
      expect(await grader.grade(request())).toEqual(FALLBACK);
      expect(bedrock.requests).toHaveLength(1); // one attempt: no retries
      expectOneWarning(log, { grader: 'bedrock', model: MODEL, ...fields });
    });
  }

  it('gives the fallback grade when the server hangs past the timeout', async () => {
    bedrock.replyOnce({ kind: 'hang' });
    const { grader, log } = bedrockGrader({ timeoutMs: 200 });
    expect(await grader.grade(request())).toEqual(FALLBACK);
    expectOneWarning(log, { reason: 'timeout', timeoutMs: 200 });
  });

  it('gives the fallback when nothing listens (connection refused)', async () => {
    const gone = await FakeLlmEndpoint.start('bedrock');
    const url = gone.url;
    await gone.close();
    const { grader, log } = bedrockGrader({ endpoint: url });
    expect(await grader.grade(request())).toEqual(FALLBACK);
    expectOneWarning(log, { reason: 'network', code: expect.any(String) });
  });

  it('sends nothing for a non-answer or a question without key points', async () => {
    const notAttempt = { ...FALLBACK, attempt: false, covered: 0, score: 0, points: [] };
    const { grader, log } = bedrockGrader({ fallback: fixedGrader(notAttempt) });
    expect(await grader.grade(request('모르겠어요'))).toEqual(notAttempt);
    const none = { ...request(), keyPoints: [] };
    const empty = { ...FALLBACK, total: 0, covered: 0, score: 0, points: [] };
    expect(await bedrockGrader({ log, fallback: fixedGrader(empty) }).grader.grade(none)).toEqual(empty);
    expect(bedrock.requests).toEqual([]);
    expect(log.lines).toEqual([]);
  });
});

describe('OpenAI-compatible (chat completions)', () => {
  it('uses a good reply and sends the key as a Bearer token', async () => {
    openai.replyOnce({ kind: 'text', text: `\`\`\`json\n${GOOD_REPLY}\n\`\`\`` });
    const { grader, log } = openAiGrader();
    expect(grader.version).toBe('openai:gpt-test-mini@1');
    expect(await grader.grade(request())).toEqual(MODEL_GRADE('openai', 'openai:gpt-test-mini@1'));
    expect(log.lines).toEqual([]);
    const sent = openai.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    const prompt = buildGradingPrompt(request());
    expect(sent.body).toEqual({
      model: 'gpt-test-mini',
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ],
      max_tokens: 800,
      temperature: 0,
    });
    expect(sent.headers['openai-organization']).toBeUndefined();
  });

  it('sends no Authorization header without a key, whatever OPENAI_API_KEY says', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-the-environment-must-not-leak');
    vi.stubEnv('OPENAI_ORG_ID', 'org-must-not-leak');
    openaiKeyless.replyOnce({ kind: 'text', text: GOOD_REPLY });
    const { grader } = openAiGrader(recordingLogger(), 5000, openaiKeyless);
    expect((await grader.grade(request())).grader).toBe('openai');
    const sent = openaiKeyless.requests[0]!;
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers['openai-organization']).toBeUndefined();
  });

  const failures: [string, FakeReply, Record<string, unknown>][] = [
    [
      '401',
      fails('unauthorized'),
      { ...http('refused', 401, 'AuthenticationError'), code: 'invalid_api_key' },
    ],
    ['429', fails('throttled'), { ...http('throttled', 429, 'RateLimitError'), code: 'rate_limit_exceeded' }],
    ['500', fails('internal'), http('server_error', 500, 'InternalServerError')],
    ['a reply that is not JSON', { kind: 'text', text: '잘 답했어요!' }, invalid('no_json')],
  ];
  for (const [what, reply, fields] of failures) {
    it(`gives the fallback grade with one warning on ${what}`, async () => {
      openai.replyOnce(reply);
      const { grader, log } = openAiGrader();
      expect(await grader.grade(request())).toEqual(FALLBACK);
      expect(openai.requests).toHaveLength(1);
      expectOneWarning(log, { grader: 'openai', model: 'gpt-test-mini', ...fields });
    });
  }

  it('gives the fallback grade when the server hangs past the timeout', async () => {
    openai.replyOnce({ kind: 'hang' });
    const { grader, log } = openAiGrader(recordingLogger(), 200);
    expect(await grader.grade(request())).toEqual(FALLBACK);
    expectOneWarning(log, { reason: 'timeout', timeoutMs: 200 });
  });
});

describe('in front of the keyword grader', () => {
  it('keeps its grade unchanged on a failure, and its attempt on success', async () => {
    const { grader, log } = bedrockGrader({ fallback: keywordGrader });
    bedrock.replyOnce({ kind: 'error', error: 'throttled' });
    const keywords = gradeByKeywords(keyPoints, ANSWER);
    expect(keywords.attempt).toBe(true);
    expect(await grader.grade(request())).toEqual(keywords);
    expect(log.lines).toHaveLength(1);

    bedrock.replyOnce({ kind: 'text', text: GOOD_REPLY });
    expect(await grader.grade(request())).toMatchObject({ grader: 'bedrock', covered: 2, attempt: true });
  });

  it("sends nothing for what the keyword grader's rule calls a non-answer", async () => {
    const { grader } = bedrockGrader({ fallback: keywordGrader });
    for (const answer of ['모르겠어요 ㅠㅠ', 'pass', '?']) {
      expect(await grader.grade(request(answer))).toMatchObject({ grader: 'keywords', attempt: false });
    }
    expect(bedrock.requests).toEqual([]);
  });
});

describe('several answers at once', () => {
  /** A Completion the test answers by hand: each call waits until the test resolves it. */
  function manualCompletion() {
    const calls: { resolve: (text: string) => void }[] = [];
    let onCall: (() => void) | null = null;
    const completion = (_prompt: unknown, _signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        calls.push({ resolve });
        onCall?.();
      });
    /** Resolves once `n` calls have been made. */
    const callsReach = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (calls.length >= n) resolve();
        };
        onCall = check;
        check();
      });
    return { completion, calls, callsReach };
  }

  it('keeps at most maxConcurrent requests open, the others waiting their turn', async () => {
    const { completion, calls, callsReach } = manualCompletion();
    const log = recordingLogger();
    const grader = llmGrader(
      { name: 'bedrock', model: MODEL, timeoutMs: 60_000, maxConcurrent: 2 },
      completion,
      fixedGrader(FALLBACK),
      log,
    );
    const grades = Promise.all(Array.from({ length: 5 }, () => grader.grade(request())));
    const settle = () => new Promise((resolve) => setImmediate(resolve)); // every pending microtask runs
    await callsReach(2);
    await settle();
    expect(calls).toHaveLength(2);
    calls[0]?.resolve(GOOD_REPLY);
    await callsReach(3);
    await settle();
    expect(calls).toHaveLength(3);
    calls[1]?.resolve('not json');
    calls[2]?.resolve(GOOD_REPLY);
    await callsReach(5);
    calls[3]?.resolve(GOOD_REPLY);
    calls[4]?.resolve(GOOD_REPLY);
    const done = await grades;
    expect(done.map((g) => g.grader)).toEqual(['bedrock', 'keywords', 'bedrock', 'bedrock', 'bedrock']);
    expect(log.lines).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('is the keyword grader unless SA_QUIZ_GRADER names an LLM: nothing is sent', async () => {
    const config = loadConfig({
      SA_QUIZ_BEDROCK_ENDPOINT: bedrock.url,
      SA_QUIZ_BEDROCK_REGION: 'ap-northeast-2',
      SA_QUIZ_OPENAI_BASE_URL: openaiKeyless.url,
      SA_QUIZ_OPENAI_MODEL: 'gpt-test-mini',
    });
    expect(config.grader).toEqual({ kind: 'keywords' });
    const fallback = fixedGrader(FALLBACK);
    const log = recordingLogger();
    const grader = graderFromConfig(config, fallback, log);
    expect(grader).toBe(fallback);
    expect(await grader.grade(request())).toEqual(FALLBACK);
    expect(bedrock.requests).toEqual([]);
    expect(openaiKeyless.requests).toEqual([]);
    expect(log.lines).toEqual([]);
    expect(loadConfig({ SA_QUIZ_GRADER: 'keywords' }).grader).toEqual({ kind: 'keywords' });
  });

  it('reads the Bedrock settings, with the default model and timeout', () => {
    expect(loadConfig({ SA_QUIZ_GRADER: 'bedrock' }).grader).toEqual({
      kind: 'bedrock',
      modelId: DEFAULT_BEDROCK_MODEL_ID,
      region: undefined,
      endpoint: undefined,
      timeoutMs: 8000,
    });
    expect(DEFAULT_BEDROCK_MODEL_ID).toBe(MODEL);
  });

  it('grades through Bedrock from the environment, with the SDK default credential chain', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', ACCESS_KEY);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY);
    bedrock.replyOnce({ kind: 'text', text: GOOD_REPLY });
    const config = loadConfig({
      SA_QUIZ_GRADER: 'bedrock',
      SA_QUIZ_BEDROCK_MODEL_ID: 'apac.anthropic.claude-sonnet-4-20250514-v1:0',
      SA_QUIZ_BEDROCK_REGION: 'ap-northeast-2',
      SA_QUIZ_BEDROCK_ENDPOINT: bedrock.url,
      SA_QUIZ_GRADER_TIMEOUT_MS: '3000',
    });
    const log = recordingLogger();
    const grade = await graderFromConfig(config, fixedGrader(FALLBACK), log).grade(request());
    expect(grade.version).toBe('bedrock:apac.anthropic.claude-sonnet-4-20250514-v1:0@1');
    expect(grade.covered).toBe(2);
    expect(String(bedrock.requests[0]?.headers.authorization)).toContain(`Credential=${ACCESS_KEY}/`);
    expect(log.lines.map((l) => l.level)).toEqual(['info']);
    expect(JSON.stringify(log.lines)).not.toContain(SECRET_KEY);
  });

  it('grades through an OpenAI-compatible server from the environment', async () => {
    openai.replyOnce({ kind: 'text', text: GOOD_REPLY });
    const config = loadConfig({
      SA_QUIZ_GRADER: 'openai',
      SA_QUIZ_OPENAI_BASE_URL: openai.url,
      SA_QUIZ_OPENAI_MODEL: 'gpt-test-mini',
      SA_QUIZ_OPENAI_API_KEY: OPENAI_KEY,
    });
    expect(config.grader).toEqual({
      kind: 'openai',
      baseUrl: openai.url,
      model: 'gpt-test-mini',
      apiKey: OPENAI_KEY,
      timeoutMs: 8000,
    });
    const log = recordingLogger();
    expect((await graderFromConfig(config, fixedGrader(FALLBACK), log).grade(request())).covered).toBe(2);
    expect(JSON.stringify(log.lines)).not.toContain(OPENAI_KEY);
  });

  it('refuses invalid combinations and values at start, saying what to set', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    expect(refused({ SA_QUIZ_GRADER: 'openai' })).toContain(
      'SA_QUIZ_GRADER=openai needs SA_QUIZ_OPENAI_BASE_URL and SA_QUIZ_OPENAI_MODEL',
    );
    expect(refused({ SA_QUIZ_GRADER: 'openai', SA_QUIZ_OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' })).toContain(
      'needs SA_QUIZ_OPENAI_MODEL',
    );
    expect(refused({ SA_QUIZ_GRADER: 'claude' })).toContain(
      'SA_QUIZ_GRADER must be one of keywords, bedrock, openai',
    );
    expect(refused({ SA_QUIZ_GRADER: 'bedrock', SA_QUIZ_BEDROCK_MODEL_ID: 'claude haiku' })).toContain(
      'SA_QUIZ_BEDROCK_MODEL_ID must be a Bedrock model id',
    );
    expect(refused({ SA_QUIZ_GRADER: 'bedrock', SA_QUIZ_BEDROCK_REGION: 'Seoul' })).toContain(
      'SA_QUIZ_BEDROCK_REGION must be an AWS Region',
    );
    expect(
      refused({ SA_QUIZ_GRADER: 'openai', SA_QUIZ_OPENAI_BASE_URL: 'ftp://x', SA_QUIZ_OPENAI_MODEL: 'm' }),
    ).toContain('SA_QUIZ_OPENAI_BASE_URL must be an http(s) URL');
    expect(refused({ SA_QUIZ_GRADER_TIMEOUT_MS: '10' })).toContain('SA_QUIZ_GRADER_TIMEOUT_MS must be');
  });
});
