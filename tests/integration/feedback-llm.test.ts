import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keywordGrader } from '../../src/core/grading/keyword-grader.js';
import type { KeyPoint } from '../../src/core/types.js';
import { createLlmGrader } from '../../src/grading/index.js';
import { FakeLlmEndpoint } from '../fakes/llm-endpoints.js';
import { consoleWorld } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';
import { recordingLogger } from '../helpers/logger.js';
import { text } from '../helpers/questions.js';

/** The reveal with an LLM grader configured: a local OpenAI-compatible endpoint. */

const tdb = useTestDatabase();
let llm: FakeLlmEndpoint;
beforeAll(async () => {
  llm = await FakeLlmEndpoint.start('openai');
});
afterAll(() => llm.close());
beforeEach(() => {
  llm.requests.length = 0;
});

const POINTS: KeyPoint[] = [
  { text: '상태 저장: 응답 트래픽은 자동으로 허용된다', terms: ['상태 저장', 'stateful'] },
  { text: '허용 규칙만 있다', terms: ['허용 규칙만', 'allow rules only'] },
  { text: 'ENI 단위로 적용된다', terms: ['ENI', '인스턴스 단위'] },
];

async function revealWith(answers: string[]) {
  const { store } = tdb.current;
  await store.saveQuestions(
    null,
    [{ key: 'sg', texts: { ko: text('보안 그룹이란?', { keyPoints: POINTS }) }, sources: ['t'] }],
    't',
  );
  const log = recordingLogger();
  const grader = createLlmGrader(
    { kind: 'openai', baseUrl: llm.url, model: 'local-model', timeoutMs: 5000 },
    keywordGrader,
    log,
  );
  const w = consoleWorld(store, '2026-11-22T23:00:00Z', undefined, { grader });
  await w.type('/sa-admin subscribe');
  await w.at('2026-11-23T00:00:00Z');
  await w.type(...answers);
  w.take();
  await w.at('2026-11-23T09:00:00Z');
  const [round] = await tdb.current.database.db.query.rounds.findMany();
  return { out: w.take(), log, answers: await store.listAnswers(round?.id ?? 0) };
}

describe('grading with an LLM at the reveal', () => {
  it("uses the model's grade and sentence for a paraphrase the keywords miss", async () => {
    llm.replyOnce({
      kind: 'text',
      text: JSON.stringify({
        points: [
          { index: 0, covered: true, quote: '돌아오는 패킷은 알아서 통과' },
          { index: 1, covered: true, quote: '막는 규칙은 못 만들고' },
          { index: 2, covered: false },
        ],
        feedback: '핵심을 잘 짚었습니다. 어디에 붙는지(ENI)도 말해 보세요.',
      }),
    });
    const { out, answers } = await revealWith([
      'alice: 나간 요청에 대해 돌아오는 패킷은 알아서 통과시키고, 막는 규칙은 못 만들고 열어주는 것만 돼요',
      'carol: 모르겠어요',
    ]);
    // One request, for alice's real attempt only; a non-answer is never sent.
    expect(llm.requests).toHaveLength(1);
    expect(JSON.stringify(llm.requests[0]?.body)).toContain('돌아오는 패킷은 알아서 통과');
    expect(JSON.stringify(llm.requests[0]?.body)).not.toContain('alice');
    expect(answers.map((a) => [a.userId, a.grade?.grader, a.grade?.version, a.grade?.covered])).toEqual([
      ['alice', 'openai', 'openai:local-model@1', 2],
      ['carol', 'keywords', '1', 0],
    ]);
    expect(out).toContain('alice 2/3');
    const note = out.slice(out.indexOf('only alice sees this'));
    expect(note).toContain('[코멘트]');
    expect(note).toContain('핵심을 잘 짚었습니다. 어디에 붙는지(ENI)도 말해 보세요.');
  });

  it('keeps the keyword grade when the endpoint fails, and logs it once without the answer', async () => {
    llm.replyOnce({ kind: 'error', error: 'internal' });
    const { out, answers, log } = await revealWith(['alice: 보안 그룹은 stateful 이고 ENI 단위로 붙어요']);
    expect(answers[0]?.grade).toMatchObject({ grader: 'keywords', covered: 2 });
    expect(out).toContain('alice 2/3');
    const warnings = log.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(log.lines)).not.toContain('stateful 이고');
  });
});
