import { MultipleListenerError } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { Routes, runAll } from '../../src/adapters/slack/slack-routes.js';

/** The listeners QuizBoltApp finds by a delivery's name (src/adapters/slack/slack-routes.ts). */
describe('routes by name', () => {
  it('find the listeners filed under a name and those whose pattern matches it, and no others', () => {
    const routes = new Routes<string>();
    expect(routes.empty).toBe(true);
    routes.add('message', 'store the answer');
    routes.add('message', 'count it');
    routes.add(/^practice\.(show|next)$/, 'practice');
    routes.add(/^(?:)/g, 'everything'); // a global pattern is tested afresh each time
    expect(routes.empty).toBe(false);
    expect(routes.matching('message')).toEqual(['store the answer', 'count it', 'everything']);
    expect(routes.matching('practice.next')).toEqual(['practice', 'everything']);
    expect(routes.matching('practice.next')).toEqual(['practice', 'everything']);
    expect(routes.matching('reaction_added')).toEqual(['everything']);
    expect(routes.matching(undefined)).toEqual([]);
    expect(routes.matching(42)).toEqual([]);
  });

  it('run every listener, and throw a failure only once all have settled', async () => {
    const ran: string[] = [];
    const slow = async (): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve));
      ran.push('slow');
    };
    const failing = async (): Promise<void> => {
      ran.push('failing');
      throw new Error('database gone');
    };
    await expect(runAll([failing, slow], {})).rejects.toThrow('database gone');
    expect(ran).toEqual(['failing', 'slow']);
    await expect(runAll([], {})).resolves.toBeUndefined();
    // Several failures: each is kept, as Bolt keeps them.
    const other = async (): Promise<void> => {
      throw new Error('slack gone');
    };
    const error = await runAll([failing, other, slow], {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultipleListenerError);
    expect((error as MultipleListenerError).originals.map((e) => e.message)).toEqual([
      'database gone',
      'slack gone',
    ]);
  });
});
