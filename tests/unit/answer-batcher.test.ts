import { describe, expect, it } from 'vitest';
import { AnswerBatcher, batchParams, type IntakeParams, textArray } from '../../src/db/answer-batch.js';

/** The batcher of the answer path (src/db/answer-batch.ts): who goes alone, who together, and what a failure does. */

type Row = { readonly answer_id: number | null; readonly message: string };

const params = (message: string, thread = 't'): IntakeParams => [
  'slack',
  'T1',
  'C1',
  thread,
  '2026-11-23T00:00:00Z',
  'u',
  'n',
  message,
  'text',
];

/** Statements that finish when told to, recording what they were sent. */
function statements(failBatch = false) {
  const sent: string[][] = [];
  const pending: (() => void)[] = [];
  const later = <T>(value: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      pending.push(() => {
        try {
          resolve(value());
        } catch (error) {
          reject(error);
        }
      }),
    );
  let id = 0;
  const single = (p: IntakeParams) => {
    sent.push([p[7]]);
    if (p[7] === 'bad')
      return later<Row | null>(() => {
        throw new Error('refused');
      });
    return later<Row | null>(() => (p[3] === 'none' ? null : { answer_id: ++id, message: p[7] }));
  };
  const batch = (b: readonly IntakeParams[]) => {
    sent.push(b.map((p) => p[7]));
    return later(() => {
      if (failBatch || b.some((p) => p[7] === 'bad')) throw new Error('batch refused');
      return new Map(
        b.flatMap((p, i) => (p[3] === 'none' ? [] : [[i + 1, { answer_id: ++id, message: p[7] }]])),
      );
    });
  };
  const finishAll = async () => {
    for (let round = 0; round < 20 && pending.length > 0; round++) {
      for (const finish of pending.splice(0)) finish();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { sent, single, batch, finishAll };
}

describe('answers stored together while a statement is out', () => {
  it('sends a lone answer alone, and what queued meanwhile together, in order', async () => {
    const s = statements();
    const batcher = new AnswerBatcher<Row>(s.single, s.batch, { maxInFlight: 1 });
    const results = ['a', 'b', 'c', 'd'].map((m) => batcher.record(params(m)));
    await s.finishAll();
    expect(s.sent).toEqual([['a'], ['b', 'c', 'd']]);
    expect((await Promise.all(results)).map((r) => r?.message)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps up to maxInFlight statements out before queueing', async () => {
    const s = statements();
    const batcher = new AnswerBatcher<Row>(s.single, s.batch, { maxInFlight: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((m) => batcher.record(params(m)));
    await s.finishAll();
    expect(s.sent.slice(0, 2)).toEqual([['a'], ['b']]);
    expect(s.sent.slice(2).flat().sort()).toEqual(['c', 'd', 'e']);
    expect((await Promise.all(results)).every((r) => r !== null)).toBe(true);
  });

  it('sends a retried event once: the copy gets the row with no answer, a thread with no round gets null', async () => {
    const s = statements();
    const batcher = new AnswerBatcher<Row>(s.single, s.batch, { maxInFlight: 1 });
    const first = batcher.record(params('a'));
    const rest = [params('m'), params('m'), params('x', 'none')].map((p) => batcher.record(p));
    await s.finishAll();
    await first;
    expect(s.sent[1]).toEqual(['m', 'x']);
    const [m, copy, x] = await Promise.all(rest);
    expect(m?.answer_id).not.toBeNull();
    expect(copy).toEqual({ ...m, answer_id: null });
    expect(x).toBeNull();
  });

  it('a batch that fails is sent again answer by answer: only the bad one fails', async () => {
    const s = statements();
    const failures: number[] = [];
    const batcher = new AnswerBatcher<Row>(s.single, s.batch, {
      maxInFlight: 1,
      onBatchFailed: (_error, size) => failures.push(size),
    });
    const first = batcher.record(params('a'));
    // Settled as they come (a rejection nobody is waiting for yet would be unhandled).
    const rest = Promise.allSettled(['b', 'bad', 'c'].map((m) => batcher.record(params(m))));
    await s.finishAll();
    await first;
    expect(s.sent.slice(1)).toEqual([['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
    const settled = await rest;
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(failures).toEqual([3]);
  });

  it('puts at most maxBatch answers in one statement; the rest go in the next', async () => {
    const s = statements();
    const batcher = new AnswerBatcher<Row>(s.single, s.batch, { maxInFlight: 1, maxBatch: 2 });
    const results = ['a', 'b', 'c', 'd', 'e', 'f'].map((m) => batcher.record(params(m)));
    await s.finishAll();
    expect(s.sent).toEqual([['a'], ['b', 'c'], ['d', 'e'], ['f']]);
    expect((await Promise.all(results)).every((r) => r !== null)).toBe(true);
  });

  it('writes text arrays PostgreSQL reads back exactly', () => {
    expect(textArray(['a', 'b"c', 'd\\e', '{,}', ''])).toBe('{"a","b\\"c","d\\\\e","{,}",""}');
    expect(batchParams([params('m1'), params('m2')])[7]).toBe('{"m1","m2"}');
  });
});
