import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BANK_BYTES } from '../../../src/core/bank/parse.js';
import { eventCallback, slashCommand, viewSubmission } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { blocksText, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * Bank files too large for the bank limit (2 MB) are refused before they are read: a file whose
 * declared `size` (in the event, the modal's state or files.info) is over the limit is never
 * downloaded, and a file that lies about its size is cut off as soon as the download passes the
 * limit, with or without a Content-Length. The admin is told the file is too large and the limit.
 * (The peak memory of a real service process refusing a 400 MB file: tests/faults/upload-memory.)
 */

const CHANNEL = 'C0GENERAL';
const OWNER = 'U0OWNER';
const DM = `D${OWNER}`;
/** Big enough that reading it whole would show; small enough for a test worker. */
const HUGE = 64 * 1024 * 1024;
/** What the admin reads: the existing "file too large" message, with the bank limit. */
const TOO_LARGE = '파일이 너무 큽니다 (최대 2 MB)';
/** Bytes a cut-off download may have been sent before it stopped (socket buffers, one read ahead). */
const CUT_OFF_SLACK = 16 * 1024 * 1024;

const tdb = useTestDatabase();
let slack: SlackHarness;
let seq = 0;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http', bundledBank: false });
  slack.fake.addUser({ id: OWNER, name: 'Owner Park', isOwner: true });
});

afterEach(async () => {
  await slack.close();
});

/** The admin sends `file` (a file object as Slack puts it in the event) to the app's DM. */
async function sendToDm(file: Record<string, unknown>): Promise<string> {
  const delivery = await slack.send.event(
    eventCallback(
      {
        type: 'message',
        subtype: 'file_share',
        channel: DM,
        channel_type: 'im',
        user: OWNER,
        text: '',
        ts: `1741570000.00${++seq}`,
        files: [file],
      },
      `Ev0SIZE${seq}`,
    ),
  );
  expect(delivery.status).toBe(200);
  await slack.adapter.idle();
  const reply = await slack.fake.waitFor('chat.postMessage', (c) => c.body.channel === DM, 20_000);
  return blocksText(reply.body.blocks);
}

describe('Slack bank files over the size limit', () => {
  it('refuses a DM file whose declared size is over the limit without downloading it', async () => {
    const file = slack.fake.addGeneratedFile('huge.md', { bytes: HUGE, contentLength: true });
    expect(file.size).toBe(HUGE);
    expect(await sendToDm(file)).toContain(TOO_LARGE);
    expect(slack.fake.downloads).toEqual([]);
  });

  it('reads the declared size from files.info when the event carries neither size nor URL', async () => {
    const file = slack.fake.addGeneratedFile('huge.md', { bytes: HUGE, contentLength: true });
    expect(await sendToDm({ id: file.id, name: file.name })).toContain(TOO_LARGE);
    expect(slack.fake.callsTo('files.info').map((c) => c.body.file)).toEqual([file.id]);
    expect(slack.fake.downloads).toEqual([]);
  });

  it('refuses a file that declares 1 KB but is served with a 64 MB Content-Length, reading nothing', async () => {
    const file = slack.fake.addGeneratedFile('liar.md', { bytes: HUGE, contentLength: true }, 1024);
    expect(await sendToDm(file)).toContain(TOO_LARGE);
    expect(slack.fake.downloads).toEqual([file.id]);
    expect(slack.fake.bytesServed(file.id)).toBeLessThan(CUT_OFF_SLACK);
  });

  it('cuts off a file that declares 1 KB and streams 64 MB with no Content-Length at the limit', async () => {
    const file = slack.fake.addGeneratedFile('liar.md', { bytes: HUGE, contentLength: false }, 1024);
    expect(await sendToDm(file)).toContain(TOO_LARGE);
    expect(slack.fake.downloads).toEqual([file.id]);
    const served = slack.fake.bytesServed(file.id);
    expect(served).toBeGreaterThan(MAX_BANK_BYTES);
    expect(served).toBeLessThan(MAX_BANK_BYTES + CUT_OFF_SLACK);
  });

  it('refuses a file given to the upload modal the same way, privately in the channel', async () => {
    const name = `admin-${++seq}`;
    await slack.send.command(
      slashCommand({
        command: '/sa-admin',
        text: 'upload',
        userId: OWNER,
        channelId: CHANNEL,
        responseUrl: slack.fake.responseUrl(name),
        triggerId: `trigger-${seq}`,
      }),
    );
    const opened = await slack.fake.waitFor('views.open');
    const modal = opened.body.view as { callback_id: string; private_metadata: string };
    const declared = slack.fake.addGeneratedFile('huge.md', { bytes: HUGE, contentLength: true });
    const liar = slack.fake.addGeneratedFile('liar.md', { bytes: HUGE, contentLength: false }, 1024);
    for (const file of [declared, liar]) {
      const submitted = await slack.send.interactive(
        viewSubmission({
          userId: OWNER,
          callbackId: modal.callback_id,
          privateMetadata: modal.private_metadata,
          values: { bank_file: { file: { type: 'file_input', files: [file] } } },
        }),
      );
      expect(submitted.status).toBe(200);
    }
    await slack.adapter.idle();
    await slack.fake.waitFor(
      'chat.postEphemeral',
      () => slack.fake.callsTo('chat.postEphemeral').length >= 2,
    );
    const refusals = slack.fake.callsTo('chat.postEphemeral');
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) {
      expect(refusal.body).toMatchObject({ channel: CHANNEL, user: OWNER });
      expect(blocksText(refusal.body.blocks)).toContain(TOO_LARGE);
    }
    expect(slack.fake.downloads).toEqual([liar.id]);
    expect(slack.fake.bytesServed(liar.id)).toBeLessThan(MAX_BANK_BYTES + CUT_OFF_SLACK);
  });
});
