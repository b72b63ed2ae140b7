import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordChat } from '../../../src/adapters/discord/discord-chat.js';
import { messages } from '../../../src/core/i18n/catalog.js';
import { silentLogger } from '../../../src/core/quiz.js';
import { questionView } from '../../../src/core/render.js';
import type { Round } from '../../../src/core/types.js';
import { FakeDiscord } from '../../fakes/discord-server.js';
import { testChannel, testRound } from '../../helpers/fixtures.js';
import { text } from '../../helpers/questions.js';

/** Exactly-once posting on Discord: a repeated post is deduplicated, a lost one is found again. */

const GUILD = { id: '840000000000000001', name: 'g', channels: [{ id: '840000000000000010', name: 'quiz' }] };
let fake: FakeDiscord;
let chat: DiscordChat;

const channel = testChannel({
  platform: 'discord',
  workspaceExternalId: GUILD.id,
  workspaceName: GUILD.name,
  externalId: GUILD.channels[0]!.id,
  name: 'quiz',
  subscribedBy: null,
});

function round(id: number): Round {
  const at = new Date('2026-11-23T00:00:00Z');
  return testRound({
    id,
    localDate: '2026-11-23',
    postAt: at,
    revealAt: new Date('2026-11-23T09:00:00Z'),
    claimedAt: at,
  });
}

beforeAll(async () => {
  fake = await FakeDiscord.start([GUILD]);
  const rest = new REST({ version: '10', api: fake.apiUrl }).setToken('fake-token');
  chat = new DiscordChat({ rest, threadAfterReveal: 'archive', logger: silentLogger });
});
afterAll(async () => {
  await fake.close();
});

describe('Discord: exactly-once question posts', () => {
  it('sends a nonce Discord enforces, and finds the question of a round in the channel history', async () => {
    const view = (r: Round) => questionView(messages('ko'), channel, r, text('KMS란?'), false);
    const r7 = round(7);
    expect(await chat.findQuestion(channel, r7)).toBeNull();
    const first = await chat.postQuestion(channel, r7, view(r7));
    const [post] = fake.callsTo('POST', new RegExp(`^/channels/${channel.externalId}/messages$`));
    expect(post?.body).toMatchObject({ nonce: 'sa-quiz-r7', enforce_nonce: true });
    // A retry of the same round (the first answer was lost) gets the same message back.
    expect(await chat.postQuestion(channel, r7, view(r7))).toBe(first);
    const listed = (await fetch(`${fake.apiUrl}/v10/channels/${channel.externalId}/messages`).then((r) =>
      r.json(),
    )) as unknown[];
    expect(listed).toHaveLength(1);
    expect(await chat.findQuestion(channel, r7)).toBe(first);
    const r8 = round(8);
    await chat.postQuestion(channel, r8, view(r8));
    expect(await chat.findQuestion(channel, r7)).toBe(first);
    expect(await chat.findQuestion(channel, round(9))).toBeNull();
  });
});
