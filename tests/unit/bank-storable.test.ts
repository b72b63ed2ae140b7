import { describe, expect, it } from 'vitest';
import { parseBankText } from '../../src/core/bank/parse.js';
import { planImport } from '../../src/core/bank/plan.js';
import { useTestDatabase } from '../helpers/database.js';

/**
 * Issue 15, must-fix 2: a bank that lints clean stores clean. Before, `lint` accepted NUL and
 * `import` then failed inside PostgreSQL; now the parser removes what the database refuses.
 */

const db = useTestDatabase();
const DIRTY = 'a\u0000b\u0007\u200b\u202ec\ud800';

describe('a bank full of characters PostgreSQL refuses', () => {
  for (const [name, source] of [
    [
      'bank.json',
      JSON.stringify([
        {
          id: 'dirty',
          title: `IAM${DIRTY}이란?`,
          categories: [DIRTY],
          definition: DIRTY,
          benefits: [DIRTY],
          risks: [DIRTY],
          notes: [{ title: DIRTY, items: [DIRTY] }],
          docs: DIRTY,
          followUp: DIRTY,
          aliases: [DIRTY],
        },
      ]),
    ],
    [
      'bank.md',
      `# 1. ${DIRTY}\n<details id="dirty">\n<summary>IAM${DIRTY}이란?</summary>\n\n- 정의\n    ${DIRTY} &#0;\n- Benefits\n    - ${DIRTY}\n- Risks\n    - ${DIRTY}\n</details>\n`,
    ],
    ['bank.csv', `id,title,definition,benefits,risks\ndirty,IAM${DIRTY}이란?,${DIRTY},${DIRTY},${DIRTY}\n`],
  ] as const) {
    it(`lints clean and is stored and read back clean (${name})`, async () => {
      const plan = planImport([parseBankText(name, source, 'ko')], []);
      expect(plan.errors).toEqual([]);
      expect(plan.fresh).toHaveLength(1);
      await db.current.store.transaction((tx) => tx.saveQuestions(null, plan.fresh, 'test'));
      const [stored] = await db.current.store.listQuestions(null);
      expect(stored?.key).toBe('dirty');
      expect(stored?.texts.ko?.title).toBe('IAMabc\ufffd이란?');
      expect(JSON.stringify(stored?.texts)).not.toMatch(/\\u0000|\\u0007|\u200b|\u202e/);
    });
  }
});
