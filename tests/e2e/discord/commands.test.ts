import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import { Admin } from '../../../src/core/admin.js';
import type { Chat } from '../../../src/core/ports.js';
import { Quiz } from '../../../src/core/quiz.js';
import type { Platform } from '../../../src/core/types.js';
import { ephemeralReplyMessage } from '../../fakes/discord-payloads.js';
import { FakeDiscord, type FakeUser, PERMISSIONS, type RecordedCall } from '../../fakes/discord-server.js';
import { FixedClock } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';

/**
 * /sa-quiz, /sa-leaderboard and /sa-admin end to end: INTERACTION_CREATE payloads from the fake
 * Discord, the real discord.js client answering through the interaction callback and webhook
 * routes, the real database behind the core.
 */

const GUILD = '810000000000000001';
const CHANNEL = '810000000000000010';
const FIXTURE = new URL('../../fixtures/000_0d73c490451cfe6f.txt', import.meta.url);

const owner: FakeUser = { id: '710000000000000001', username: 'owner' };
const member: FakeUser = { id: '710000000000000002', username: 'member', globalName: '멤버' };
const configured: FakeUser = { id: '710000000000000003', username: 'configured' };

const tdb = useTestDatabase({ bundledBank: true });
let fake: FakeDiscord;
let adapter: DiscordAdapter;
let quiz: Quiz;

beforeEach(async () => {
  fake = await FakeDiscord.start([
    { id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'sa' }] },
  ]);
  const clock = new FixedClock('2025-03-03T01:00:00Z');
  const chats = new Map<Platform, Chat>();
  quiz = new Quiz({ store: tdb.current.store, clock, chats, random: () => 0 });
  const admin = new Admin({ quiz, store: tdb.current.store, clock, configuredAdmins: [configured.id] });
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
});

afterEach(async () => {
  await adapter.stop();
  await fake.close();
});

async function settle(): Promise<void> {
  await fake.sync();
  await fake.caughtUp(adapter.client);
  await adapter.idle();
}

interface Sent {
  readonly call: RecordedCall;
  readonly text: string;
  readonly buttons: { custom_id: string; label: string }[];
  /** The message object Discord would attach to a button press on this reply. */
  readonly message: Record<string, unknown>;
}

/** The responses (callback, then webhook edits/follow-ups) to interaction `id`, flattened. */
function responses(interaction: { id: string; token: string }): Sent[] {
  return fake.calls
    .filter(
      (c) =>
        c.path.startsWith(`/interactions/${interaction.id}/`) ||
        c.path.startsWith(`/webhooks/${fake.applicationId}/${interaction.token}`),
    )
    .map((call) => {
      const body = call.body ?? {};
      const data = (body.data as Record<string, unknown> | undefined) ?? body;
      const embeds =
        (data.embeds as { title?: string; description?: string; footer?: { text: string } }[]) ?? [];
      const rows = (data.components as { components: { custom_id: string; label: string }[] }[]) ?? [];
      return {
        call,
        text: embeds
          .map((e) => [e.title, e.description, e.footer?.text].filter(Boolean).join('\n'))
          .join('\n'),
        buttons: rows.flatMap((r) => r.components),
        message: ephemeralReplyMessage(fake.id(), CHANNEL, fake.userPayload(fake.botUser), {
          embeds,
          components: data.components,
        }),
      };
    });
}

function last(interaction: { id: string; token: string }): Sent {
  const all = responses(interaction);
  const found = all[all.length - 1];
  if (!found) throw new Error(`no response to interaction ${interaction.id}`);
  return found;
}

function press(user: FakeUser, on: Sent, label: string, permissions?: string): { id: string; token: string } {
  const button = on.buttons.find((b) => b.label === label);
  if (!button) throw new Error(`no button "${label}" among ${on.buttons.map((b) => b.label).join(', ')}`);
  return fake.buttonPress({
    user,
    channelId: CHANNEL,
    customId: button.custom_id,
    message: on.message,
    ...(permissions ? { permissions } : {}),
  });
}

function adminCommand(
  user: FakeUser,
  subcommand: string,
  options: Record<string, unknown>[] = [],
  extra: { permissions?: string; attachments?: Record<string, unknown>[] } = {},
): { id: string; token: string } {
  return fake.slashCommand({
    user,
    channelId: CHANNEL,
    name: 'sa-admin',
    permissions: extra.permissions ?? PERMISSIONS.manageGuild,
    options: [{ type: 1, name: subcommand, options }],
    ...(extra.attachments ? { attachments: extra.attachments } : {}),
  });
}

async function upload(user: FakeUser, name: string, bytes: Uint8Array, declaredSize?: number) {
  const attachment = fake.attachment(name, bytes, declaredSize);
  const interaction = adminCommand(user, 'upload', [{ type: 11, name: 'file', value: attachment.id }], {
    attachments: [attachment],
    ...(user === owner ? {} : { permissions: PERMISSIONS.member }),
  });
  await settle();
  return interaction;
}

async function workspaceQuestions(): Promise<number> {
  const channel = await tdb.current.store.findChannel('discord', GUILD, CHANNEL);
  return channel ? (await tdb.current.store.listQuestions(channel.workspaceId)).length : 0;
}

function expectNoPings(): void {
  const sent = fake.messageCalls();
  expect(sent.length).toBeGreaterThan(0);
  for (const call of sent) {
    const body = call.body ?? {};
    const data = (body.data as Record<string, unknown> | undefined) ?? body;
    expect(data.allowed_mentions, `${call.method} ${call.path}`).toEqual({ parse: [] });
  }
}

describe('Discord: /sa-quiz and /sa-leaderboard', () => {
  it('runs a practice card through its buttons, updating the ephemeral message each time', async () => {
    const command = fake.slashCommand({
      user: member,
      channelId: CHANNEL,
      name: 'sa-quiz',
      options: [{ type: 3, name: 'keyword', value: 'CloudTrail' }],
    });
    await settle();
    const card = last(command);
    expect(card.call.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(card.text).toContain('연습 문제');
    expect(card.text).toMatch(/cloudtrail/i);
    expect(card.buttons.map((b) => b.label)).toEqual(['답 보기', '답 써 보기']);

    const show = press(member, card, '답 보기');
    await settle();
    const answer = last(show);
    expect(answer.call.body).toMatchObject({ type: 7 });
    expect(answer.text).toContain('장점 (Benefits)');
    expect(answer.text).toContain('위험·트레이드오프 (Risks)');
    expect(answer.buttons.map((b) => b.label)).toEqual(['다시', '어려움', '알맞음', '쉬움']);

    const grade = press(member, answer, '알맞음');
    await settle();
    const graded = last(grade);
    expect(graded.call.body).toMatchObject({ type: 7 });
    expect(graded.text).toContain('"알맞음"(으)로 기록했습니다');
    const channel = (await tdb.current.store.findChannel('discord', GUILD, CHANNEL))!;
    const cards = await tdb.current.store.listPracticeCards(channel.workspaceId, member.id);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.reps).toBe(1);
    // The next review as a Discord timestamp: each reader's zone, and how far off ("in 3 days").
    const due = Math.floor((cards[0]?.due.getTime() ?? 0) / 1000);
    expect(graded.text).toContain(`**다음 복습**: <t:${due}:F> (<t:${due}:R>)`);

    const next = press(member, graded, '다음 문제');
    await settle();
    expect(last(next).call.body).toMatchObject({ type: 7 });
    expect(last(next).buttons.map((b) => b.label)).toEqual(['답 보기', '답 써 보기']);
    expectNoPings();
  });

  it('shows the leaderboard for the chosen period, ephemerally', async () => {
    const command = fake.slashCommand({
      user: member,
      channelId: CHANNEL,
      name: 'sa-leaderboard',
      options: [{ type: 3, name: 'period', value: 'month' }],
    });
    await settle();
    const reply = last(command);
    expect(reply.call.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(reply.text).toContain('리더보드 · 이번 달');
  });
});

describe('Discord: /sa-admin', () => {
  it('refuses a member without Manage Server, checked on every call, and changes nothing', async () => {
    const subscribe = adminCommand(member, 'subscribe', [], { permissions: PERMISSIONS.member });
    await settle();
    expect(last(subscribe).call.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(last(subscribe).text).toContain('관리자만 사용할 수 있는 명령입니다');
    // Nothing is written for a refused member: not even the channel's row.
    expect(await tdb.current.store.findChannel('discord', GUILD, CHANNEL)).toBeNull();

    const uploadAttempt = await upload(member, 'bank.md', await readFile(FIXTURE));
    expect(last(uploadAttempt).text).toContain('관리자만 사용할 수 있는 명령입니다');
    // Refused before the file is even downloaded.
    expect(fake.downloads).toEqual([]);
    expect(await workspaceQuestions()).toBe(0);
  });

  it('lets an id from SA_QUIZ_ADMINS administer without Manage Server', async () => {
    const status = adminCommand(configured, 'status', [], { permissions: PERMISSIONS.member });
    await settle();
    expect(last(status).text).toContain('sa-quiz 상태');
  });

  it('uploads the seed bank from an attachment: preview first, then confirm writes it', async () => {
    const preview = await upload(owner, '000_0d73c490451cfe6f.txt', await readFile(FIXTURE));
    const responsesToUpload = responses(preview);
    // Downloading and parsing may be slow: the command is deferred, then the reply edited.
    expect(responsesToUpload[0]?.call.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const shown = last(preview);
    expect(shown.call.method).toBe('PATCH');
    expect(shown.call.path).toBe(`/webhooks/${fake.applicationId}/${preview.token}/messages/@original`);
    expect(shown.text).toContain('업로드 미리보기 · 000\\_0d73c490451cfe6f.txt');
    expect(shown.text).toMatch(/새 질문 \d+/);
    expect(fake.downloads).toHaveLength(1);
    expect(await workspaceQuestions()).toBe(0);

    // A member pressing "import" on the preview is refused too.
    const sneaky = press(member, shown, '가져오기', PERMISSIONS.member);
    await settle();
    expect(last(sneaky).text).toContain('관리자만 사용할 수 있는 명령입니다');
    expect(await workspaceQuestions()).toBe(0);

    const confirm = press(owner, shown, '가져오기', PERMISSIONS.manageGuild);
    await settle();
    const done = last(confirm);
    expect(done.call.body).toMatchObject({ type: 7 });
    const imported = Number(/질문 (\d+)개를 가져왔습니다/.exec(done.text)?.[1]);
    expect(imported).toBeGreaterThan(0);
    expect(await workspaceQuestions()).toBe(imported);
    expectNoPings();
  });

  it('refuses a file that is too large or not UTF-8, writing nothing', async () => {
    const large = await upload(owner, 'big.md', new TextEncoder().encode('# big'), 5 * 1024 * 1024);
    expect(last(large).text).toContain('파일이 너무 큽니다 (최대 2 MB)');
    expect(fake.downloads).toEqual([]);

    const reallyLarge = await upload(owner, 'big2.md', new Uint8Array(2 * 1024 * 1024 + 10).fill(0x61), 10);
    expect(last(reallyLarge).text).toContain('파일이 너무 큽니다');

    const latin1 = await upload(owner, 'latin1.md', Uint8Array.from([0x3c, 0x64, 0xe9, 0xff, 0xfe, 0x0a]));
    expect(last(latin1).text).toContain('UTF-8 텍스트가 아닙니다');
    expect(await workspaceQuestions()).toBe(0);
  });

  it('never lets an uploaded file ping: @everyone in a bank title is neutralised in the preview', async () => {
    const bank = [
      '<details>',
      '<summary>Q1. @everyone 긴급 공지 <@&42> 란?</summary>',
      '',
      '- 정의',
      '    @here 정의입니다',
      '- Benefits',
      '    - 장점',
      '- Risks',
      '    - 위험',
      '</details>',
      '',
    ].join('\n');
    const preview = await upload(owner, 'ping.md', new TextEncoder().encode(bank));
    const shown = last(preview);
    expect(shown.text).toContain('@\u200beveryone 긴급 공지');
    expect(shown.text).not.toMatch(/@everyone|<@&42>/);
    expectNoPings();
  });

  it('exports the bank as a file attachment', async () => {
    const exported = adminCommand(owner, 'export', [{ type: 3, name: 'format', value: 'json' }]);
    await settle();
    const reply = last(exported);
    expect(reply.call.method).toBe('PATCH');
    expect(reply.call.files).toHaveLength(1);
    expect(reply.call.files[0]?.filename).toBe('sa-quiz-bank-ko.json');
    const parsed = JSON.parse(reply.call.files[0]?.text ?? '') as unknown;
    expect(parsed).toBeTruthy();
    expect(reply.text).toMatch(/질문 \d+개를 내보냈습니다/);
  });

  it('runs lang, pause, resume and help; an unknown subcommand gets the help', async () => {
    adminCommand(owner, 'subscribe');
    await settle();
    const lang = adminCommand(owner, 'lang', [{ type: 3, name: 'language', value: 'en' }]);
    await settle();
    expect(last(lang).text).toContain('English');
    const pause = adminCommand(owner, 'pause');
    await settle();
    expect(last(pause).text).toContain('Paused');
    expect((await tdb.current.store.findChannel('discord', GUILD, CHANNEL))?.paused).toBe(true);
    const resume = adminCommand(owner, 'resume');
    await settle();
    expect((await tdb.current.store.findChannel('discord', GUILD, CHANNEL))?.paused).toBe(false);
    expect(last(resume).call.body).toMatchObject({ type: 4 });
    const stale = adminCommand(owner, 'frobnicate');
    await settle();
    expect(last(stale).text).toContain('frobnicate');
    expect(last(stale).text).toContain('subscribe');
  });

  it('posts and reveals now from /sa-admin post-now and reveal-now', async () => {
    adminCommand(owner, 'subscribe');
    await settle();
    const post = adminCommand(owner, 'post-now');
    // The gateway delivers the same interaction twice (a resumed session): it runs once.
    const delivered = fake.dispatched.filter((d) => d.event === 'INTERACTION_CREATE').at(-1);
    fake.dispatch('INTERACTION_CREATE', delivered?.data);
    await settle();
    expect(last(post).text).toContain('질문을 지금 게시했습니다');
    expect(responses(post)).toHaveLength(1);
    expect(fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`))).toHaveLength(1);
    const channel = (await tdb.current.store.findChannel('discord', GUILD, CHANNEL))!;
    const round = (await quiz.latestPostedRound(channel))!;
    expect(fake.channel(round.messageRef!)?.parent_id).toBe(CHANNEL);
    const reveal = adminCommand(owner, 'reveal-now');
    await settle();
    expect(last(reveal).text).toContain('답안을 지금 공개했습니다');
    expect(
      fake.callsTo('POST', new RegExp(`^/channels/${round.messageRef}/messages$`)).length,
    ).toBeGreaterThan(0);
  });
});
