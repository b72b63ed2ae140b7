import { GatewayIntentBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import { Admin } from '../../../src/core/admin.js';
import type { Chat } from '../../../src/core/ports.js';
import { Quiz } from '../../../src/core/quiz.js';
import type { Channel, Platform } from '../../../src/core/types.js';
import {
  FakeDiscord,
  type FakeUser,
  MISSING_PERMISSIONS,
  PERMISSIONS,
  type RecordedCall,
  UNKNOWN_CHANNEL,
} from '../../fakes/discord-server.js';
import { FixedClock } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';
import { longAnswerQuestion } from '../../helpers/questions.js';

/**
 * The daily round on Discord end to end: the real discord.js client against the fake Discord,
 * the real database, the schedule driven by quiz.tick at fixed instants.
 */

const GUILD = '800000000000000001';
const CHANNEL = '800000000000000010';
const SECOND_CHANNEL = '800000000000000011';

const owner: FakeUser = { id: '700000000000000001', username: 'owner', globalName: '관리자' };
const alice: FakeUser = { id: '700000000000000002', username: 'alice', globalName: 'Alice' };
const bob: FakeUser = { id: '700000000000000003', username: 'bob' };
const carol: FakeUser = { id: '700000000000000004', username: 'carol' };
const dave: FakeUser = { id: '700000000000000005', username: 'dave', globalName: '@everyone' };
const eve: FakeUser = { id: '700000000000000006', username: 'eve' };
const helperBot: FakeUser = { id: '700000000000000099', username: 'other-bot', bot: true };

// Monday 3 March 2025 in Seoul (UTC+9).
const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1200 = '2025-03-03T03:00:00Z';
const MON_1800 = '2025-03-03T09:00:00Z';
const MON_1805 = '2025-03-03T09:05:00Z';
const TUE_0900 = '2025-03-04T00:00:00Z';
const TUE_1000 = '2025-03-04T01:00:00Z';
const TUE_1800 = '2025-03-04T09:00:00Z';

const tdb = useTestDatabase({ bundledBank: true });
let fake: FakeDiscord;
let adapter: DiscordAdapter;
let quiz: Quiz;
let clock: FixedClock;
let admin: Admin;
const chats = new Map<Platform, Chat>();

/** A new adapter (a new discord.js client) on the same core, as after a restart. */
async function connect(): Promise<void> {
  // A slow CI machine must not turn replies into deferrals: the deferred path is tested with upload/export.
  adapter = createDiscordAdapter({
    quiz,
    admin,
    token: 'fake-token',
    apiUrl: fake.apiUrl,
    deferAfterMs: 60_000,
  });
  chats.set('discord', adapter.chat);
  fake.watch(adapter.client);
  await adapter.start();
}

beforeEach(async () => {
  fake = await FakeDiscord.start([
    {
      id: GUILD,
      name: 'AWS 스터디',
      channels: [
        { id: CHANNEL, name: 'daily-aws' },
        { id: SECOND_CHANNEL, name: 'aws-2' },
      ],
    },
  ]);
  clock = new FixedClock(MON_0850);
  quiz = new Quiz({ store: tdb.current.store, clock, chats, random: () => 0 });
  admin = new Admin({ quiz, store: tdb.current.store, clock, configuredAdmins: [] });
  await connect();
});

afterEach(async () => {
  await adapter.stop();
  await fake.close();
});

/** Waits until the client has read every dispatch so far and handled it. */
async function settle(): Promise<void> {
  await fake.sync();
  await fake.caughtUp(adapter.client);
  await adapter.idle();
}

async function subscribe(channelId: string): Promise<void> {
  fake.slashCommand({
    user: owner,
    channelId,
    name: 'sa-admin',
    permissions: PERMISSIONS.manageGuild,
    options: [
      {
        type: 1,
        name: 'subscribe',
        options: [
          { type: 3, name: 'time', value: '09:00' },
          { type: 3, name: 'days', value: 'mon-fri' },
          { type: 3, name: 'timezone', value: 'Asia/Seoul' },
          { type: 3, name: 'reveal', value: '18:00' },
        ],
      },
    ],
  });
  await settle();
}

async function channelRow(channelId: string): Promise<Channel> {
  const channel = await tdb.current.store.findChannel('discord', GUILD, channelId);
  if (!channel) throw new Error(`no channel ${channelId}`);
  return channel;
}

function embedText(call: RecordedCall): string {
  const body = call.body ?? {};
  const data = (body.data as Record<string, unknown> | undefined) ?? body;
  const embeds = (data.embeds as { title?: string; description?: string; footer?: { text: string } }[]) ?? [];
  return embeds.map((e) => [e.title, e.description, e.footer?.text].filter(Boolean).join('\n')).join('\n');
}

function reactionsOn(messageId: string): string[] {
  return fake
    .callsTo('PUT', new RegExp(`^/channels/\\d+/messages/${messageId}/reactions/`))
    .map((c) => c.path.split('/')[6] ?? '');
}

/** Every message the bot sent carried allowed_mentions with nothing to parse. */
function expectNoPings(): void {
  const sent = fake.messageCalls();
  expect(sent.length).toBeGreaterThan(0);
  for (const call of sent) {
    const body = call.body ?? {};
    const data = (body.data as Record<string, unknown> | undefined) ?? body;
    expect(data.allowed_mentions, `${call.method} ${call.path}`).toEqual({ parse: [] });
  }
}

describe('Discord: the daily round', () => {
  it('connects with the intents it needs and subscribes a channel with /sa-admin subscribe', async () => {
    const intents = Number(fake.identifies[0]?.intents);
    expect(intents).toBe(
      GatewayIntentBits.Guilds |
        GatewayIntentBits.GuildMessages |
        GatewayIntentBits.GuildMessageReactions |
        GatewayIntentBits.MessageContent,
    );
    await subscribe(CHANNEL);
    const channel = await channelRow(CHANNEL);
    expect(channel).toMatchObject({
      subscribed: true,
      paused: false,
      subscribedBy: owner.id,
      name: 'daily-aws',
      schedule: { postTime: '09:00', revealTime: '18:00', days: [1, 2, 3, 4, 5], timezone: 'Asia/Seoul' },
    });
    const [callback] = fake.callsTo('POST', /^\/interactions\/\d+\/[^/]+\/callback$/);
    expect(callback?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedText(callback as RecordedCall)).toContain('이 채널을 구독했습니다');
  });

  it('runs a whole day: question and thread, answers created/edited/deleted, bots and late replies, reveal and streaks', async () => {
    await subscribe(CHANNEL);
    const channel = await channelRow(CHANNEL);

    clock.set(MON_0900);
    expect(await quiz.tick(clock.now())).toMatchObject({ posted: 1, failed: 0 });
    const [question] = fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));
    const round = (await quiz.latestPostedRound(channel))!;
    expect(round.messageRef).toBeTruthy();
    const thread = round.messageRef!;
    // The deadline as a Discord timestamp, so every reader sees their own time.
    const deadline = Math.floor(new Date(MON_1800).getTime() / 1000);
    expect(embedText(question!)).toContain(`<t:${deadline}:F>`);
    expect(embedText(question!)).toContain('오늘의 AWS 질문 · 2025-03-03');
    const [threadCall] = fake.callsTo(
      'POST',
      new RegExp(`^/channels/${CHANNEL}/messages/${thread}/threads$`),
    );
    expect(String(threadCall?.body?.name)).not.toBe('');
    expect(fake.channel(thread)?.parent_id).toBe(CHANNEL);

    clock.set(MON_1200);
    const aliceFirst = fake.userMessage(
      thread,
      alice,
      'EC2 Auto Scaling은 수요에 따라 인스턴스 수를 조절합니다.',
    );
    const aliceAgain = fake.userMessage(thread, alice, '덧붙이면 예측 조정도 있습니다.');
    const bobReply = fake.userMessage(thread, bob, '초안');
    fake.editMessage(bobReply, '수정한 답변');
    const carolReply = fake.userMessage(thread, carol, '지울 답변');
    fake.deleteMessage(carolReply);
    const botReply = fake.userMessage(thread, helperBot, '봇의 메시지');
    const daveReply = fake.userMessage(thread, dave, '@everyone 보세요 <@&123> 답입니다');
    fake.userMessage(CHANNEL, eve, '스레드 밖의 메시지');
    // The gateway delivers alice's first reply twice (a resumed session replays it).
    fake.dispatch('MESSAGE_CREATE', fake.message(aliceFirst));
    await settle();

    const answers = await tdb.current.store.listAnswers(round.id);
    const byMessage = new Map(answers.map((a) => [a.messageRef, a]));
    expect(answers).toHaveLength(5);
    expect(byMessage.get(aliceFirst)).toMatchObject({ status: 'counted', userName: 'Alice' });
    expect(byMessage.get(aliceAgain)?.status).toBe('extra');
    expect(byMessage.get(bobReply)).toMatchObject({ status: 'counted', text: '수정한 답변' });
    expect(byMessage.get(carolReply)?.status).toBe('withdrawn');
    expect(byMessage.get(daveReply)).toMatchObject({ status: 'counted', userName: '@everyone' });
    expect(byMessage.has(botReply)).toBe(false);
    expect(reactionsOn(aliceFirst)).toEqual(['✅']);
    expect(reactionsOn(aliceAgain)).toEqual([]);
    expect(reactionsOn(bobReply)).toEqual(['✅']);
    expect(reactionsOn(botReply)).toEqual([]);

    clock.set(MON_1800);
    expect(await quiz.tick(clock.now())).toMatchObject({ revealed: 1, failed: 0 });
    const [reveal] = fake
      .callsTo('POST', new RegExp(`^/channels/${thread}/messages$`))
      .filter((c) => c.body?.embeds !== undefined);
    const revealText = embedText(reveal!);
    expect(revealText).toContain('모범 답안');
    expect(revealText).toContain('제시간에 답한 사람 (3명)');
    // People are mentions: Discord shows their current name, and allowed_mentions pings nobody.
    expect(revealText).toContain(`<@${alice.id}>`);
    expect(revealText).toContain(`<@${bob.id}>`);
    expect(revealText).not.toContain(carol.id);
    // A display name of "@everyone" never reaches the message: dave is a mention too.
    expect(revealText).toContain(`<@${dave.id}>`);
    expect(revealText).not.toMatch(/@everyone/);
    const [closed] = fake.callsTo('PATCH', new RegExp(`^/channels/${CHANNEL}/messages/${thread}$`));
    expect(closed?.body?.components).toEqual([]);
    expect(embedText(closed!)).toContain('마감되었습니다');
    const [archive] = fake.callsTo('PATCH', new RegExp(`^/channels/${thread}$`));
    expect(archive?.body).toEqual({ archived: true });

    // The process restarts; the archived thread is no longer in any cache when a late reply comes.
    await adapter.stop();
    await connect();
    clock.set(MON_1805);
    const late = fake.userMessage(thread, eve, '늦은 답변');
    await settle();
    expect(fake.callsTo('GET', new RegExp(`^/channels/${thread}$`))).toHaveLength(1);
    expect((await tdb.current.store.findAnswer(round.id, late))?.status).toBe('late');
    expect(reactionsOn(late)).toEqual(['⏰']);

    const monday = new Map(
      (await tdb.current.store.listStreaks(channel.id)).map((s) => [s.userId, s.current]),
    );
    expect(Object.fromEntries(monday)).toEqual({ [alice.id]: 1, [bob.id]: 1, [dave.id]: 1 });

    // Tuesday: only alice answers; bob's and dave's streaks reset.
    clock.set(TUE_0900);
    expect(await quiz.tick(clock.now())).toMatchObject({ posted: 1 });
    const tuesday = (await quiz.latestPostedRound(channel))!;
    expect(tuesday.id).not.toBe(round.id);
    clock.set(TUE_1000);
    fake.userMessage(tuesday.messageRef!, alice, '오늘도 답합니다');
    await settle();
    clock.set(TUE_1800);
    expect(await quiz.tick(clock.now())).toMatchObject({ revealed: 1 });
    const streaks = new Map((await tdb.current.store.listStreaks(channel.id)).map((s) => [s.userId, s]));
    expect(streaks.get(alice.id)).toMatchObject({ current: 2, best: 2 });
    expect(streaks.get(bob.id)).toMatchObject({ current: 0, best: 1 });
    const tuesdayReveal = fake
      .callsTo('POST', new RegExp(`^/channels/${tuesday.messageRef}/messages$`))
      .filter((c) => c.body?.embeds !== undefined)
      .map(embedText)
      .join('\n');
    expect(tuesdayReveal).toContain(`<@${alice.id}>: 1 → 2회 연속`);
    expect(tuesdayReveal).toContain(`<@${bob.id}>: 1회 연속 기록이 끊겼습니다`);

    expectNoPings();
  });

  it('pauses a deleted channel and a channel it may not post in, tells the admin by DM, and keeps the others going', async () => {
    await subscribe(CHANNEL);
    await subscribe(SECOND_CHANNEL);
    fake.failChannel(CHANNEL, UNKNOWN_CHANNEL);

    clock.set(MON_0900);
    expect(await quiz.tick(clock.now())).toMatchObject({ posted: 1, failed: 1 });
    expect((await channelRow(CHANNEL)).paused).toBe(true);
    expect((await channelRow(SECOND_CHANNEL)).paused).toBe(false);
    const dm = await fake.waitForCall((c) => c.method === 'POST' && c.path === '/users/@me/channels');
    expect(dm.body).toEqual({ recipient_id: owner.id });
    const dmChannel = fake.calls.filter(
      (c) =>
        c.method === 'POST' &&
        /^\/channels\/\d+\/messages$/.test(c.path) &&
        c.path !== `/channels/${CHANNEL}/messages` &&
        c.path !== `/channels/${SECOND_CHANNEL}/messages`,
    );
    const notice = dmChannel.map(embedText).join('\n');
    // The server by name, the channel as a link, what is wrong in words, and how to resume.
    expect(notice).toContain(`<#${CHANNEL}>`);
    expect(notice).toContain('채널이 삭제되었거나 봇이 볼 수 없습니다');
    expect(notice).toContain('`/sa-admin resume`');

    // Permissions taken away from the second channel: paused too, without failing the tick.
    fake.failChannel(SECOND_CHANNEL, MISSING_PERMISSIONS);
    clock.set(MON_1800);
    expect(await quiz.tick(clock.now())).toMatchObject({ failed: 1 });
    expect((await channelRow(SECOND_CHANNEL)).paused).toBe(true);
    expectNoPings();
  });

  it('splits a long reference answer over several messages within Discord limits and neutralises mentions from the bank', async () => {
    await tdb.current.reset();
    await tdb.current.store.saveQuestions(
      null,
      [longAnswerQuestion('아주 긴 답의 질문 @everyone', ' @everyone @here <@123>')],
      'test',
    );
    await subscribe(CHANNEL);
    clock.set(MON_0900);
    await quiz.tick(clock.now());
    const round = (await quiz.latestPostedRound(await channelRow(CHANNEL)))!;
    clock.set(MON_1800);
    await quiz.tick(clock.now());

    const revealMessages = fake
      .callsTo('POST', new RegExp(`^/channels/${round.messageRef}/messages$`))
      .filter((c) => c.body?.embeds !== undefined);
    expect(revealMessages.length).toBeGreaterThan(1);
    for (const call of revealMessages) {
      const embeds = call.body?.embeds as {
        title?: string;
        description?: string;
        footer?: { text: string };
      }[];
      expect(embeds.length).toBeLessThanOrEqual(10);
      let total = 0;
      for (const embed of embeds) {
        expect((embed.title ?? '').length).toBeLessThanOrEqual(256);
        expect((embed.description ?? '').length).toBeLessThanOrEqual(4096);
        total +=
          (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length;
      }
      expect(total).toBeLessThanOrEqual(6000);
    }
    const all = revealMessages.map(embedText).join('\n');
    expect(all).toContain('(119)');
    expect(all).not.toMatch(/@everyone|@here|<@123>/);
    const [question] = fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));
    expect(embedText(question!)).not.toMatch(/@everyone/);
    expect(fake.channel(round.messageRef!)?.name).toBe('아주 긴 답의 질문 @everyone');
    expectNoPings();
  });

  it('takes a sealed answer from the "answer privately" modal on the question message', async () => {
    await subscribe(CHANNEL);
    clock.set(MON_0900);
    await quiz.tick(clock.now());
    const round = (await quiz.latestPostedRound(await channelRow(CHANNEL)))!;
    const ref = round.messageRef!;
    const press = fake.buttonPress({
      user: alice,
      channelId: CHANNEL,
      customId: `sa:ap:${round.id}`,
      message: fake.message(ref),
    });
    await settle();
    const [modal] = fake.callsTo('POST', new RegExp(`^/interactions/${press.id}/`));
    expect(modal?.body).toMatchObject({ type: 9, data: { custom_id: `sa:ap:${ref}` } });

    fake.modalSubmit({
      user: alice,
      channelId: CHANNEL,
      customId: `sa:ap:${ref}`,
      fields: { answer: '비밀 답변' },
    });
    await settle();
    const [answer] = await tdb.current.store.listAnswers(round.id);
    expect(answer).toMatchObject({ userId: alice.id, status: 'counted', text: '비밀 답변' });
    // Nothing about it appears in the thread.
    expect(fake.callsTo('POST', new RegExp(`^/channels/${ref}/messages$`))).toHaveLength(0);
  });
});
