import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGuild, FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld } from './discord-world.js';

/**
 * Languages from Discord: a channel first seen starts in its server's language (a Community
 * server's preferred locale, else the language of the person whose command brought it in), sent
 * as ChannelAddress.locale. Replies only one person sees follow that person's client
 * (ChannelAddress.viewerLocale) until an admin sets the channel's language with `lang`.
 */

const CHANNEL = '826000000000000010';
const community: FakeGuild = {
  id: '826000000000000001',
  name: 'AWS Study',
  locale: 'en-US',
  features: ['COMMUNITY'],
  channels: [{ id: CHANNEL, name: 'daily-aws' }],
};
const plain: FakeGuild = { ...community, features: [] };
const korean: FakeUser = { id: '726000000000000001', username: 'minji', locale: 'ko' };
const british: FakeUser = { id: '726000000000000002', username: 'olivia', locale: 'en-GB' };

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld | undefined;

afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function start(guild: FakeGuild): Promise<DiscordWorld> {
  world = await DiscordWorld.start(tdb.current.store, { start: '2025-03-03T01:00:00Z', guilds: [guild] });
  return world;
}

async function leaderboardBy(w: DiscordWorld, user: FakeUser): Promise<string> {
  const interaction = w.fake.slashCommand({ user, channelId: CHANNEL, name: 'sa-leaderboard' });
  await w.settle();
  return w.answerText(interaction);
}

describe('Discord: languages from the server and the person', () => {
  it("a Community server's preferred locale is a new channel's language", async () => {
    const w = await start(community);
    // The channel starts in English; the Korean caller's own reply is in Korean.
    expect(await leaderboardBy(w, korean)).toContain('리더보드');
    expect((await w.channel(community.id, CHANNEL)).locale).toBe('en');
  });

  it('elsewhere the language of the person whose command brought the channel in', async () => {
    const w = await start(plain);
    expect(await leaderboardBy(w, british)).toContain('Leaderboard');
    expect((await w.channel(plain.id, CHANNEL)).locale).toBe('en');
    // Once created, the channel keeps its language whoever comes next (each reply in its reader's).
    expect(await leaderboardBy(w, korean)).toContain('리더보드');
    expect((await w.channel(plain.id, CHANNEL)).locale).toBe('en');
  });

  it("a server in a language the bot does not speak, and a person likewise: Korean, the bot's default", async () => {
    const w = await start({ ...community, locale: 'ja' });
    await leaderboardBy(w, { ...korean, locale: 'fr' });
    expect((await w.channel(community.id, CHANNEL)).locale).toBe('ko');
  });

  it("ephemeral replies follow the caller's client until an admin sets the channel's language", async () => {
    const w = await start(plain);
    expect(await leaderboardBy(w, korean)).toContain('리더보드');
    expect(await leaderboardBy(w, british)).toContain('Leaderboard');
    await w.adminCommand({ ...korean }, CHANNEL, 'lang', [{ type: 3, name: 'language', value: 'ko' }]);
    expect(await leaderboardBy(w, british)).toContain('리더보드');
  });
});
