import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceExport } from '../../src/core/uninstall.js';
import { openDatabase } from '../../src/db/open-database.js';
import * as s from '../../src/db/schema.js';
import { createStore } from '../../src/db/store.js';
import { runCli } from '../helpers/cli.js';

/**
 * `sa-quiz export-workspace slack T1 --out FILE` as an operator runs it: the whole workspace as
 * one JSON document, also once the app is uninstalled (no slash command can reach it then).
 */

const dirs: string[] = [];

function isolated(): Record<string, string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'sa-quiz-export-'));
  dirs.push(dir);
  return {
    DATA_DIR: join(dir, 'data'),
    DATABASE_URL: undefined,
    SLACK_BOT_TOKEN: undefined,
    DISCORD_TOKEN: undefined,
  };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One seeded data directory for the file (each CLI run opens it anew, as an operator's would). */
const env = isolated();
beforeAll(async () => {
  await seed(env.DATA_DIR!);
});

const AT = new Date('2026-10-26T09:00:00Z');

async function seed(dataDir: string): Promise<void> {
  const database = await openDatabase({ dataDir });
  try {
    const store = createStore(database.db);
    const db = database.db;
    for (const team of ['T1', 'T2']) {
      const workspace = await store.ensureWorkspace('slack', team, `team ${team}`);
      const channel = await store.ensureChannel(workspace, 'C1', 'daily');
      await store.updateChannel(channel.id, { subscribed: true, locale: 'en' });
      const [question] = await db
        .insert(s.questions)
        .values({
          workspaceId: workspace.id,
          key: `own-${team}`,
          texts: {
            en: {
              title: 'What is a VPC?',
              categories: ['Networking'],
              definition: 'A private network.',
              benefits: ['Isolation'],
              risks: ['Misconfiguration'],
              notes: [],
              docs: null,
              followUp: null,
              aliases: [],
            },
          },
          source: 'upload',
        })
        .returning();
      if (!question) throw new Error('no question');
      const [round] = await db
        .insert(s.rounds)
        .values({
          channelId: channel.id,
          kind: 'daily',
          localDate: '2026-10-26',
          questionId: question.id,
          status: 'revealed',
          postAt: AT,
          revealAt: AT,
          claimedAt: AT,
        })
        .returning();
      if (!round) throw new Error('no round');
      await db.insert(s.answers).values({
        roundId: round.id,
        userId: 'U0ALICE',
        userName: 'alice',
        messageRef: 'm1',
        text: `answer in ${team}`,
        status: 'counted',
      });
      await db
        .insert(s.streaks)
        .values({ channelId: channel.id, userId: 'U0ALICE', userName: 'alice', current: 2, best: 4 });
      await store.audit(workspace.id, 'U0ADMIN', 'subscribe', { channel: 'C1' }, AT);
      await db
        .insert(s.slackInstallations)
        .values({ installKey: `team:${team}`, teamId: team, sealed: 'SEALED-TOKEN' });
    }
    await store.markWorkspaceUninstalled('slack', 'T1', AT);
  } finally {
    await database.close();
  }
}

describe('sa-quiz export-workspace', () => {
  it('writes the uninstalled workspace as one JSON document, and nothing of another', async () => {
    const out = join(dirs.at(-1)!, 'T1.json');
    const result = await runCli(['export-workspace', 'slack', 'T1', '--out', out], { env });
    expect(result.stderr).toContain('exported slack:T1: 1 channels, 1 rounds, 1 questions');
    expect(result.code).toBe(0);
    expect(statSync(out).mode & 0o077).toBe(0);
    const text = readFileSync(out, 'utf8');
    const doc = JSON.parse(text) as WorkspaceExport;
    expect(doc.workspace).toMatchObject({ externalId: 'T1', uninstalledAt: AT.toISOString() });
    expect(doc.channels).toEqual([
      expect.objectContaining({
        externalId: 'C1',
        subscribed: true,
        locale: 'en',
        streaks: [expect.objectContaining({ best: 4 })],
      }),
    ]);
    expect(doc.rounds[0]?.answers).toEqual([
      expect.objectContaining({ userName: 'alice', text: 'answer in T1' }),
    ]);
    expect(doc.questions).toEqual([expect.objectContaining({ key: 'own-T1' })]);
    expect(doc.auditLog).toEqual([expect.objectContaining({ action: 'subscribe' })]);
    expect(text).not.toContain('answer in T2');
    expect(text).not.toContain('SEALED-TOKEN');

    // To stdout without --out.
    const printed = await runCli(['export-workspace', 'slack', 'T2'], { env });
    expect(printed.code).toBe(0);
    expect((JSON.parse(printed.stdout) as WorkspaceExport).workspace).toMatchObject({
      externalId: 'T2',
      uninstalledAt: null,
    });
  });

  it('says so for an unknown workspace or a wrong platform', async () => {
    const unknown = await runCli(['export-workspace', 'slack', 'TNEVER'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no workspace slack:TNEVER in this database');
    const wrong = await runCli(['export-workspace', 'teams', 'T1'], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the platform must be slack, discord or console');
    const missing = await runCli(['export-workspace', 'slack'], { env });
    expect(missing.code).toBe(2);
  });
});
