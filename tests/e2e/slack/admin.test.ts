import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncBundledBank } from '../../../src/bundled-bank.js';
import { TEAM_ID } from '../../fakes/slack-api.js';
import { blockAction, eventCallback, slashCommand, viewSubmission } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { blocksText, buttons, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * `/sa-admin` over the HTTP receiver: who may use it, help for unknown subcommands, bank uploads
 * through the modal and through the app's DM (preview first, import only on confirm), export as
 * a file, and uploaded text that tries to ping everyone.
 */

const CHANNEL = 'C0GENERAL';
const SEED = 'tests/fixtures/000_0d73c490451cfe6f.txt';

const tdb = useTestDatabase();
let slack: SlackHarness;

beforeEach(async () => {
  // No bundled bank: the workspace starts empty, so the seed upload is all new.
  slack = await startSlack({
    db: tdb.current,
    mode: 'http',
    configuredAdmins: ['U0CONFIGURED'],
    bundledBank: false,
  });
  slack.fake.addUser({ id: 'U0OWNER', name: 'Owner Park', isOwner: true });
  slack.fake.addUser({ id: 'U0ALICE', name: 'Alice' });
  slack.fake.addUser({ id: 'U0CONFIGURED', name: 'Configured Lee' });
});

afterEach(async () => {
  await slack.close();
});

let seq = 0;

async function admin(user: string, text: string, channelId = CHANNEL) {
  const name = `admin-${++seq}`;
  const delivery = await slack.send.command(
    slashCommand({
      command: '/sa-admin',
      text,
      userId: user,
      channelId,
      responseUrl: slack.fake.responseUrl(name),
      triggerId: `trigger-${seq}`,
    }),
  );
  expect(delivery.status).toBe(200);
  return { name, trigger: `trigger-${seq}` };
}

async function adminReply(user: string, text: string): Promise<Readonly<Record<string, unknown>>> {
  const { name } = await admin(user, text);
  return (await slack.fake.waitForResponse(name)).body;
}

async function pressAs(
  user: string,
  channelId: string,
  actionId: string,
  value: string | undefined,
  ephemeral = true,
) {
  const name = `press-${++seq}`;
  const delivery = await slack.send.interactive(
    blockAction({
      userId: user,
      channelId,
      actionId,
      ...(value === undefined ? {} : { value }),
      responseUrl: slack.fake.responseUrl(name),
      ephemeral,
    }),
  );
  expect(delivery.status).toBe(200);
  return (await slack.fake.waitForResponse(name)).body;
}

async function workspaceQuestions(): Promise<number> {
  const workspace = await tdb.current.store.ensureWorkspace('slack', TEAM_ID, TEAM_ID);
  return (await tdb.current.store.listQuestions(workspace.id)).length;
}

function dmFileShare(user: string, file: Record<string, unknown>, eventId: string) {
  return eventCallback(
    {
      type: 'message',
      subtype: 'file_share',
      channel: `D${user}`,
      channel_type: 'im',
      user,
      text: '',
      ts: '1741570000.000900',
      files: [file],
    },
    eventId,
  );
}

describe('Slack /sa-admin', () => {
  it('refuses a non-admin clearly and changes nothing', async () => {
    const refused = await adminReply('U0ALICE', 'subscribe');
    expect(refused.response_type).toBe('ephemeral');
    expect(blocksText(refused.blocks)).toContain('관리자만 사용할 수 있는 명령입니다');
    expect(await tdb.current.store.findChannel('slack', TEAM_ID, CHANNEL)).toBeNull();
    // `upload` opens no modal for them either.
    const upload = await adminReply('U0ALICE', 'upload');
    expect(blocksText(upload.blocks)).toContain('관리자만');
    expect(slack.fake.callsTo('views.open')).toEqual([]);
    // Slack's owner and a configured admin are both let in.
    expect(blocksText((await adminReply('U0OWNER', 'status')).blocks)).toContain('sa-quiz 상태');
    expect(blocksText((await adminReply('U0CONFIGURED', 'status')).blocks)).toContain('sa-quiz 상태');
  });

  it('answers an unknown subcommand with help', async () => {
    const help = blocksText((await adminReply('U0OWNER', 'frobnicate now')).blocks);
    expect(help).toContain('알 수 없는 명령입니다: "frobnicate"');
    expect(help).toContain('`/sa-admin subscribe` [HH:MM]');
    expect(help).toContain('/sa-leaderboard');
  });

  it('uploads the seed bank through the modal: preview first, questions only after confirm', async () => {
    const { trigger } = await admin('U0OWNER', 'upload');
    const opened = await slack.fake.waitFor('views.open');
    expect(opened.body.trigger_id).toBe(trigger);
    const modal = opened.body.view as { callback_id: string; private_metadata: string; blocks: unknown };
    expect(modal.callback_id).toBe('sa-quiz.upload');
    expect(JSON.stringify(modal.blocks)).toContain('"type":"file_input"');

    // Submitting without a file keeps the modal open with an error.
    const empty = await slack.send.interactive(
      viewSubmission({
        userId: 'U0OWNER',
        callbackId: modal.callback_id,
        privateMetadata: modal.private_metadata,
        values: { bank_file: { file: { type: 'file_input', files: [] } } },
      }),
    );
    expect(JSON.parse(empty.body)).toMatchObject({
      response_action: 'errors',
      errors: { bank_file: expect.any(String) },
    });

    const file = slack.fake.addFile('000_0d73c490451cfe6f.txt', await readFile(SEED));
    const submitted = await slack.send.interactive(
      viewSubmission({
        userId: 'U0OWNER',
        callbackId: modal.callback_id,
        privateMetadata: modal.private_metadata,
        values: { bank_file: { file: { type: 'file_input', files: [file] } } },
      }),
    );
    expect(submitted.status).toBe(200);
    const preview = await slack.fake.waitFor('chat.postEphemeral');
    expect(preview.body).toMatchObject({ channel: CHANNEL, user: 'U0OWNER' });
    const previewText = blocksText(preview.body.blocks);
    expect(previewText).toContain('업로드 미리보기 · 000_0d73c490451cfe6f.txt');
    // 39 entries, 32 distinct topics once duplicates are merged.
    const counts =
      /새 질문 (\d+) · 갱신 (\d+) · 변경 없음 \d+ · 병합된 중복 (\d+) · 미완성 (\d+) · 오류 0/.exec(
        previewText,
      );
    expect(counts?.slice(1, 4).map(Number)).toEqual([32, 0, 7]);
    expect(slack.fake.downloads).toEqual([file.id]);
    // Nothing is imported before confirm.
    expect(await workspaceQuestions()).toBe(0);

    const actions = buttons(preview.body.blocks);
    expect(actions.map((a) => a.actionId)).toEqual(['upload.confirm', 'upload.cancel']);
    const done = await pressAs('U0OWNER', CHANNEL, 'upload.confirm', actions[0]!.value);
    const imported = Number(/질문 (\d+)개를 가져왔습니다/.exec(blocksText(done.blocks))?.[1]);
    expect(imported).toBe(32);
    expect(await workspaceQuestions()).toBe(imported);
    // Confirming twice imports nothing more.
    const again = await pressAs('U0OWNER', CHANNEL, 'upload.confirm', actions[0]!.value);
    expect(blocksText(again.blocks)).toContain('만료되었거나 이미 처리');
  });

  it('previews a bank sent to the app DM, reads errors with line numbers, and cancels', async () => {
    // A malformed JSON bank: errors with a line number, no buttons, nothing stored.
    const broken = slack.fake.addFile('broken.json', '{\n  "questions": [\n    {"title": "x",,}\n  ]\n}\n');
    expect(
      (await slack.send.event(dmFileShare('U0OWNER', { id: broken.id, name: broken.name }, 'Ev0BROKEN')))
        .status,
    ).toBe(200);
    await slack.adapter.idle();
    const errorPreview = await slack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'DU0OWNER');
    expect(blocksText(errorPreview.body.blocks)).toMatch(/broken\.json:3 JSON 문법 오류/);
    expect(buttons(errorPreview.body.blocks)).toEqual([]);
    // The file object had no URL: the adapter asked files.info for it.
    expect(slack.fake.callsTo('files.info').map((c) => c.body.file)).toEqual([broken.id]);

    const good = slack.fake.addFile('bank.txt', await readFile(SEED));
    await slack.send.event(dmFileShare('U0OWNER', good, 'Ev0GOOD'));
    await slack.adapter.idle();
    const preview = await slack.fake.waitFor(
      'chat.postMessage',
      (c) => c.body.channel === 'DU0OWNER' && buttons(c.body.blocks).length > 0,
    );
    const cancel = buttons(preview.body.blocks).find((b) => b.actionId === 'upload.cancel');
    const cancelled = await pressAs('U0OWNER', 'DU0OWNER', 'upload.cancel', cancel?.value, false);
    expect(blocksText(cancelled.blocks)).toContain('업로드를 취소했습니다');
    expect(await workspaceQuestions()).toBe(0);

    // A non-admin's file is refused without being downloaded.
    const theirs = slack.fake.addFile('mine.txt', await readFile(SEED));
    await slack.send.event(dmFileShare('U0ALICE', theirs, 'Ev0ALICE'));
    await slack.adapter.idle();
    const refused = await slack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'DU0ALICE');
    expect(blocksText(refused.body.blocks)).toContain('관리자만');
    expect(slack.fake.downloads).not.toContain(theirs.id);
  });

  it('renders uploaded text that tries to ping everyone harmlessly', async () => {
    const bank = JSON.stringify({
      questions: [
        {
          title: '<!channel> 긴급: S3 버킷 정책이란? <@U0ALICE> <!subteam^S0TEAM>',
          definition: '<!everyone> 버킷 정책은 ...',
          benefits: ['<!here> 중앙에서 관리'],
          risks: ['잘못 열면 공개됨'],
          categories: ['핑테스트'],
        },
      ],
    });
    const file = slack.fake.addFile('ping.json', bank);
    await slack.send.event(dmFileShare('U0OWNER', file, 'Ev0PING'));
    await slack.adapter.idle();
    const preview = await slack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'DU0OWNER');
    const raw = JSON.stringify(preview.body);
    expect(blocksText(preview.body.blocks)).toContain(
      '&lt;!channel&gt; 긴급: S3 버킷 정책이란? &lt;@U0ALICE&gt; &lt;!subteam^S0TEAM&gt;',
    );
    expect(raw).not.toMatch(/<!(channel|here|everyone)|<@U|<!subteam/);

    // Imported and posted as a question, it still pings nobody.
    await pressAs('U0OWNER', 'DU0OWNER', 'upload.confirm', buttons(preview.body.blocks)[0]?.value, false);
    await adminReply('U0OWNER', 'category 핑테스트');
    await adminReply('U0OWNER', 'subscribe');
    await adminReply('U0OWNER', 'post-now');
    const posted = slack.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === CHANNEL);
    expect(posted).toHaveLength(1);
    expect(blocksText(posted[0]?.body.blocks)).toContain('&lt;!channel&gt; 긴급');
    for (const call of posted)
      expect(JSON.stringify(call.body)).not.toMatch(/<!(channel|here|everyone)|<@U|<!subteam/);
  });

  it('exports the bank as a file in the admin DM with files.uploadV2', async () => {
    await syncBundledBank(tdb.current.store);
    const reply = await adminReply('U0OWNER', 'export json');
    expect(blocksText(reply.blocks)).toMatch(/질문 \d+개를 내보냈습니다/);
    expect(blocksText(reply.blocks)).toContain('DM');
    const urlRequest = await slack.fake.waitFor('files.getUploadURLExternal');
    expect(urlRequest.body.filename).toBe('sa-quiz-bank-ko.json');
    const completed = await slack.fake.waitFor('files.completeUploadExternal');
    expect(completed.body.channel_id).toBe('DU0OWNER');
    const [upload] = slack.fake.uploads;
    expect(upload?.filename).toBe('sa-quiz-bank-ko.json');
    expect(JSON.parse(upload!.content).questions.length).toBeGreaterThan(10);
  });
});
