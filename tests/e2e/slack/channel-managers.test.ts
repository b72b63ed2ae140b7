import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEAM_ID } from '../../fakes/slack-api.js';
import { slashCommand } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { admin as sharedAdmin } from './failure-world.js';
import { type SlackHarness, startSlack } from './slack-harness.js';

/**
 * Channel managers on Slack (`/sa-admin channel-managers on|off`): off by default, so only
 * workspace admins administer; once a workspace admin turns it on, a channel's creator (whom
 * Slack makes its first Channel Manager, read from `conversations.info`) administers that channel
 * and no other, and never the workspace-wide actions (uploads, the data export, the setting).
 */

const GENERAL = 'C0GENERAL';
const OTHER = 'C0OTHER';
const OWNER = 'U0OWNER';
const MANAGER = 'U0MANAGER';

const tdb = useTestDatabase();
let slack: SlackHarness;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http' });
  slack.fake.addUser({ id: OWNER, name: 'Owner Park', isOwner: true });
  slack.fake.addUser({ id: MANAGER, name: 'Manager Choi' });
  slack.fake.setChannel(GENERAL, { name: 'general', creator: MANAGER });
  slack.fake.setChannel(OTHER, { name: 'other', creator: OWNER });
});

afterEach(async () => {
  await slack.close();
});

/** `/sa-admin <text>` as `user` in `channelId` (default #general): the private reply's text. */
const admin = (user: string, text: string, channelId = GENERAL): Promise<string> =>
  sharedAdmin(slack, text, channelId, user);

const channelRow = () => tdb.current.store.findChannel('slack', TEAM_ID, GENERAL);

describe('Slack: channel managers', () => {
  it('are plain members until a workspace admin lets them administer their own channel', async () => {
    const before = slack.fake.callsTo('conversations.info').length;
    expect(await admin(MANAGER, 'subscribe 09:00 mon-fri Asia/Seoul')).toContain(
      '관리자만 사용할 수 있는 명령입니다',
    );
    // With the setting off nobody asks Slack who manages the channel.
    expect(slack.fake.callsTo('conversations.info').length).toBe(before);
    expect(await channelRow()).toBeNull();

    expect(await admin(OWNER, 'channel-managers')).toContain(
      '워크스페이스 관리자만 sa-quiz를 관리할 수 있습니다',
    );
    expect(await admin(OWNER, 'channel-managers on')).toContain('채널을 만든 사람');

    expect(await admin(MANAGER, 'subscribe 09:00 mon-fri Asia/Seoul')).toContain('09:00');
    expect((await channelRow())?.subscribed).toBe(true);
    expect(await admin(MANAGER, 'pause')).toContain('일시 중지');
    expect((await channelRow())?.paused).toBe(true);
  });

  it('reach only their own channel and never the workspace-wide actions', async () => {
    await admin(OWNER, 'channel-managers on');
    expect(await admin(MANAGER, 'status', OTHER)).toContain('이 채널의 관리자만 사용할 수 있는 명령입니다');
    expect(await tdb.current.store.findChannel('slack', TEAM_ID, OTHER)).toBeNull();
    for (const text of ['export data', 'export md', 'upload', 'channel-managers off']) {
      expect(await admin(MANAGER, text)).toContain('워크스페이스 관리자만 할 수 있습니다');
    }
    expect(slack.fake.callsTo('views.open')).toEqual([]);
    expect((await tdb.current.store.findWorkspace('slack', TEAM_ID))?.channelManagers).toBe(true);
    // The settings form opens for them in their channel (the modal is the answer: no reply).
    await slack.send.command(
      slashCommand({
        command: '/sa-admin',
        text: '',
        userId: MANAGER,
        channelId: GENERAL,
        triggerId: 'trigger-form',
        responseUrl: slack.fake.responseUrl('form'),
      }),
    );
    await slack.adapter.idle();
    expect(slack.fake.callsTo('views.open').map((c) => c.body.trigger_id)).toEqual(['trigger-form']);
  });

  it('lose it again when the setting is turned off, and when Slack cannot say', async () => {
    await admin(OWNER, 'channel-managers on');
    expect(await admin(MANAGER, 'status')).toContain('sa-quiz 상태');
    // The channel was deleted: conversations.info says channel_not_found, which is a no.
    slack.fake.setChannel(GENERAL, { name: 'general', creator: MANAGER, deleted: true });
    expect(await admin(MANAGER, 'status')).toContain('이 채널의 관리자만');
    slack.fake.setChannel(GENERAL, { name: 'general', creator: MANAGER });
    expect(await admin(OWNER, 'channel-managers off')).toContain('이제 워크스페이스 관리자만');
    expect(await admin(MANAGER, 'status')).toContain('관리자만 사용할 수 있는 명령입니다');
  });
});
