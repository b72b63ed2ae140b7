import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_ID, BOT_USER_ID, type SlackCall } from '../../fakes/slack-api.js';
import { blockAction, eventCallback, slashCommand, viewSubmission } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { blocksText, buttons, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * A whole day in a Slack channel over the HTTP receiver: an admin subscribes, the 09:00 tick
 * posts, three people answer in the thread (one edits, one deletes), a bot and a late reply are
 * ignored, the 18:00 tick reveals, streaks land in the database and the leaderboard shows them.
 */

const CHANNEL = 'C0GENERAL';
const NINE_KST = '2025-03-10T00:00:00Z';
const SIX_PM_KST = '2025-03-10T09:00:00Z';

const tdb = useTestDatabase();
let slack: SlackHarness;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http' });
  slack.fake.addUser({ id: 'U0ADMIN', name: 'Admin Kim', isAdmin: true });
  slack.fake.addUser({ id: 'U0ALICE', name: 'Alice' });
  slack.fake.addUser({ id: 'U0BOB', name: 'Bob' });
  slack.fake.addUser({ id: 'U0CAROL', name: '<!here> Carol' });
  slack.fake.addUser({ id: 'U0DAVE', name: 'Dave' });
});

afterEach(async () => {
  await slack.close();
});

let eventSeq = 0;
function nextEventId(): string {
  eventSeq += 1;
  return `Ev${String(eventSeq).padStart(8, '0')}`;
}

async function reply(user: string, threadTs: string, ts: string, text: string): Promise<number> {
  const event = {
    type: 'message',
    channel: CHANNEL,
    channel_type: 'channel',
    user,
    text,
    ts,
    thread_ts: threadTs,
  };
  const delivery = await slack.send.event(eventCallback(event, nextEventId()));
  return delivery.status;
}

async function command(user: string, name: '/sa-admin' | '/sa-leaderboard', text: string, response: string) {
  const delivery = await slack.send.command(
    slashCommand({
      command: name,
      text,
      userId: user,
      channelId: CHANNEL,
      responseUrl: slack.fake.responseUrl(response),
    }),
  );
  expect(delivery.status).toBe(200);
  return slack.fake.waitForResponse(response);
}

/**
 * True when a call could notify someone who should not be: a broadcast (`<!channel>`,
 * `<!here>`, `<!everyone>`, a user group), or a user mention anywhere but in a reveal's thread
 * replies, where it names someone who answered (and follows the thread anyway).
 */
function mentionsAnyone(call: SlackCall, answerers: readonly string[] = []): boolean {
  const raw = JSON.stringify(call.body);
  if (/<!(channel|here|everyone)|<!subteam\^/.test(raw)) return true;
  const mentioned = [...raw.matchAll(/<@(U[A-Z0-9]+)>/g)].map((m) => m[1] ?? '');
  if (mentioned.length === 0) return false;
  const inThread = call.method === 'chat.postMessage' && call.body.thread_ts !== undefined;
  const broadcast = call.body.reply_broadcast === 'true';
  return !inThread || broadcast || mentioned.some((id) => !answerers.includes(id));
}

describe('Slack: a whole day', () => {
  it('subscribes, posts at 09:00, collects threaded answers, reveals at 18:00 and ranks', async () => {
    const { fake, clock, quiz } = slack;

    const subscribed = await command(
      'U0ADMIN',
      '/sa-admin',
      'subscribe 09:00 mon-fri Asia/Seoul reveal 18:00',
      'sub',
    );
    expect(subscribed.body.response_type).toBe('ephemeral');
    expect(blocksText(subscribed.body.blocks)).toContain('구독');
    const channel = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
    expect(channel).toMatchObject({ subscribed: true, subscribedBy: 'U0ADMIN', name: 'general' });

    // 09:00 Asia/Seoul by the injected clock: the question goes out as a channel message.
    clock.set(NINE_KST);
    expect(await quiz.tick(clock.now())).toMatchObject({ posted: 1, failed: 0 });
    const [question] = fake.callsTo('chat.postMessage');
    expect(question?.body.channel).toBe(CHANNEL);
    expect(question?.body.thread_ts).toBeUndefined();
    expect(question?.headers.authorization).toBe('Bearer xoxb-test-bot-token');
    expect(blocksText(question?.body.blocks)).toContain('오늘의 AWS 질문 · 2025-03-10');
    expect(blocksText(question?.body.blocks)).toMatch(
      /<!date\^\d+\^\{date_short_pretty\} \{time\}\|2025-03-10 18:00/,
    );
    const round = await tdb.current.store.findDailyRound(channel!.id, '2025-03-10');
    expect(round?.messageRef).toBeDefined();
    const threadTs = round!.messageRef!;
    expect(threadTs).toMatch(/^\d+\.\d{6}$/);

    // Replies in the thread during the day.
    clock.set('2025-03-10T01:00:00Z');
    expect(
      await reply('U0ALICE', threadTs, '1741570000.000100', 'VPC 엔드포인트 &lt;!channel&gt; 는 ...'),
    ).toBe(200);
    expect(await reply('U0BOB', threadTs, '1741570000.000200', 'first draft')).toBe(200);
    expect(await reply('U0CAROL', threadTs, '1741570000.000300', 'carol answer')).toBe(200);
    expect(await reply('U0ALICE', threadTs, '1741570000.000400', 'one more thought')).toBe(200);
    // Bob edits his answer; Carol deletes hers.
    const edit = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: CHANNEL,
      channel_type: 'channel',
      ts: '1741570100.000000',
      message: {
        type: 'message',
        user: 'U0BOB',
        text: 'final answer',
        ts: '1741570000.000200',
        thread_ts: threadTs,
        edited: { user: 'U0BOB', ts: '1741570100.000000' },
      },
      previous_message: {
        type: 'message',
        user: 'U0BOB',
        text: 'first draft',
        ts: '1741570000.000200',
        thread_ts: threadTs,
      },
    };
    expect((await slack.send.event(eventCallback(edit, nextEventId()))).status).toBe(200);
    const deletion = {
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: CHANNEL,
      channel_type: 'channel',
      ts: '1741570200.000000',
      deleted_ts: '1741570000.000300',
      previous_message: {
        type: 'message',
        user: 'U0CAROL',
        text: 'carol answer',
        ts: '1741570000.000300',
        thread_ts: threadTs,
      },
    };
    expect((await slack.send.event(eventCallback(deletion, nextEventId()))).status).toBe(200);
    // A bot's reply and the app's own message in the thread are not answers.
    const botReply = {
      type: 'message',
      subtype: 'bot_message',
      channel: CHANNEL,
      bot_id: 'B0OTHER',
      text: 'I am a bot',
      ts: '1741570300.000000',
      thread_ts: threadTs,
    };
    expect((await slack.send.event(eventCallback(botReply, nextEventId()))).status).toBe(200);
    const ownReply = {
      type: 'message',
      channel: CHANNEL,
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      text: 'me',
      ts: '1741570300.000100',
      thread_ts: threadTs,
    };
    expect((await slack.send.event(eventCallback(ownReply, nextEventId()))).status).toBe(200);
    // Chatter outside the thread is not an answer either.
    const chatter = {
      type: 'message',
      channel: CHANNEL,
      user: 'U0DAVE',
      text: 'lunch?',
      ts: '1741570400.000000',
    };
    expect((await slack.send.event(eventCallback(chatter, nextEventId()))).status).toBe(200);
    await slack.adapter.idle();

    const answers = await tdb.current.store.listAnswers(round!.id);
    const byMessage = Object.fromEntries(answers.map((a) => [a.messageRef, a]));
    expect(answers).toHaveLength(4);
    expect(byMessage['1741570000.000100']).toMatchObject({
      userId: 'U0ALICE',
      userName: 'Alice',
      status: 'counted',
    });
    // Slack's entities are decoded before the core sees the text.
    expect(byMessage['1741570000.000100']?.text).toBe('VPC 엔드포인트 <!channel> 는 ...');
    expect(byMessage['1741570000.000200']).toMatchObject({
      userId: 'U0BOB',
      status: 'counted',
      text: 'final answer',
    });
    expect(byMessage['1741570000.000300']).toMatchObject({ userId: 'U0CAROL', status: 'withdrawn' });
    expect(byMessage['1741570000.000400']).toMatchObject({ userId: 'U0ALICE', status: 'extra' });

    // Counted answers got a reaction, nothing else did.
    const reactions = fake.callsTo('reactions.add').map((c) => c.body.timestamp);
    expect(reactions.sort()).toEqual(['1741570000.000100', '1741570000.000200', '1741570000.000300']);
    expect(
      fake
        .callsTo('reactions.add')
        .every((c) => c.body.name === 'white_check_mark' && c.body.channel === CHANNEL),
    ).toBe(true);

    // 18:00: the reveal goes into the thread, is announced in the channel, the question closes.
    clock.set(SIX_PM_KST);
    const postsBefore = fake.callsTo('chat.postMessage').length;
    expect(await quiz.tick(clock.now())).toMatchObject({ revealed: 1, failed: 0 });
    const revealPosts = fake.callsTo('chat.postMessage').slice(postsBefore);
    expect(revealPosts.length).toBeGreaterThanOrEqual(2);
    expect(revealPosts.every((c) => c.body.thread_ts === threadTs && c.body.channel === CHANNEL)).toBe(true);
    const revealText = revealPosts.map((c) => blocksText(c.body.blocks)).join('\n');
    expect(revealText).toContain('모범 답안');
    expect(revealText).toContain('장점 (Benefits)');
    expect(revealText).toContain('위험·트레이드오프 (Risks)');
    expect(revealText).toContain('제시간에 답한 사람 (2명)');
    // People are shown as mentions: Slack renders their current name, and nothing stale is stored.
    expect(revealText).toContain('<@U0ALICE>: 0 → 1회 연속');
    expect(revealText).toContain('<@U0BOB>: 0 → 1회 연속');
    expect(revealText).not.toContain('U0CAROL');
    const announcement = revealPosts.at(-1);
    expect(announcement?.body.reply_broadcast).toBe('true');
    expect(String(announcement?.body.text)).toContain('모범 답안이 공개되었습니다');
    const [update] = fake.callsTo('chat.update');
    expect(update?.body).toMatchObject({ channel: CHANNEL, ts: threadTs });
    expect(blocksText(update?.body.blocks)).toContain('마감되었습니다');

    // A reply after the reveal is kept as late, never counted, and gets no reaction.
    clock.set('2025-03-10T09:30:00Z');
    expect(await reply('U0DAVE', threadTs, '1741600000.000100', 'sorry, late')).toBe(200);
    await slack.adapter.idle();
    const late = (await tdb.current.store.listAnswers(round!.id)).find((a) => a.userId === 'U0DAVE');
    expect(late?.status).toBe('late');
    expect(fake.callsTo('reactions.add')).toHaveLength(3);

    // Streaks in the database.
    const streaks = await tdb.current.store.listStreaks(channel!.id);
    expect(streaks.map((s) => [s.userId, s.current, s.best]).sort()).toEqual([
      ['U0ALICE', 1, 1],
      ['U0BOB', 1, 1],
    ]);

    // The leaderboard, with the caller's own rank.
    const board = await command('U0BOB', '/sa-leaderboard', 'week', 'board');
    const boardText = blocksText(board.body.blocks);
    expect(board.body.response_type).toBe('ephemeral');
    expect(boardText).toContain('리더보드 · 이번 주');
    expect(boardText).toMatch(/1\. <@U0(ALICE|BOB)> · 현재 1연속 · 최고 1 · 답변 1/);
    expect(boardText).toMatch(/내 순위: \d위 · 현재 1연속 · 최고 1 · 답변 1/);

    // Nothing the bot posted could notify anyone but the answerers, in the reveal's thread.
    expect(fake.calls.filter((c) => mentionsAnyone(c, ['U0ALICE', 'U0BOB']))).toEqual([]);
  });

  it('a display name with <!here> never reaches a message: people are mentions', async () => {
    const { fake, clock, quiz } = slack;
    await command('U0ADMIN', '/sa-admin', 'subscribe', 'sub');
    clock.set(NINE_KST);
    await quiz.tick(clock.now());
    const channel = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
    const threadTs = (await tdb.current.store.findDailyRound(channel!.id, '2025-03-10'))!.messageRef!;
    expect(await reply('U0CAROL', threadTs, '1741570000.000300', 'my answer')).toBe(200);
    clock.set(SIX_PM_KST);
    await quiz.tick(clock.now());
    const revealText = fake
      .callsTo('chat.postMessage')
      .map((c) => blocksText(c.body.blocks))
      .join('\n');
    expect(revealText).toContain('<@U0CAROL>: 0 → 1회 연속');
    expect(revealText).not.toContain('Carol');
    expect(fake.calls.filter((c) => mentionsAnyone(c, ['U0CAROL']))).toEqual([]);
  });

  it("counts an answer given privately through the question's modal", async () => {
    const { fake, clock, quiz } = slack;
    await command('U0ADMIN', '/sa-admin', 'subscribe', 'sub');
    const enabled = await command('U0ADMIN', '/sa-admin', 'private on', 'private-on');
    expect(blocksText(enabled.body.blocks)).toContain('비공개로 답하기');
    clock.set(NINE_KST);
    await quiz.tick(clock.now());
    const channel = await tdb.current.store.findChannel('slack', 'T0SAQUIZ', CHANNEL);
    const round = (await tdb.current.store.findDailyRound(channel!.id, '2025-03-10'))!;
    const [question] = fake.callsTo('chat.postMessage');
    expect(buttons(question?.body.blocks)).toEqual([{ actionId: 'answer.private', value: String(round.id) }]);
    const pressed = await slack.send.interactive(
      blockAction({
        userId: 'U0ALICE',
        channelId: CHANNEL,
        actionId: 'answer.private',
        value: String(round.id),
        responseUrl: fake.responseUrl('private'),
        messageTs: round.messageRef!,
        ephemeral: false,
      }),
    );
    expect(pressed.status).toBe(200);
    const opened = await fake.waitFor('views.open');
    const modal = opened.body.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe('sa-quiz.private-answer');
    const submitted = await slack.send.interactive(
      viewSubmission({
        userId: 'U0ALICE',
        callbackId: modal.callback_id,
        privateMetadata: modal.private_metadata,
        values: { answer: { text: { type: 'plain_text_input', value: 'sealed <!channel> answer' } } },
        viewId: 'V0PRIVATE',
      }),
    );
    expect(JSON.parse(submitted.body)).toMatchObject({ response_action: 'update' });
    expect(submitted.body).toContain('답변이 기록되었습니다.');
    const answers = await tdb.current.store.listAnswers(round.id);
    expect(answers.map((a) => [a.userId, a.status, a.messageRef, a.text])).toEqual([
      ['U0ALICE', 'counted', 'private:V0PRIVATE', 'sealed <!channel> answer'],
    ]);
  });
});
