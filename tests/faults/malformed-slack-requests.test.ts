import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack-api.js';
import { postSigned, slashCommand } from '../fakes/slack-payloads.js';
import { ClockFile } from './clock-file.js';
import { useServiceProcessHooks } from './fault-hooks.js';
import { ServiceDatabase } from './service-database.js';
import { ServiceProcess } from './service-process.js';

/**
 * `sa-quiz start` with Slack over HTTP, sent correctly signed requests whose bodies Slack never
 * sends. Before, a JSON `null` (or `payload=null`) threw inside Bolt's receiver and the process
 * exited on the unhandled rejection; now each is answered 400 and the service goes on serving.
 */

const MONDAY_0850 = '2025-03-16T23:50:00Z';
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

let db: ServiceDatabase;
let clock: ClockFile;
let slack: FakeSlack;

describe('malformed signed requests to a running service', () => {
  useServiceProcessHooks();

  beforeAll(async () => {
    db = await ServiceDatabase.open();
    clock = ClockFile.create(MONDAY_0850);
  });

  afterEach(async () => {
    await ServiceProcess.killAll();
    await slack?.close();
    await db.reset();
  });

  afterAll(async () => {
    await db?.close();
    clock?.remove();
  });

  it('are answered 400; the process stays up, healthy, and answers the next command', async () => {
    slack = await FakeSlack.start({ now: () => clock.now() });
    slack.addUser({ id: 'U0ALICE', name: 'Alice' });
    // PGlite's first start takes long on a loaded machine; nothing here depends on how long.
    const service = await ServiceProcess.start(
      'service',
      { ...db.settings(), slackApiUrl: slack.apiUrl, clockFile: clock.path },
      90_000,
    );
    const bodies: readonly (readonly [string, string])[] = [
      [JSON_TYPE, 'null'],
      [FORM_TYPE, 'payload=null'],
      [JSON_TYPE, '[]'],
      [JSON_TYPE, '42'],
      [JSON_TYPE, '{"event_id":"Ev0NOTYPE"}'],
      [JSON_TYPE, '{"type":"event_callback","event":null}'],
      [FORM_TYPE, 'payload='],
      [FORM_TYPE, 'payload=%7B%7D'],
    ];
    const statuses: number[] = [];
    for (const [contentType, body] of bodies) {
      // 0: no answer (the connection was reset by a dying process, or nothing came in 5 s).
      statuses.push((await postSigned(service.eventsUrl, body, contentType, { timeoutMs: 5_000 })).status);
    }
    expect({ statuses, alive: service.alive, health: await service.health() }).toEqual({
      statuses: bodies.map(() => 400),
      alive: true,
      health: 200,
    });

    const practice = await postSigned(
      service.eventsUrl,
      new URLSearchParams(
        slashCommand({
          command: '/sa-quiz',
          text: '',
          userId: 'U0ALICE',
          channelId: 'C0QUIZ',
          channelName: 'quiz',
          responseUrl: slack.responseUrl('practice'),
        }),
      ).toString(),
      FORM_TYPE,
      { timeoutMs: 5_000 },
    );
    expect(practice.status).toBe(200);
    await slack.waitForResponse('practice', () => true, 10_000);
    const refusals = service
      .logs()
      .split('\n')
      .filter((line) => line.includes('refused a malformed Slack request'));
    expect(refusals).toHaveLength(bodies.length);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });
});
