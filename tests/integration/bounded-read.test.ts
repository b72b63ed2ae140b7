import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadAttachment } from '../../src/adapters/discord/discord-download.js';
import { downloadSlackFile } from '../../src/adapters/slack/slack-upload.js';
import { FakeDiscord } from '../fakes/discord-server.js';
import { BOT_TOKEN, FakeSlack } from '../fakes/slack-api.js';

/**
 * The capped downloads over real HTTP to the fakes: a body of exactly the cap is read whole, one
 * byte more is refused, and a download that stops sending is given up after its timeout instead
 * of holding the upload (and its memory) forever.
 */

const CAP = 100_000;
/** Long enough for a loaded machine to fetch a few bytes; short enough not to slow the suite. */
const TIMEOUT_MS = 500;
/** How long a download that ignores its timeout may keep the test waiting before it fails. */
const HUNG_MS = 10_000;

function hungAfter(ms: number): Promise<'still waiting'> {
  return new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms).unref());
}

describe('Slack file downloads', () => {
  let fake: FakeSlack;
  const ctx = () => ({
    client: new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl }),
    botToken: BOT_TOKEN,
    apiUrl: fake.apiUrl,
  });

  beforeEach(async () => {
    fake = await FakeSlack.start();
  });

  afterEach(async () => {
    await fake.close();
  });

  it('reads a file of exactly the cap and refuses one byte more, declared small or not', async () => {
    for (const contentLength of [true, false]) {
      const exact = fake.addGeneratedFile('exact.md', { bytes: CAP, contentLength }, 10);
      const over = fake.addGeneratedFile('over.md', { bytes: CAP + 1, contentLength }, 10);
      const limits = { maxBytes: CAP, timeoutMs: 5000 };
      const read = await downloadSlackFile(ctx(), exact, limits);
      expect('bytes' in read && read.bytes.byteLength).toBe(CAP);
      expect(await downloadSlackFile(ctx(), over, limits)).toEqual({ name: 'over.md', tooLarge: true });
    }
  });

  it('gives up a download that stops sending once its timeout has passed', async () => {
    const stalled = fake.addGeneratedFile('stalled.md', {
      bytes: CAP,
      contentLength: false,
      stallAfter: 1024,
    });
    const download = downloadSlackFile(ctx(), stalled, { maxBytes: CAP, timeoutMs: TIMEOUT_MS });
    const outcome = await Promise.race([
      download.then(
        () => 'read',
        (error: Error) => error.name,
      ),
      hungAfter(HUNG_MS),
    ]);
    expect(outcome).toBe('TimeoutError');
    expect(fake.bytesServed(stalled.id)).toBe(1024);
  });
});

describe('Discord attachment downloads', () => {
  let fake: FakeDiscord;

  beforeEach(async () => {
    fake = await FakeDiscord.start([]);
  });

  afterEach(async () => {
    await fake.close();
  });

  it('reads an attachment of exactly the cap and refuses one byte more', async () => {
    for (const contentLength of [true, false]) {
      const exact = fake.generatedAttachment('exact.md', { bytes: CAP, contentLength }, 10);
      const over = fake.generatedAttachment('over.md', { bytes: CAP + 1, contentLength }, 10);
      expect((await downloadAttachment(exact.url as string, CAP))?.byteLength).toBe(CAP);
      expect(await downloadAttachment(over.url as string, CAP)).toBeNull();
    }
  });

  it('gives up a download that stops sending once its timeout has passed', async () => {
    const stalled = fake.generatedAttachment('stalled.md', {
      bytes: CAP,
      contentLength: true,
      stallAfter: 1024,
    });
    const download = downloadAttachment(stalled.url as string, CAP, TIMEOUT_MS);
    const outcome = await Promise.race([
      download.then(
        () => 'read',
        (error: Error) => error.name,
      ),
      hungAfter(HUNG_MS),
    ]);
    expect(outcome).toBe('TimeoutError');
  });
});
