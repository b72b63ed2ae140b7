import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { type FakeGuild, type FakeUser, PERMISSIONS } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld } from './discord-world.js';

/**
 * Autocomplete end to end: INTERACTION_CREATE type 4 from the fake Discord while someone types,
 * the real discord.js client answering with type 8 (the fake refuses more than 25 choices or a
 * name or value over 100 characters with 50035, as Discord does), suggestions from the bundled
 * bank in the real database; then the picked value used in the command itself.
 */

const GUILD = '827000000000000001';
const CHANNEL = '827000000000000010';
const guild: FakeGuild = { id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] };
const minji: FakeUser = { id: '727000000000000001', username: 'minji', locale: 'ko' };
const olivia: FakeUser = { id: '727000000000000002', username: 'olivia', locale: 'en-GB' };

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld | undefined;

afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function start(store?: Store): Promise<DiscordWorld> {
  world = await DiscordWorld.start(tdb.current.store, {
    start: '2025-03-03T01:00:00Z',
    guilds: [guild],
    ...(store ? { store } : {}),
  });
  return world;
}

interface Choice {
  readonly name: string;
  readonly value: string;
}

/** Types `typed` into `option` (of `subcommand`, if any) and returns the choices the bot answered. */
async function typing(
  w: DiscordWorld,
  user: FakeUser,
  command: string,
  option: string,
  typed: string,
  subcommand?: string,
): Promise<Choice[]> {
  const focused = { type: 3, name: option, value: typed, focused: true };
  const interaction = w.fake.autocomplete({
    user,
    channelId: CHANNEL,
    name: command,
    ...(subcommand ? { permissions: PERMISSIONS.manageGuild } : {}),
    options: subcommand ? [{ type: 1, name: subcommand, options: [focused] }] : [focused],
  });
  await w.settle();
  const [answer] = w.fake.callsTo('POST', new RegExp(`^/interactions/${interaction.id}/`));
  expect(answer?.status, 'the answer Discord took').toBe(204);
  expect(answer?.body?.type).toBe(8);
  const choices = (answer?.body?.data as { choices?: Choice[] } | undefined)?.choices ?? [];
  expect(choices.length).toBeLessThanOrEqual(25);
  return choices;
}

describe('Discord autocomplete', () => {
  it('suggests categories that find questions, in the typist’s language, with how many', async () => {
    const w = await start();
    const ko = await typing(w, minji, 'sa-quiz', 'category', '보');
    expect(ko.map((c) => c.value)).toContain('보안');
    expect(ko.find((c) => c.value === '보안')?.name).toMatch(/^보안 \(\d+\)$/);
    // What starts with the typed text comes first.
    expect(ko[0]?.value.startsWith('보')).toBe(true);

    const en = await typing(w, olivia, 'sa-quiz', 'category', 'secur');
    expect(en.map((c) => c.value)).toContain('Security');

    // Picking it narrows the practice card to that pillar.
    const picked = w.fake.slashCommand({
      user: minji,
      channelId: CHANNEL,
      name: 'sa-quiz',
      options: [{ type: 3, name: 'category', value: '보안' }],
    });
    await w.settle();
    expect(w.answerText(picked)).toContain('연습 문제');
  });

  it('suggests question titles for a keyword; nothing for a word no question has', async () => {
    const w = await start();
    const s3 = await typing(w, minji, 'sa-quiz', 'keyword', 'S3');
    expect(s3.length).toBeGreaterThan(0);
    for (const c of s3) expect(c.value).toBe(c.name);
    expect(s3.some((c) => c.value.includes('S3'))).toBe(true);
    expect(await typing(w, minji, 'sa-quiz', 'keyword', 'zzqqxx-nothing')).toEqual([]);
  });

  it('suggests IANA time zones with their offset, from English, Korean or nothing typed', async () => {
    const w = await start();
    const seoul = await typing(w, minji, 'sa-admin', 'timezone', 'seoul', 'subscribe');
    expect(seoul[0]).toEqual({ name: 'Asia/Seoul (UTC+09:00)', value: 'Asia/Seoul' });
    expect((await typing(w, minji, 'sa-admin', 'timezone', '서울', 'subscribe'))[0]?.value).toBe(
      'Asia/Seoul',
    );
    expect((await typing(w, minji, 'sa-admin', 'timezone', 'new y', 'subscribe'))[0]?.value).toBe(
      'America/New_York',
    );
    const none = await typing(w, minji, 'sa-admin', 'timezone', '', 'subscribe');
    expect(none[0]?.value).toBe('Asia/Seoul');
    // Far more zones hold "a" than Discord shows: 25, each a real zone.
    const many = await typing(w, minji, 'sa-admin', 'timezone', 'a', 'subscribe');
    expect(many).toHaveLength(25);
    for (const c of many) expect(() => new Intl.DateTimeFormat('en', { timeZone: c.value })).not.toThrow();
  });

  it('completes the last word of a category list, keeping the words before it', async () => {
    const w = await start();
    const choices = await typing(w, minji, 'sa-admin', 'categories', '보안, 비', 'category');
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) expect(c.value.startsWith('보안, ')).toBe(true);
    expect(choices.map((c) => c.value)).toContain('보안, 비용 최적화');
    expect((await typing(w, minji, 'sa-admin', 'categories', 'al', 'category'))[0]?.value).toBe('all');
  });

  it('a database failure answers an empty list (the client stops waiting) and says so in the log', async () => {
    const failing = new Proxy(tdb.current.store, {
      get(target, key, receiver) {
        if (key === 'listCompleteQuestions')
          return async () => Promise.reject(new Error('connection refused'));
        return Reflect.get(target, key, receiver);
      },
    });
    const w = await start(failing);
    expect(await typing(w, minji, 'sa-quiz', 'category', '보')).toEqual([]);
    expect(w.log.lines.some((l) => l.message === 'suggestions failed')).toBe(true);
  });
});
