import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, PERMISSION_BITS } from '../../fakes/discord-faults.js';
import { type FakeUser, PERMISSIONS, withoutPermission } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * Channels Discord refuses, end to end over a day and a half of minute ticks: the real discord.js
 * client and REST against the fake Discord (which refuses the way Discord documents: 50024 for a
 * thread in a voice channel's chat, 40058 for a message in a forum, 50013 where a channel
 * override takes a permission away), the real database, the clock advanced tick by tick.
 * Each broken channel is tried once, paused, and its admin told once, in words, with a link.
 */

const GUILD = '820000000000000001';
const TEXT = '820000000000000010';
const VOICE = '820000000000000011';
const FORUM = '820000000000000012';

const owner: FakeUser = { id: '720000000000000001', username: 'owner' };
const alice: FakeUser = { id: '720000000000000002', username: 'alice', globalName: 'Alice' };

// Monday 3 March 2025 in Seoul (UTC+9); the simulation runs to Tuesday 21:00.
const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1200 = '2025-03-03T03:00:00Z';
const TUE_2100 = '2025-03-04T12:00:00Z';

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;

async function start(): Promise<void> {
  world = await DiscordWorld.start(tdb.current.store, {
    start: MON_0850,
    guilds: [
      {
        id: GUILD,
        name: 'AWS 스터디',
        channels: [
          { id: TEXT, name: 'daily-aws' },
          { id: VOICE, name: '스터디-음성', type: CHANNEL_TYPES.voice },
          { id: FORUM, name: '질문-포럼', type: CHANNEL_TYPES.forum },
        ],
      },
    ],
  });
}

afterEach(async () => {
  await world.stop();
});

/**
 * A subscription made before the setup checks existed (an upgrade): `/sa-admin subscribe` now
 * refuses these channels (see setup-checks.test.ts), so the store is written directly.
 */
async function subscribedBeforeTheChecks(channelId: string): Promise<void> {
  const channel = await world.quiz.channelAt({ platform: 'discord', workspaceId: GUILD, channelId });
  await tdb.current.store.updateChannel(channel.id, { subscribed: true, subscribedBy: owner.id });
}

/** The text of the DMs the admin got about one channel. */
function noticesAbout(channelId: string): string[] {
  return world
    .dms(owner.id)
    .map(embedText)
    .filter((text) => text.includes(`<#${channelId}>`));
}

describe('Discord: channels that cannot take a round', () => {
  it("voice chat and forum: tried once, the question taken back, paused, one DM each; the text channel's days go on", async () => {
    await start();
    await world.adminCommand(owner, TEXT, 'subscribe');
    await subscribedBeforeTheChecks(VOICE);
    await subscribedBeforeTheChecks(FORUM);

    const report = await world.tickUntil(TUE_2100);

    // Voice: the question went out, no thread could start from it (50024), so it was deleted.
    expect(world.posts(VOICE)).toHaveLength(1);
    expect(world.threadStarts(VOICE).map((c) => c.status)).toEqual([400]);
    expect(world.deletes(VOICE)).toHaveLength(1);
    // Forum: the message itself was refused (40058); nothing else was tried.
    expect(world.posts(FORUM).map((c) => c.status)).toEqual([400]);
    expect(world.threadStarts(FORUM)).toHaveLength(0);
    expect(world.deletes(FORUM)).toHaveLength(0);

    for (const [id, kind] of [
      [VOICE, 'voice'],
      [FORUM, 'forum'],
    ] as const) {
      const channel = await world.channel(GUILD, id);
      expect(channel).toMatchObject({ subscribed: true, paused: true, pausedReason: 'broken' });
      expect(await tdb.current.store.openIncidentOf(channel.id)).toMatchObject({
        kind: 'unsupported',
        problem: 'unsupported_channel',
        detail: kind,
        pauses: true,
        notice: 'dm',
      });
    }
    const [voiceNotice, ...moreVoice] = noticesAbout(VOICE);
    expect(moreVoice).toEqual([]);
    expect(voiceNotice).toContain('AWS 스터디');
    expect(voiceNotice).toContain('음성 채널의 채팅에서는 질문과 답변 스레드를 운영할 수 없습니다');
    expect(voiceNotice).toContain('일반 텍스트 채널에서 구독하세요');
    const [forumNotice, ...moreForum] = noticesAbout(FORUM);
    expect(moreForum).toEqual([]);
    expect(forumNotice).toContain('포럼 채널에는 매일 질문을 올릴 수 없습니다');
    // Nothing to fix there and `resume` would be refused: the notice says to subscribe elsewhere.
    for (const notice of [voiceNotice, forumNotice]) {
      expect(notice).toContain('`/sa-admin unsubscribe`');
      expect(notice).not.toContain('`/sa-admin resume`');
    }
    expect(world.dms(owner.id)).toHaveLength(2);

    // The healthy channel had both days: two questions, two reveals, nothing failed there.
    const text = await world.channel(GUILD, TEXT);
    expect(text.paused).toBe(false);
    expect(world.threadStarts(TEXT)).toHaveLength(2);
    expect(world.posts(TEXT).every((c) => c.status === 200)).toBe(true);
    expect(report).toMatchObject({ posted: 2, revealed: 2, failed: 2 });
    expect(world.unpingable()).toBe(true);
  });

  it('missing "Send Messages in Threads": the reveal is refused once, the channel paused, one DM naming the permission; resume waits for the fix', async () => {
    await start();
    await world.adminCommand(owner, TEXT, 'subscribe');
    world.clock.set(MON_0900);
    expect(await world.quiz.tick()).toMatchObject({ posted: 1 });
    const round = (await world.quiz.latestPostedRound(await world.channel(GUILD, TEXT)))!;
    const thread = round.messageRef!;
    world.clock.set(MON_1200);
    world.fake.userMessage(thread, alice, 'KMS는 키를 관리합니다');
    // An admin's channel override takes the permission away (CHANNEL_UPDATE reaches the bot too).
    world.fake.setBotPermissions(
      TEXT,
      withoutPermission(PERMISSIONS.bot, PERMISSION_BITS.SendMessagesInThreads),
    );
    await world.settle();

    const report = await world.tickUntil(TUE_2100);

    // One reveal attempt in the thread (refused), none after it: no retry loop, no Tuesday question.
    expect(world.posts(thread).map((c) => c.status)).toEqual([403]);
    expect(world.threadStarts(TEXT)).toHaveLength(1);
    // The round is closed (streaks applied) but its reveal could not be sent: a failure, not a reveal.
    expect(report).toMatchObject({ posted: 0, revealed: 0, failed: 1 });
    const channel = await world.channel(GUILD, TEXT);
    expect(channel).toMatchObject({ paused: true, pausedReason: 'broken' });
    const [notice, ...more] = noticesAbout(TEXT);
    expect(more).toEqual([]);
    expect(notice).toContain('모범 답안을 보내지 못했습니다');
    expect(notice).toContain('스레드에서 메시지 보내기');
    expect(notice).not.toContain('링크 첨부');
    expect(notice).toContain('`/sa-admin resume`');

    // Resuming before the fix is refused with what is still missing, and changes nothing.
    const early = await world.adminCommand(owner, TEXT, 'resume');
    expect(world.answerText(early)).toContain('스레드에서 메시지 보내기');
    expect((await world.channel(GUILD, TEXT)).paused).toBe(true);
    await world.tickUntil(new Date(Date.parse(TUE_2100) + 10 * 60_000));
    expect(world.posts(thread)).toHaveLength(1);

    world.fake.setBotPermissions(TEXT, PERMISSIONS.bot);
    await world.settle();
    const resumed = await world.adminCommand(owner, TEXT, 'resume');
    expect(world.answerText(resumed)).toContain('다시 시작');
    expect(await tdb.current.store.openIncidentOf(channel.id)).toBeNull();
    // The held-back reveal goes out once, on the next tick, and only once.
    await world.tickUntil(new Date(Date.parse(TUE_2100) + 60 * 60_000));
    const sent = world.posts(thread).filter((c) => c.status === 200);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map(embedText)).size).toBe(sent.length);
    expect(sent.map(embedText).join('\n')).toContain(`<@${alice.id}>`);
    expect(noticesAbout(TEXT)).toHaveLength(1);
    expect(world.unpingable()).toBe(true);
  });

  it('admin DMs closed: the notice goes in the channel when it can, and /sa-admin status says how the admin was told', async () => {
    await start();
    world.fake.faults.closeDms(owner.id);
    await world.adminCommand(owner, TEXT, 'subscribe');
    world.clock.set(MON_0900);
    await world.quiz.tick();
    world.fake.setBotPermissions(
      TEXT,
      withoutPermission(PERMISSIONS.bot, PERMISSION_BITS.SendMessagesInThreads),
    );
    await world.settle();

    await world.tickUntil(TUE_2100);

    // One DM attempt (50007), then the notice in the channel, which still takes plain messages.
    expect(world.dms(owner.id).map((c) => c.status)).toEqual([403]);
    const inChannel = world.posts(TEXT).slice(1);
    expect(inChannel.map((c) => c.status)).toEqual([200]);
    expect(embedText(inChannel[0]!)).toContain('스레드에서 메시지 보내기');
    const incident = await tdb.current.store.openIncidentOf((await world.channel(GUILD, TEXT)).id);
    expect(incident).toMatchObject({ kind: 'forbidden', notice: 'channel' });

    const status = world.answerText(await world.adminCommand(owner, TEXT, 'status'));
    expect(status).toContain('문제: 봇에게 이 채널의 권한이 없습니다: 스레드에서 메시지 보내기');
    // When the admin was told is a timestamp each reader's client shows in their own zone.
    const toldAt = Math.floor((incident?.noticeAt?.getTime() ?? Number.NaN) / 1000);
    expect(toldAt).toBeGreaterThan(0);
    expect(status).toContain(`관리자에게 DM을 보낼 수 없어 채널에 게시했습니다 (<t:${toldAt}:f>).`);
    expect(status).toContain('게시 권한: 이 채널에는 게시할 수 없습니다');
  });

  it('admin DMs closed and the channel refusing messages: nobody can be told, so status and one log line say it', async () => {
    await start();
    world.fake.faults.closeDms(owner.id);
    await world.adminCommand(owner, TEXT, 'subscribe');
    world.fake.setBotPermissions(TEXT, withoutPermission(PERMISSIONS.bot, PERMISSION_BITS.SendMessages));
    await world.settle();

    const report = await world.tickUntil(TUE_2100);

    // The question (50013) and the notice in the channel (50013): one attempt each, then silence.
    expect(world.posts(TEXT).map((c) => c.status)).toEqual([403, 403]);
    expect(world.dms(owner.id).map((c) => c.status)).toEqual([403]);
    expect(report).toMatchObject({ posted: 0, failed: 1 });
    const channel = await world.channel(GUILD, TEXT);
    expect(await tdb.current.store.openIncidentOf(channel.id)).toMatchObject({ notice: 'unreachable' });
    const stopped = world.log.lines.filter(
      (l) => l.level === 'error' && l.message.includes('stopped in channel'),
    );
    expect(stopped).toHaveLength(1);
    expect(stopped[0]?.message).toContain('Send Messages');

    const status = world.answerText(await world.adminCommand(owner, TEXT, 'status'));
    expect(status).toContain('문제: 봇에게 이 채널의 권한이 없습니다: 메시지 보내기');
    expect(status).toContain('관리자에게 알릴 방법이 없었습니다');
  });
});
