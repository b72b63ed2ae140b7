import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Chat, Store } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { Platform, QuestionTexts } from '../../src/core/types.js';
import type { WorkspaceExport } from '../../src/core/uninstall.js';
import { openDatabase } from '../../src/db/open-database.js';
import * as s from '../../src/db/schema.js';
import { createStore } from '../../src/db/store.js';
import { DAY, FixedClock, HOUR } from '../helpers/clock.js';
import { useTestDatabase } from '../helpers/database.js';
import { recordingLogger } from '../helpers/logger.js';

/**
 * A Slack workspace that uninstalls the app: marked at the uninstall, cleared by an install (and
 * only by that), purged by the tick once the grace period is over — every row of every table of
 * it, and nothing of another workspace whose members have the same user ids.
 */

const tdb = useTestDatabase({ bundledBank: true });

const T1 = 'T1GONE';
const T2 = 'T2STAYS';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const UNINSTALL = '2026-11-02T03:00:00Z';
const SECRET_TEXT = 'alice의 답: 보안 그룹은 상태 저장';

/**
 * Tables with no workspace in them, left by a purge: event ids (forgotten after a week), and the
 * fingerprint of the bundled bank last loaded.
 */
const NOT_WORKSPACE_DATA = new Set(['processed_events', 'bundled_bank']);

function world(graceDays?: number) {
  const clock = new FixedClock(UNINSTALL);
  const log = recordingLogger();
  // No platform served: the tick's posts and reveals have nothing to do, the purge still runs.
  const chats = new Map<Platform, Chat>();
  const quiz = new Quiz({
    store: tdb.current.store,
    clock,
    chats,
    logger: log,
    ...(graceDays === undefined ? {} : { uninstallGraceDays: graceDays }),
  });
  return { clock, quiz, log };
}

const texts = (title: string): QuestionTexts => ({
  ko: {
    title,
    categories: ['보안'],
    definition: '정의',
    benefits: ['장점'],
    risks: ['위험'],
    notes: [],
    docs: null,
    followUp: null,
    aliases: [],
  },
});

/** One row in every table of a workspace, with the same user ids whatever the workspace. */
async function seed(store: Store, externalId: string): Promise<void> {
  const db = tdb.current.database.db;
  const at = new Date('2026-10-26T09:00:00Z');
  const workspace = await store.ensureWorkspace('slack', externalId, `team ${externalId}`);
  const channel = await store.ensureChannel(workspace, 'C1', 'daily');
  await store.ensureChannel(workspace, 'C2', 'study');
  const [question] = await db
    .insert(s.questions)
    .values({
      workspaceId: workspace.id,
      key: `own-${externalId}`,
      texts: texts('자체 질문'),
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
      postAt: at,
      revealAt: new Date(at.getTime() + 9 * HOUR),
      claimedAt: at,
      postedAt: at,
      revealedAt: new Date(at.getTime() + 9 * HOUR),
      revealPostedAt: new Date(at.getTime() + 9 * HOUR),
      messageRef: '1700000000.000100',
    })
    .returning();
  if (!round) throw new Error('no round');
  const [answer] = await db
    .insert(s.answers)
    .values({
      roundId: round.id,
      userId: ALICE,
      userName: 'alice',
      messageRef: '1700000000.000200',
      text: SECRET_TEXT,
      status: 'counted',
      grade: {
        grader: 'keywords',
        version: '1',
        score: 0.5,
        covered: 1,
        total: 2,
        points: [],
        attempt: true,
      } as never,
    })
    .returning();
  if (!answer) throw new Error('no answer');
  await db.insert(s.answerVotes).values({ answerId: answer.id, voterId: BOB });
  await db.insert(s.roundReminders).values({ roundId: round.id, claimedAt: at, sentAt: at });
  await db
    .insert(s.streaks)
    .values({ channelId: channel.id, userId: ALICE, userName: 'alice', current: 3, best: 5 });
  await db.insert(s.channelIncidents).values({
    channelId: channel.id,
    kind: 'forbidden',
    problem: 'not_in_channel',
    pauses: true,
    openedAt: at,
  });
  await db
    .insert(s.digests)
    .values({ channelId: channel.id, weekStart: '2026-10-26', claimedAt: at, postedAt: at });
  const [card] = await db
    .insert(s.practiceCards)
    .values({
      workspaceId: workspace.id,
      userId: ALICE,
      questionKey: question.key,
      due: at,
      stability: 1,
      difficulty: 5,
      scheduledDays: 1,
      learningSteps: 0,
      reps: 1,
      lapses: 0,
      state: 1,
      lastReview: at,
    })
    .returning();
  if (!card) throw new Error('no card');
  await db.insert(s.practiceReviews).values({ cardId: card.id, grade: 'good', reviewedAt: at, due: at });
  await db.insert(s.bankUploads).values({
    workspaceId: workspace.id,
    actorId: BOB,
    fileName: 'notes.md',
    content: '# 비밀',
    createdAt: at,
  });
  await db.insert(s.nudges).values({
    workspaceId: workspace.id,
    userId: ALICE,
    localDate: '2026-10-26',
    roundId: round.id,
    sentAt: at,
  });
  await db.insert(s.reminderOptOuts).values({ workspaceId: workspace.id, userId: BOB });
  await store.audit(workspace.id, BOB, 'subscribe', { channel: 'C1' }, at);
  await db
    .insert(s.slackInstallations)
    .values({ installKey: `team:${externalId}`, teamId: externalId, sealed: 'sealed' });
}

/**
 * Every public table's rows, each as sorted JSON, by table name (the bundled bank's long texts
 * left out of the JSON, to keep a failure readable; their ids and keys stay). Tables with no
 * workspace data are left out: the tick prunes old event ids on the hour.
 */
async function everything(): Promise<Record<string, string[]>> {
  const db = tdb.current.database.db;
  const tables = (await db.execute(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  )) as unknown as { rows?: { name: string }[] } & { name: string }[];
  const names = (tables.rows ?? tables).map((t) => t.name);
  const out: Record<string, string[]> = {};
  for (const name of names) {
    if (NOT_WORKSPACE_DATA.has(name)) continue;
    const row = `(to_jsonb(t) - 'texts' - 'terms')::text`;
    const result = (await db.execute(sql.raw(`select ${row} as r from "${name}" t`))) as unknown as {
      rows?: { r: string }[];
    } & { r: string }[];
    out[name] = (result.rows ?? result).map((row) => row.r).sort();
  }
  return out;
}

async function uninstalledAt(externalId: string): Promise<Date | null> {
  const [row] = await tdb.current.database.db
    .select({ at: s.workspaces.uninstalledAt })
    .from(s.workspaces)
    .where(eq(s.workspaces.externalId, externalId));
  if (!row) throw new Error(`no workspace ${externalId}`);
  return row.at;
}

async function workspaceExists(externalId: string): Promise<boolean> {
  const rows = await tdb.current.database.db
    .select({ id: s.workspaces.id })
    .from(s.workspaces)
    .where(eq(s.workspaces.externalId, externalId));
  return rows.length > 0;
}

async function clearInstallations(): Promise<void> {
  // Not in the shared helper's truncate list (no foreign key reaches it).
  await tdb.current.database.db.delete(s.slackInstallations);
}

describe('an uninstalled workspace', () => {
  it('is marked at the uninstall, once; an event does not clear it, an install does', async () => {
    await clearInstallations();
    const w = world();
    await seed(tdb.current.store, T1);
    expect(await uninstalledAt(T1)).toBeNull();

    await w.quiz.workspaceLost('slack', T1);
    expect(await uninstalledAt(T1)).toEqual(new Date(UNINSTALL));

    // A repeated uninstall (tokens_revoked after app_uninstalled) does not restart the grace period.
    w.clock.advance(2 * DAY);
    await w.quiz.workspaceLost('slack', T1);
    expect(await uninstalledAt(T1)).toEqual(new Date(UNINSTALL));

    // An event from the workspace (a channel seen) leaves it uninstalled.
    await w.quiz.channelAt({ platform: 'slack', workspaceId: T1, channelId: 'C9', channelName: 'new' });
    expect(await uninstalledAt(T1)).toEqual(new Date(UNINSTALL));

    expect(await w.quiz.workspaceInstalled('slack', T1)).toBe(true);
    expect(await uninstalledAt(T1)).toBeNull();
    expect(await w.quiz.workspaceInstalled('slack', T1)).toBe(false);
    // Installed again, it is never purged, however long ago it once was uninstalled.
    await w.quiz.tick(new Date(Date.parse(UNINSTALL) + 400 * DAY));
    expect(await workspaceExists(T1)).toBe(true);
    // Unknown workspaces: nothing happens.
    await w.quiz.workspaceLost('slack', 'TNEVER');
    expect(await w.quiz.workspaceInstalled('slack', 'TNEVER')).toBe(false);
  });

  it('is purged by the tick after 30 days, every table of it and nothing of another workspace', async () => {
    await clearInstallations();
    const w = world();
    await tdb.current.database.db
      .insert(s.processedEvents)
      .values({ platform: 'slack', eventId: 'Ev1', processedAt: new Date(UNINSTALL) });
    await seed(tdb.current.store, T2);
    // An Enterprise Grid org install naming the team is not the workspace's own: it stays.
    await tdb.current.database.db.insert(s.slackInstallations).values({
      installKey: 'enterprise:E1',
      teamId: T1,
      enterpriseId: 'E1',
      isEnterpriseInstall: true,
      sealed: 'x',
    });
    const before = await everything();
    await seed(tdb.current.store, T1);
    const seeded = await everything();
    // The seed reaches every table holding workspace data: a new table must be seeded (and purged).
    for (const [table, rows] of Object.entries(seeded)) {
      expect(rows.length, `${table} has a row of ${T1}`).toBeGreaterThan(before[table]?.length ?? 0);
    }

    await w.quiz.workspaceLost('slack', T1);
    // One day short of the grace period: nothing.
    await w.quiz.tick(new Date(Date.parse(UNINSTALL) + 29 * DAY));
    expect(await workspaceExists(T1)).toBe(true);
    await w.quiz.tick(new Date(Date.parse(UNINSTALL) + 30 * DAY - 1));
    expect(await workspaceExists(T1)).toBe(true);
    expect(w.log.lines.filter((l) => l.message === 'uninstalled workspace purged')).toEqual([]);

    await w.quiz.tick(new Date(Date.parse(UNINSTALL) + 30 * DAY));
    expect(await everything()).toEqual(before);

    const purged = w.log.lines.filter((l) => l.message === 'uninstalled workspace purged');
    expect(purged).toHaveLength(1);
    expect(purged[0]?.fields).toMatchObject({
      platform: 'slack',
      graceDays: 30,
      channels: 2,
      rounds: 1,
      answers: 1,
      votes: 1,
      streaks: 1,
      questions: 1,
      practiceCards: 1,
      practiceReviews: 1,
      uploads: 1,
      nudges: 1,
      reminderOptOuts: 1,
      roundReminders: 1,
      digests: 1,
      incidents: 1,
      auditLog: 1,
      slackInstallations: 1,
    });
    // Counts only: no text, name or token.
    const logged = JSON.stringify(purged);
    for (const secret of [SECRET_TEXT, 'alice', ALICE, T1, 'sealed', 'daily'])
      expect(logged).not.toContain(secret);

    // A second purge (the next tick) finds nothing.
    await w.quiz.tick(new Date(Date.parse(UNINSTALL) + 31 * DAY));
    expect(await everything()).toEqual(before);
    expect(w.log.lines.filter((l) => l.message === 'uninstalled workspace purged')).toHaveLength(1);
  });

  it('with a grace of 0 days is purged at the next tick; a configured grace is honoured', async () => {
    await clearInstallations();
    await seed(tdb.current.store, T1);
    await seed(tdb.current.store, T2);
    const now = world(0);
    await now.quiz.workspaceLost('slack', T1);
    await now.quiz.tick(new Date(UNINSTALL));
    expect(await workspaceExists(T1)).toBe(false);
    expect(await workspaceExists(T2)).toBe(true);

    const week = world(7);
    await week.quiz.workspaceLost('slack', T2);
    await week.quiz.tick(new Date(Date.parse(UNINSTALL) + 6 * DAY));
    expect(await workspaceExists(T2)).toBe(true);
    await week.quiz.tick(new Date(Date.parse(UNINSTALL) + 7 * DAY + HOUR));
    expect(await workspaceExists(T2)).toBe(false);
    expect(() => world(-1)).toThrow(RangeError);
  });

  it('a failed purge is rolled back whole and logged; the others go ahead, and it is retried', async () => {
    await clearInstallations();
    await seed(tdb.current.store, T1);
    await seed(tdb.current.store, T2);
    const db = tdb.current.database.db;
    // A round of T2 on T1's own question (which no real round does): T1's question cannot go
    // while it is there, so T1's purge fails half-way, until T2's purge removes that round.
    const [t1Question] = await db
      .select()
      .from(s.questions)
      .where(eq(s.questions.key, `own-${T1}`));
    const t2Channel = await tdb.current.store.findChannel('slack', T2, 'C1');
    if (!t1Question || !t2Channel) throw new Error('not seeded');
    const at = new Date('2026-10-27T09:00:00Z');
    await db.insert(s.rounds).values({
      channelId: t2Channel.id,
      kind: 'extra',
      localDate: '2026-10-27',
      questionId: t1Question.id,
      status: 'revealed',
      postAt: at,
      revealAt: at,
      claimedAt: at,
      revealPostedAt: at,
    });
    const w = world(0);
    await w.quiz.workspaceLost('slack', T1);
    const t1Rows = await everything();
    await w.quiz.workspaceLost('slack', T2);

    expect(await w.quiz.purgeUninstalled(new Date(UNINSTALL))).toBe(1);
    const failed = w.log.lines.filter((l) => l.message === 'uninstalled workspace purge failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.level).toBe('error');
    expect(await workspaceExists(T2)).toBe(false);
    // Nothing of T1 was deleted (nor changed): every row left was there before T2's purge.
    const after = await everything();
    for (const [table, rows] of Object.entries(after))
      for (const row of rows) expect(t1Rows[table], `${table} kept ${row}`).toContain(row);
    expect(after.answers).toHaveLength(1);
    expect(after.audit_log).toHaveLength(1);

    expect(await w.quiz.purgeUninstalled(new Date(UNINSTALL))).toBe(1);
    expect(await workspaceExists(T1)).toBe(false);
  });

  it('is purged once when two processes purge it at the same time', async () => {
    await clearInstallations();
    await seed(tdb.current.store, T1);
    const w = world();
    await w.quiz.workspaceLost('slack', T1);
    const [target] = await tdb.current.store.listExpiredWorkspaces(new Date(UNINSTALL));
    if (!target) throw new Error('not expired');
    const cutoff = new Date(UNINSTALL);
    // PostgreSQL: a second connection pool, as a second replica has.
    const other = tdb.current.url
      ? await openDatabase({ url: tdb.current.url, migrate: false, poolSize: 2 })
      : null;
    try {
      const second = other ? createStore(other.db) : tdb.current.store;
      const results = await Promise.all([
        tdb.current.store.purgeWorkspace(target.id, cutoff),
        second.purgeWorkspace(target.id, cutoff),
        second.purgeWorkspace(target.id, cutoff),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(results.find((r) => r !== null)?.answers).toBe(1);
    } finally {
      await other?.close();
    }
    expect(await workspaceExists(T1)).toBe(false);
    expect(await tdb.current.store.purgeWorkspace(target.id, cutoff)).toBeNull();
  });

  it('can be exported whole before the purge, without tokens', async () => {
    await clearInstallations();
    await seed(tdb.current.store, T1);
    await seed(tdb.current.store, T2);
    const w = world();
    await w.quiz.workspaceLost('slack', T1);
    const exported = (await tdb.current.store.exportWorkspace(
      'slack',
      T1,
      new Date('2026-11-03T00:00:00Z'),
    )) as WorkspaceExport;
    expect(exported).not.toBeNull();
    const doc = JSON.parse(JSON.stringify(exported)) as Record<string, unknown> & WorkspaceExport;
    expect(doc.format).toBe('sa-quiz.workspace-export');
    expect(doc.exportedAt).toBe('2026-11-03T00:00:00.000Z');
    expect(doc.workspace).toMatchObject({
      platform: 'slack',
      externalId: T1,
      uninstalledAt: '2026-11-02T03:00:00.000Z',
    });
    expect(doc.channels.map((c) => c.externalId)).toEqual(['C1', 'C2']);
    expect(doc.channels[0]).toMatchObject({ timezone: 'Asia/Seoul', postTime: '09:00', locale: 'ko' });
    expect(doc.channels[0]?.streaks).toEqual([
      expect.objectContaining({ userId: ALICE, current: 3, best: 5 }),
    ]);
    expect(doc.questions).toEqual([expect.objectContaining({ key: `own-${T1}`, source: 'upload' })]);
    expect(doc.rounds).toHaveLength(1);
    expect(doc.rounds[0]).toMatchObject({
      channelExternalId: 'C1',
      questionKey: `own-${T1}`,
      status: 'revealed',
    });
    expect(doc.rounds[0]?.answers).toEqual([
      expect.objectContaining({
        userId: ALICE,
        userName: 'alice',
        text: SECRET_TEXT,
        status: 'counted',
        grade: expect.objectContaining({ score: 0.5 }),
        votes: [expect.objectContaining({ voterId: BOB })],
      }),
    ]);
    expect(doc.practiceCards).toEqual([
      expect.objectContaining({ userId: ALICE, reviews: [expect.objectContaining({ grade: 'good' })] }),
    ]);
    expect(doc.auditLog).toEqual([expect.objectContaining({ actorId: BOB, action: 'subscribe' })]);
    expect(doc.uploads).toHaveLength(1);
    expect(doc.nudges).toHaveLength(1);
    expect(doc.reminderOptOuts).toEqual([expect.objectContaining({ userId: BOB })]);
    // Nothing of T2, and never the sealed installation.
    const text = JSON.stringify(doc);
    expect(text).not.toContain(T2);
    expect(text).not.toContain('sealed');
    expect(await tdb.current.store.exportWorkspace('slack', 'TNEVER', new Date())).toBeNull();
  });
});
