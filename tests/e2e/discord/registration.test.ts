import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../../src/adapters/discord/index.js';
import { FakeDiscord } from '../../fakes/discord-server.js';

/** `sa-quiz discord register [--guild ID]` against the fake Discord REST API. */

const GUILD = '820000000000000001';
// Discord's rule for command and option names (lowercase where the script has case).
const NAME = /^[-_\p{Ll}\p{Lm}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface Option {
  type: number;
  name: string;
  description: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  options?: Option[];
  choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
}

interface Command extends Option {
  default_member_permissions?: string;
  contexts?: number[];
}

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await FakeDiscord.start([]);
});

afterAll(async () => {
  await fake.close();
});

function walk(option: Option, visit: (o: Option) => void): void {
  visit(option);
  for (const child of option.options ?? []) walk(child, visit);
}

describe('Discord: command registration', () => {
  it('PUTs the guild commands with Korean and English localizations and Manage Server on /sa-admin', async () => {
    const count = await registerCommands({
      token: 'fake-token',
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: GUILD,
    });
    expect(count).toBe(3);
    const [put] = fake.callsTo(
      'PUT',
      new RegExp(`^/applications/${fake.applicationId}/guilds/${GUILD}/commands$`),
    );
    const commands = put?.body as unknown as Command[];
    expect(commands.map((c) => c.name)).toEqual(['sa-quiz', 'sa-leaderboard', 'sa-admin']);
    expect(commands.map((c) => c.name_localizations?.ko)).toEqual(['sa-퀴즈', 'sa-순위', 'sa-관리']);

    const admin = commands.find((c) => c.name === 'sa-admin')!;
    expect(admin.default_member_permissions).toBe('32');
    expect(admin.contexts).toEqual([0]);
    expect(admin.options?.map((o) => o.name)).toEqual([
      'subscribe',
      'unsubscribe',
      'pause',
      'resume',
      'status',
      'post-now',
      'reveal-now',
      'lang',
      'private',
      'category',
      'holidays',
      'off-day',
      'reminder',
      'digest',
      'notify-role',
      'channel-managers',
      'upload',
      'export',
      'help',
    ]);
    const upload = admin.options?.find((o) => o.name === 'upload');
    expect(upload?.options?.[0]).toMatchObject({ type: 11, name: 'file', required: true });
    const privately = admin.options?.find((o) => o.name === 'private');
    expect(privately?.name_localizations?.ko).toBe('비공개답변');
    expect(privately?.options?.[0]).toMatchObject({ name: 'mode', required: true });
    expect(privately?.options?.[0]?.choices?.map((c) => [c.value, c.name_localizations?.ko])).toEqual([
      ['on', '켜기'],
      ['off', '끄기'],
    ]);
    const digest = admin.options?.find((o) => o.name === 'digest');
    expect(digest?.name_localizations?.ko).toBe('주간요약');
    expect(digest?.options?.[0]?.choices?.map((c) => c.value)).toEqual([
      'off',
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
      'sun',
    ]);
    expect(digest?.options?.[0]?.choices?.[5]?.name_localizations?.ko).toBe('금요일');
    const subscribe = admin.options?.find((o) => o.name === 'subscribe');
    expect(subscribe?.options?.map((o) => o.name)).toEqual(['time', 'days', 'timezone', 'reveal']);
    const period = commands.find((c) => c.name === 'sa-leaderboard')?.options?.[0];
    expect(period?.choices?.map((c) => c.value)).toEqual(['week', 'month', 'all']);
    expect(period?.choices?.[0]?.name_localizations?.ko).toBe('이번 주');

    // Everything Discord validates: names, lengths, both languages present.
    for (const command of commands) {
      walk(command, (o) => {
        for (const name of [o.name, ...Object.values(o.name_localizations ?? {})]) expect(name).toMatch(NAME);
        expect(o.description.length).toBeGreaterThan(0);
        expect(o.description.length).toBeLessThanOrEqual(100);
        for (const d of Object.values(o.description_localizations ?? {}))
          expect(d.length).toBeLessThanOrEqual(100);
        expect(Object.keys(o.name_localizations ?? {}).sort()).toEqual(['en-GB', 'en-US', 'ko']);
        expect(Object.keys(o.description_localizations ?? {}).sort()).toEqual(['en-GB', 'en-US', 'ko']);
      });
    }
    expect(put?.body).not.toBeNull();
  });

  it('registers globally without --guild', async () => {
    await registerCommands({ token: 'fake-token', applicationId: fake.applicationId, apiUrl: fake.apiUrl });
    expect(fake.callsTo('PUT', new RegExp(`^/applications/${fake.applicationId}/commands$`))).toHaveLength(1);
  });
});
