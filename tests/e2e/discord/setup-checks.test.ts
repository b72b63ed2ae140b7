import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, PERMISSION_BITS } from '../../fakes/discord-faults.js';
import { type FakeUser, PERMISSIONS, withoutPermission } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld } from './discord-world.js';

/**
 * `/sa-admin subscribe`, `resume`, `post-now` and `status` check, from the channel type and the
 * `app_permissions` Discord sends with every interaction, whether a round can run before they
 * promise anything: a forum, a voice chat, or a missing permission a round needs is refused in
 * words; a missing nice-to-have (Add Reactions) subscribes with a warning.
 */

const GUILD = '823000000000000001';
const TEXT = '823000000000000010';
const FORUM = '823000000000000011';
const VOICE = '823000000000000012';
const MEDIA = '823000000000000013';
const NEWS = '823000000000000014';
const owner: FakeUser = { id: '723000000000000001', username: 'owner' };
const alice: FakeUser = { id: '723000000000000002', username: 'alice' };

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;

beforeEach(async () => {
  world = await DiscordWorld.start(tdb.current.store, {
    start: '2025-03-03T01:00:00Z',
    guilds: [
      {
        id: GUILD,
        name: 'AWS 스터디',
        channels: [
          { id: TEXT, name: 'daily-aws' },
          { id: FORUM, name: '질문-포럼', type: CHANNEL_TYPES.forum },
          { id: VOICE, name: '음성', type: CHANNEL_TYPES.voice },
          { id: MEDIA, name: '자료', type: CHANNEL_TYPES.media },
          { id: NEWS, name: '공지', type: CHANNEL_TYPES.announcement },
        ],
      },
    ],
  });
});

afterEach(async () => {
  await world.stop();
});

async function subscribed(channelId: string): Promise<boolean> {
  return (await world.store.findChannel('discord', GUILD, channelId))?.subscribed ?? false;
}

/** Nothing was sent to the channel: the check answered from the interaction alone. */
function untouched(channelId: string): boolean {
  return world.fake.calls.every((c) => !c.path.startsWith(`/channels/${channelId}`));
}

function without(bit: number): string {
  return withoutPermission(PERMISSIONS.bot, bit);
}

describe('Discord: setup commands check before promising', () => {
  it('refuses forum, media and voice channels, saying why and what to do instead', async () => {
    const cases = [
      [FORUM, '포럼 채널에는 매일 질문을 올릴 수 없습니다. 일반 텍스트 채널에서 구독하세요.'],
      [MEDIA, '미디어 채널에는 매일 질문을 올릴 수 없습니다.'],
      [VOICE, '음성 채널의 채팅에서는 질문과 답변 스레드를 운영할 수 없습니다.'],
    ] as const;
    for (const [channelId, words] of cases) {
      const answer = world.answerText(await world.adminCommand(owner, channelId, 'subscribe'));
      expect(answer).toContain('이 채널에서는 실행하지 않았습니다');
      expect(answer).toContain(words);
      expect(await subscribed(channelId)).toBe(false);
      expect(untouched(channelId)).toBe(true);
    }
  });

  it('refuses a channel where the bot may not start a thread or write in one, naming the permission', async () => {
    const cases = [
      [PERMISSION_BITS.CreatePublicThreads, '공개 스레드 만들기'],
      [PERMISSION_BITS.SendMessagesInThreads, '스레드에서 메시지 보내기'],
      [PERMISSION_BITS.SendMessages, '메시지 보내기'],
    ] as const;
    for (const [bit, permission] of cases) {
      world.fake.setBotPermissions(TEXT, without(bit));
      await world.settle();
      const answer = world.answerText(await world.adminCommand(owner, TEXT, 'subscribe'));
      expect(answer).toContain(`봇에게 이 채널의 권한이 없습니다: ${permission}.`);
      expect(answer).toContain('채널 설정 → 권한');
      expect(await subscribed(TEXT)).toBe(false);
    }
    world.fake.setBotPermissions(TEXT, without(PERMISSION_BITS.ViewChannel));
    await world.settle();
    const hidden = world.answerText(await world.adminCommand(owner, TEXT, 'subscribe'));
    expect(hidden).toContain('봇이 이 채널을 볼 수 없습니다');
    expect(untouched(TEXT)).toBe(true);
  });

  it('subscribes without Add Reactions, with a warning; status shows the checks', async () => {
    world.fake.setBotPermissions(TEXT, without(PERMISSION_BITS.AddReactions));
    await world.settle();
    const answer = world.answerText(await world.adminCommand(owner, TEXT, 'subscribe'));
    expect(answer).toContain('이 채널을 구독했습니다');
    expect(answer).toContain('주의');
    expect(answer).toContain('반응 추가하기');
    expect(await subscribed(TEXT)).toBe(true);

    const status = world.answerText(await world.adminCommand(owner, TEXT, 'status'));
    expect(status).toContain('게시 권한: 확인했습니다.');
    expect(status).toContain('• 봇에게 이 채널의 권한이 없습니다: 반응 추가하기.');
  });

  it('resume and post-now in a channel still missing a permission are refused, and work once it is fixed', async () => {
    await world.adminCommand(owner, TEXT, 'subscribe');
    await world.adminCommand(owner, TEXT, 'pause');
    world.fake.setBotPermissions(TEXT, without(PERMISSION_BITS.CreatePublicThreads));
    await world.settle();

    const refused = world.answerText(await world.adminCommand(owner, TEXT, 'resume'));
    expect(refused).toContain('공개 스레드 만들기');
    expect((await world.channel(GUILD, TEXT)).paused).toBe(true);
    const postNow = world.answerText(await world.adminCommand(owner, TEXT, 'post-now'));
    expect(postNow).toContain('공개 스레드 만들기');
    expect(untouched(TEXT)).toBe(true);
    const status = world.answerText(await world.adminCommand(owner, TEXT, 'status'));
    expect(status).toContain('게시 권한: 이 채널에는 게시할 수 없습니다.');

    world.fake.setBotPermissions(TEXT, PERMISSIONS.bot);
    await world.settle();
    expect(world.answerText(await world.adminCommand(owner, TEXT, 'resume'))).toContain('다시 시작했습니다');
    expect((await world.channel(GUILD, TEXT)).paused).toBe(false);
    expect(world.answerText(await world.adminCommand(owner, TEXT, 'post-now'))).toContain(
      '질문을 지금 게시했습니다',
    );
    expect(world.threadStarts(TEXT).map((c) => c.status)).toEqual([201]);
  });

  it('an announcement channel runs rounds like a text channel (its threads are announcement threads)', async () => {
    expect(world.answerText(await world.adminCommand(owner, NEWS, 'subscribe'))).toContain(
      '이 채널을 구독했습니다',
    );
    world.clock.set('2025-03-04T00:00:00Z');
    expect(await world.quiz.tick()).toMatchObject({ posted: 1, failed: 0 });
    const round = (await world.quiz.latestPostedRound(await world.channel(GUILD, NEWS)))!;
    expect(world.fake.channel(round.messageRef!)?.type).toBe(CHANNEL_TYPES.announcementThread);
    const reply = world.fake.userMessage(round.messageRef!, alice, '답변');
    await world.settle();
    expect(await tdb.current.store.findAnswer(round.id, reply)).toMatchObject({ status: 'counted' });
  });
});
