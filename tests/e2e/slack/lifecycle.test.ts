import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_USER_ID } from '../../fakes/slack-conversations.js';
import { eventCallback } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import {
  ADMIN,
  admin,
  BROKEN,
  channelRow,
  dmsToAdmin,
  HEALTHY,
  MON_0900,
  postsTo,
  subscribe,
  TUE_2100,
  tickAt,
  tickThrough,
} from './failure-world.js';
import { blocksText, recordingLogger, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * What Slack tells the app about a channel's life, delivered as Events API requests to the real
 * Bolt app: the bot invited to a channel posts one welcome (a redelivery posts nothing more); a
 * channel archived or deleted, the bot removed, the app uninstalled or its token revoked pauses
 * the channel at once, before any post is tried there, and the admin hears once — the healthy
 * channel next door goes on.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let log: ReturnType<typeof recordingLogger>;
let seq = 0;

beforeEach(async () => {
  log = recordingLogger();
  slack = await startSlack({ db: tdb.current, mode: 'http', logger: log });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
});

afterEach(async () => {
  await slack.close();
});

/** Delivers one event as Slack does and expects it acknowledged. */
async function deliver(event: Record<string, unknown>, eventId = `Ev0LIFE${++seq}`, retryNum?: number) {
  const delivery = await slack.send.event(
    eventCallback(event, eventId),
    retryNum === undefined ? {} : { retryNum },
  );
  expect(delivery.status, JSON.stringify(event)).toBe(200);
  await slack.adapter.idle();
  return eventId;
}

const NEW = 'C0NEWCHAN';

describe('Slack: the bot is added to a channel', () => {
  it('posts one short welcome saying what it does and how an admin subscribes; a retry posts nothing', async () => {
    const joined = {
      type: 'member_joined_channel',
      user: BOT_USER_ID,
      channel: NEW,
      channel_type: 'C',
      team: 'T0SAQUIZ',
      inviter: ADMIN,
    };
    const id = await deliver(joined);
    await deliver(joined, id, 1); // Slack's retry of the same event
    await deliver(joined); // a duplicate with another id is a second invitation: welcomed again below

    // Someone else joining is not the bot: nothing.
    await deliver({ ...joined, user: 'U0ALICE' });

    const welcomes = postsTo(slack, NEW);
    expect(welcomes).toHaveLength(2);
    const text = blocksText(welcomes[0]?.body.blocks);
    expect(text).toContain('sa-quiz');
    expect(text).toContain('`/sa-admin subscribe`');
    expect(text).toContain('`/sa-quiz`');
    expect(welcomes[0]?.body.thread_ts).toBeUndefined();
    expect(await channelRow(tdb.current.store, NEW)).toMatchObject({ subscribed: false });
  });

  it('in a subscribed channel that was paused, the welcome says how to resume', async () => {
    await subscribe(slack, NEW);
    await deliver({ type: 'channel_left', channel: NEW });
    await deliver({ type: 'member_joined_channel', user: BOT_USER_ID, channel: NEW, channel_type: 'C' });
    const [welcome] = postsTo(slack, NEW);
    expect(blocksText(welcome?.body.blocks)).toContain('`/sa-admin resume`');
  });
});

const losses: [string, Record<string, unknown>, string][] = [
  ['channel_archive', { type: 'channel_archive', channel: BROKEN, user: ADMIN }, '보관(아카이브)되었습니다'],
  ['group_archive', { type: 'group_archive', channel: BROKEN }, '보관(아카이브)되었습니다'],
  ['channel_deleted', { type: 'channel_deleted', channel: BROKEN }, '삭제되었거나'],
  ['channel_left', { type: 'channel_left', channel: BROKEN, actor_id: ADMIN }, '`/invite @sa-quiz`'],
  [
    'member_left_channel (the bot)',
    { type: 'member_left_channel', user: BOT_USER_ID, channel: BROKEN, channel_type: 'C', team: 'T0SAQUIZ' },
    '`/invite @sa-quiz`',
  ],
];

describe('Slack: the platform says a channel is gone', () => {
  beforeEach(async () => {
    await subscribe(slack, BROKEN);
    await subscribe(slack, HEALTHY);
  });

  it.each(losses)(
    '%s: paused at once, no post tried there, one DM that says what to fix',
    async (_name, event, advice) => {
      await deliver(event);
      await deliver(event, `Ev0AGAIN${++seq}`); // said twice (two deliveries): still one notice

      expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({
        paused: true,
        pausedReason: 'broken',
      });
      const dms = dmsToAdmin(slack);
      expect(dms).toHaveLength(1);
      expect(dms[0]).toContain(`<#${BROKEN}>`);
      expect(dms[0]).toContain('일시 중지');
      expect(dms[0]).toContain(advice);
      expect(dms[0]).toContain('`/sa-admin resume`');

      await tickThrough(slack, MON_0900, TUE_2100, 60 * 60_000);
      expect(postsTo(slack, BROKEN), 'posts tried in the gone channel').toHaveLength(0);
      expect(slack.fake.messagesIn(HEALTHY, { topLevel: true })).toHaveLength(2);
      expect(dmsToAdmin(slack)).toHaveLength(1);
      expect(
        log.lines.filter((l) => l.level === 'error' && /the quiz stopped in channel/.test(l.message)),
      ).toHaveLength(1);
    },
  );

  it('someone else leaving the channel changes nothing', async () => {
    await deliver({ type: 'member_left_channel', user: 'U0ALICE', channel: BROKEN, channel_type: 'C' });
    expect(await channelRow(tdb.current.store, BROKEN)).toMatchObject({ paused: false });
    expect(dmsToAdmin(slack)).toHaveLength(0);
  });

  it.each([
    ['app_uninstalled', { type: 'app_uninstalled' }],
    ['tokens_revoked', { type: 'tokens_revoked', tokens: { bot: [BOT_USER_ID] } }],
  ])('%s: every channel of the workspace paused, nothing sent with the dead token', async (_name, event) => {
    const callsBefore = slack.fake.calls.length;
    await deliver(event);
    for (const channel of [BROKEN, HEALTHY])
      expect(await channelRow(tdb.current.store, channel)).toMatchObject({
        paused: true,
        pausedReason: 'broken',
      });
    // No DM, no notice in a channel: the token they would be sent with is gone.
    expect(slack.fake.calls.slice(callsBefore).map((c) => c.method)).toEqual([]);
    await tickAt(slack, MON_0900);
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await admin(slack, 'status', HEALTHY)).toContain('제거');
  });

  it('tokens_revoked for user tokens only: the bot keeps working', async () => {
    await deliver({ type: 'tokens_revoked', tokens: { oauth: ['U0ALICE'] } });
    expect(await channelRow(tdb.current.store, HEALTHY)).toMatchObject({ paused: false });
  });
});
