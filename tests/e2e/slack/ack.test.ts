import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { TEAM_ID } from '../../fakes/slack-api.js';
import { eventCallback, postSigned, slashCommand, viewSubmission } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { ADMIN, dailyRound, MON_0900, subscribe, tickAt } from './failure-world.js';
import {
  blocksText,
  type HarnessOptions,
  recordingLogger,
  type SlackHarness,
  startSlack,
} from './slack-harness.js';

/**
 * Slack's 3-second windows: an Events API delivery must be answered within 3 s (else Slack
 * retries it), and a slash command's trigger id opens a modal only within 3 s. A slow database
 * gets a prompt "retry" instead of a late 404; `app_rate_limited` is acknowledged and logged
 * once; `/sa-admin upload` opens its modal even when users.info takes longer than the window.
 */

const CHANNEL = 'C0GENERAL';

const tdb = useTestDatabase();
let slack: SlackHarness | undefined;
let log: ReturnType<typeof recordingLogger>;

async function start(options: Partial<HarnessOptions> = {}): Promise<SlackHarness> {
  log = recordingLogger();
  slack = await startSlack({ db: tdb.current, mode: 'http', logger: log, ...options });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  slack.fake.addUser({ id: 'U0ALICE', name: 'Alice' });
  return slack;
}

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

/** The real store, except that the next answer write waits until the test lets it through. */
function gatedStore(store: Store): { store: Store; holdNextAnswerWrite(): () => void } {
  let gate: Promise<void> | null = null;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop === 'recordAnswer' && gate) {
        const wait = gate;
        gate = null;
        return async (...args: Parameters<Store['recordAnswer']>) => {
          await wait;
          return target.recordAnswer(...args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: proxy,
    holdNextAnswerWrite: () => {
      let release = (): void => {};
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return release;
    },
  };
}

describe('Slack: answering within 3 seconds', () => {
  it('tells Slack to retry an event the database is too slow for, and stores it once', async () => {
    const gated = gatedStore(tdb.current.store);
    const s = await start({ store: gated.store, ackDeadlineMs: 300 });
    await subscribe(s, CHANNEL);
    await tickAt(s, MON_0900);
    const round = (await dailyRound(tdb.current.store, CHANNEL, '2025-03-10'))!;
    const payload = eventCallback(
      {
        type: 'message',
        channel: CHANNEL,
        channel_type: 'channel',
        user: 'U0ALICE',
        text: 'my answer',
        ts: '1741570000.000100',
        thread_ts: round.messageRef,
      },
      'Ev0SLOWDB',
    );
    const release = gated.holdNextAnswerWrite();
    const started = Date.now();
    const first = await s.send.event(payload);
    expect(first.status).toBe(500);
    expect(Date.now() - started, 'answered at the deadline, not after 3 s').toBeLessThan(2500);
    release();
    await s.adapter.idle();
    // The slow write landed after all; Slack's retry finds it and is acknowledged.
    expect((await s.send.event(payload, { retryNum: 1 })).status).toBe(200);
    await s.adapter.idle();
    const answers = await tdb.current.store.listAnswers(round.id);
    expect(answers.map((a) => [a.userId, a.status])).toEqual([['U0ALICE', 'counted']]);
    expect(s.fake.callsTo('reactions.add')).toHaveLength(1);
    expect(log.lines.filter((l) => /too slow; Slack will retry/.test(l.message))).toHaveLength(1);
  });

  it('acknowledges app_rate_limited and logs it once, as a warning', async () => {
    const s = await start();
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      type: 'app_rate_limited',
      team_id: TEAM_ID,
      minute_rate_limited: 1741570020,
      api_app_id: 'A0SAQUIZ',
    });
    const started = Date.now();
    const delivery = await postSigned(s.eventsUrl, body, 'application/json');
    expect(delivery.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2500);
    await s.adapter.idle();
    const said = log.lines.filter((l) => /app_rate_limited/.test(l.message));
    expect(said).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ teamId: TEAM_ID }) }),
    ]);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('Slack: /sa-admin upload when users.info is slow', () => {
  async function upload(s: SlackHarness, user: string, trigger: string) {
    const delivery = await s.send.command(
      slashCommand({
        command: '/sa-admin',
        text: 'upload',
        userId: user,
        channelId: CHANNEL,
        responseUrl: s.fake.responseUrl(`upload-${user}`),
        triggerId: trigger,
      }),
    );
    expect(delivery.status).toBe(200);
  }

  it('opens the modal before users.info answers, and the admin can upload', async () => {
    const s = await start();
    s.fake.slowDown('users.info', 2500);
    await upload(s, ADMIN, 'trigger-admin');
    const opened = await s.fake.waitFor('views.open');
    const asked = s.fake.callsTo('users.info').find((c) => c.body.user === ADMIN);
    expect(asked).toBeDefined();
    expect(opened.at, 'views.open came before users.info answered').toBeLessThan(asked!.at + 2500);
    expect(opened.body.trigger_id).toBe('trigger-admin');
    await s.adapter.idle();
    expect(s.fake.callsTo('views.update'), 'an admin keeps the form').toEqual([]);
    s.fake.slowDown('users.info', 0);

    const modal = opened.body.view as { callback_id: string; private_metadata: string };
    const file = s.fake.addFile('bank.md', '<details>\n<summary>AMI란?</summary>\n\n정의\n\n</details>\n');
    await s.send.interactive(
      viewSubmission({
        userId: ADMIN,
        callbackId: modal.callback_id,
        privateMetadata: modal.private_metadata,
        values: { bank_file: { file: { type: 'file_input', files: [file] } } },
      }),
    );
    await s.adapter.idle();
    const preview = await s.fake.waitFor('chat.postEphemeral', (c) => c.body.user === ADMIN, 8000);
    expect(blocksText(preview.body.blocks)).toContain('bank.md');
  });

  it('shows someone who is not an admin the refusal in the modal, and refuses the file anyway', async () => {
    const s = await start();
    s.fake.slowDown('users.info', 2500);
    await upload(s, 'U0ALICE', 'trigger-alice');
    const opened = await s.fake.waitFor('views.open');
    const updated = await s.fake.waitFor('views.update', () => true, 8000);
    // The modal views.open returned (the fake numbers its views V1, V2...).
    expect(updated.body.view_id).toMatch(/^V\d+$/);
    expect(blocksText((updated.body.view as { blocks: unknown }).blocks)).toContain(
      '관리자만 사용할 수 있는 명령입니다',
    );
    await s.adapter.idle();
    s.fake.slowDown('users.info', 0);

    const modal = opened.body.view as { callback_id: string; private_metadata: string };
    const file = s.fake.addFile('bank.md', '<details>\n<summary>AMI란?</summary>\n\n정의\n\n</details>\n');
    await s.send.interactive(
      viewSubmission({
        userId: 'U0ALICE',
        callbackId: modal.callback_id,
        privateMetadata: modal.private_metadata,
        values: { bank_file: { file: { type: 'file_input', files: [file] } } },
      }),
    );
    const refused = await s.fake.waitFor('chat.postEphemeral', (c) => c.body.user === 'U0ALICE', 8000);
    expect(blocksText(refused.body.blocks)).toContain('관리자만 사용할 수 있는 명령입니다');
    expect(s.fake.downloads).toEqual([]);
  });
});
