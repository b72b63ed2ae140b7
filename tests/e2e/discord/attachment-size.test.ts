import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import { Admin } from '../../../src/core/admin.js';
import { MAX_BANK_BYTES } from '../../../src/core/bank/parse.js';
import type { Chat } from '../../../src/core/ports.js';
import { Quiz } from '../../../src/core/quiz.js';
import type { Platform } from '../../../src/core/types.js';
import { FakeDiscord, type FakeUser, PERMISSIONS } from '../../fakes/discord-server.js';
import { FixedClock } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';

/**
 * `/sa-admin upload` attachments and the bank limit: the attachment's declared `size` in the
 * interaction is checked before anything is fetched, the download is capped at the bank limit
 * itself (2 MB, not a smaller adapter limit that refused valid banks), and an attachment that
 * lies about its size is cut off at that cap. (Peak memory of a service process refusing a
 * 400 MB attachment: tests/faults/upload-memory.)
 */

const GUILD = '820000000000000001';
const CHANNEL = '820000000000000010';
const owner: FakeUser = { id: '720000000000000001', username: 'owner' };
const TOO_LARGE = '파일이 너무 큽니다 (최대 2 MB)';
const HUGE = 64 * 1024 * 1024;
/** Bytes a cut-off download may have been sent before it stopped (socket buffers, one read ahead). */
const CUT_OFF_SLACK = 16 * 1024 * 1024;

const tdb = useTestDatabase({ bundledBank: false });
let fake: FakeDiscord;
let adapter: DiscordAdapter;

beforeEach(async () => {
  fake = await FakeDiscord.start([
    { id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'sa' }] },
  ]);
  const clock = new FixedClock('2025-03-03T01:00:00Z');
  const chats = new Map<Platform, Chat>();
  const quiz = new Quiz({ store: tdb.current.store, clock, chats, random: () => 0 });
  const admin = new Admin({ quiz, store: tdb.current.store, clock, configuredAdmins: [] });
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

/** Runs `/sa-admin upload` with `attachment`; resolves with the text of the last reply. */
async function upload(attachment: Record<string, unknown>): Promise<string> {
  const interaction = fake.slashCommand({
    user: owner,
    channelId: CHANNEL,
    name: 'sa-admin',
    permissions: PERMISSIONS.manageGuild,
    options: [{ type: 1, name: 'upload', options: [{ type: 11, name: 'file', value: attachment.id }] }],
    attachments: [attachment],
  });
  await fake.sync();
  await fake.caughtUp(adapter.client);
  await adapter.idle();
  const replies = fake.calls.filter((c) =>
    c.path.startsWith(`/webhooks/${fake.applicationId}/${interaction.token}`),
  );
  const body = replies[replies.length - 1]?.body ?? {};
  const embeds = (body.embeds as { title?: string; description?: string }[] | undefined) ?? [];
  return embeds.map((e) => [e.title, e.description].filter(Boolean).join('\n')).join('\n');
}

/** A valid Markdown bank of about `bytes` bytes: questions with long (but allowed) fields. */
function bankOfAbout(bytes: number): Uint8Array {
  const field = (n: number) => `${'Lorem ipsum dolor sit amet. '.repeat(200)}(${n})`;
  const entries: string[] = [];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    const entry = [
      '<details>',
      `<summary>Q${i}. Service number ${i}</summary>`,
      '',
      '- 정의',
      `    ${field(i)}`,
      '- Benefits',
      ...[1, 2, 3, 4].map((b) => `    - ${field(i * 10 + b)}`),
      '- Risks',
      `    - ${field(i * 100)}`,
      '</details>',
      '',
    ].join('\n');
    entries.push(entry);
    size += Buffer.byteLength(entry);
  }
  return new TextEncoder().encode(entries.join('\n'));
}

describe('Discord attachments and the bank limit', () => {
  it('previews a valid bank between 1 MB and the 2 MB bank limit', async () => {
    const bank = bankOfAbout(1.5 * 1024 * 1024);
    expect(bank.byteLength).toBeGreaterThan(1024 * 1024);
    expect(bank.byteLength).toBeLessThan(MAX_BANK_BYTES);
    const text = await upload(fake.attachment('big-but-fine.md', bank));
    expect(text).toContain('업로드 미리보기 · big-but-fine.md');
    expect(text).toMatch(/새 질문 \d+/);
    expect(fake.downloads).toHaveLength(1);
  });

  it('refuses an attachment declared one byte over the bank limit without fetching it', async () => {
    const text = await upload(
      fake.attachment('over.md', new TextEncoder().encode('# x'), MAX_BANK_BYTES + 1),
    );
    expect(text).toContain(TOO_LARGE);
    expect(fake.downloads).toEqual([]);
  });

  it('cuts off an attachment that declares 1 KB but streams 64 MB, with or without a Content-Length', async () => {
    for (const contentLength of [true, false]) {
      const liar = fake.generatedAttachment('liar.md', { bytes: HUGE, contentLength }, 1024);
      expect(await upload(liar)).toContain(TOO_LARGE);
      expect(fake.bytesServed(liar.url as string)).toBeLessThan(MAX_BANK_BYTES + CUT_OFF_SLACK);
    }
    expect(fake.downloads).toHaveLength(2);
  });
});
