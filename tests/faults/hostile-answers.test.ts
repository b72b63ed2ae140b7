import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, TEAM_DOMAIN, TEAM_ID } from '../fakes/slack-api.js';
import { ClockFile } from './clock-file.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceDatabase } from './service-database.js';
import { ServiceProcess } from './service-process.js';
import { deliverReply, questionsIn, type ThreadReply } from './slack-checks.js';
import { eventually } from './wait.js';

/**
 * Answers PostgreSQL would refuse, and answers whose insert fails, sent to a real service
 * process (Slack over HTTP, on PostgreSQL or PGlite). A NUL character is removed and the answer
 * stored; a failed insert is logged without the answer's text: no line of the process's output
 * carries a canary string that was only ever in answers.
 */

const MONDAY_0900 = '2025-03-17T00:00:00Z';
const MONDAY_1000 = '2025-03-17T01:00:00Z';
const CHANNEL = 'C0HOSTILE';
const CANARY = 'CANARY-5e1d';
/** A database rule (added by the test) refuses answers holding this, so their insert fails. */
const REFUSED = 'REFUSE-ME';

let db: ServiceDatabase;
let slack: FakeSlack;
let clock: ClockFile;

describe('answers that cannot be stored as sent', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await ServiceDatabase.open();
    clock = ClockFile.create(MONDAY_0900);
    slack = await FakeSlack.start({ now: () => clock.now() });
  });

  afterAll(async () => {
    await ServiceProcess.killAll();
    await slack?.close();
    await db?.close();
    clock?.remove();
  });

  it('stores a NUL-bearing answer cleaned, and never logs answer text, even when an insert fails', async () => {
    slack.addUser({ id: 'U0ALICE', name: 'alice' });
    slack.addUser({ id: 'U0EVE', name: `eve\u0000\u202E${CANARY}-name` });
    slack.addUser({ id: 'U0MALLORY', name: 'mallory' });
    await db.subscribe(
      'slack',
      { id: TEAM_ID, name: TEAM_DOMAIN },
      [{ id: CHANNEL, name: 'hostile' }],
      'U0ADMIN',
    );
    await db.use((_store, database) =>
      database.db.execute(
        sql.raw(`alter table answers add constraint test_refused check (position('${REFUSED}' in text) = 0)`),
      ),
    );

    const service = await ServiceProcess.start('service', {
      ...db.settings(),
      slackApiUrl: slack.apiUrl,
      clockFile: clock.path,
      tickMs: 25,
    });
    await eventually(async () => questionsIn(slack, CHANNEL).length === 1, {
      what: 'the question to be posted',
      timeoutMs: 20_000,
    });
    const threadTs = questionsIn(slack, CHANNEL)[0]?.ts ?? '';
    // Slack has the message before the service has stored its ts: a reply in that window finds
    // no round (and is ignored), so the answers go only once the service says it is posted (the
    // log line follows the write; the database itself cannot be opened beside a PGlite service).
    await eventually(async () => service.logs().includes('"question posted"'), {
      what: 'the round to hold the thread ts',
      timeoutMs: 10_000,
    });
    clock.set(MONDAY_1000);
    const reply = (user: string, n: number, text: string): ThreadReply => ({
      channel: CHANNEL,
      user,
      threadTs,
      ts: `1742173200.0002${n}`,
      text,
      eventId: `Ev0HOSTILE${n}`,
    });

    const alice = reply('U0ALICE', 1, `${CANARY}-alice 상태\u0000 저장\u0000`);
    const eve = reply('U0EVE', 2, `${CANARY}-eve \u0000\u0001\u202E 보안 그룹`);
    const mallory = reply('U0MALLORY', 3, `${CANARY}-mallory ${REFUSED}`);
    expect(await deliverReply(service.eventsUrl, alice)).toBe(200);
    expect(await deliverReply(service.eventsUrl, eve)).toBe(200);
    // The insert fails: not acknowledged, so Slack would deliver it again.
    expect(await deliverReply(service.eventsUrl, mallory)).not.toBe(200);
    expect(await deliverReply(service.eventsUrl, { ...mallory, retryNum: 1 })).not.toBe(200);
    await eventually(async () => service.logs().includes('"Slack listener failed"'), {
      what: 'the failed insert to be logged',
      timeoutMs: 10_000,
    });
    expect(await service.stop()).toEqual({ code: 0, signal: null });

    const answers = await db.use(async (store) => {
      const channel = await store.findChannel('slack', TEAM_ID, CHANNEL);
      const round = channel ? await store.latestPostedRound(channel.id) : null;
      return round ? store.listAnswers(round.id) : [];
    });
    expect(answers.map((a) => [a.userId, a.userName, a.text, a.status])).toEqual([
      ['U0ALICE', 'alice', `${CANARY}-alice 상태 저장`, 'counted'],
      ['U0EVE', `eve${CANARY}-name`, `${CANARY}-eve  보안 그룹`, 'counted'],
    ]);
    const logs = service.logs();
    expect(logs).not.toContain(CANARY);
    expect(logs).not.toContain(REFUSED);
  });
});
