import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  chunkEscaped,
  escapeMrkdwn,
  LIMITS,
  renderMessages,
  unescapeSlackText,
} from '../../../src/adapters/slack/slack-blocks.js';
import { oneTeam, SlackChat } from '../../../src/adapters/slack/slack-chat.js';
import { boltLogger } from '../../../src/adapters/slack/slack-logger.js';
import { ChatError } from '../../../src/core/failures.js';
import { silentLogger } from '../../../src/core/quiz.js';
import type { Round } from '../../../src/core/types.js';
import { type View, view } from '../../../src/core/views.js';
import { BOT_TOKEN, FakeSlack, type SlackCall } from '../../fakes/slack-api.js';
import { recordedProgress, testChannel, testRound } from '../../helpers/fixtures.js';
import { blocksText } from './slack-harness.js';

/**
 * The Chat port and the Block Kit rendering against the fake Web API alone (no database):
 * Block Kit limits with a reveal far too long for one message, escaping, and how Web API
 * errors reach the core.
 */

const channel = testChannel();

function roundWith(messageRef: string | null): Round {
  return testRound({
    status: 'revealed',
    postedAt: new Date('2025-03-10T00:00:00Z'),
    messageRef,
  });
}

/** A reveal with 80 long sections and a 7,000-character definition. */
function hugeReveal(): View {
  const long = '가나다라 & <!channel> '.repeat(350);
  return view('reveal', `모범 답안 · ${'아주 긴 제목 '.repeat(30)}`, [
    { kind: 'section', heading: '정의', text: long },
    ...Array.from({ length: 80 }, (_, i) => ({
      kind: 'list' as const,
      heading: `노트 ${i}`,
      items: [`항목 ${i} <@U0ALICE>`, 'x'.repeat(500)],
    })),
  ]);
}

function sectionTexts(call: SlackCall): string[] {
  const blocks = call.body.blocks as { type: string; text?: { text: string } }[];
  return blocks.filter((b) => b.type === 'section' && b.text).map((b) => b.text!.text);
}

let fake: FakeSlack;
let chat: SlackChat;

beforeAll(async () => {
  fake = await FakeSlack.start();
  const client = new webApi.WebClient(BOT_TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 },
    logger: boltLogger(silentLogger),
  });
  chat = new SlackChat(oneTeam(client), silentLogger);
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.calls.length = 0;
  fake.goneChannels.clear();
});

describe('Block Kit rendering', () => {
  it('escapes control sequences and defuses bare broadcast words', () => {
    expect(escapeMrkdwn('<!channel> <!here|here> <!everyone> <@U123> <!subteam^S1> a & b')).toBe(
      '&lt;!channel&gt; &lt;!here|here&gt; &lt;!everyone&gt; &lt;@U123&gt; &lt;!subteam^S1&gt; a &amp; b',
    );
    expect(escapeMrkdwn('hi @channel and @Here')).toBe('hi @\u200Bchannel and @\u200BHere');
    expect(unescapeSlackText('a &lt;b&gt; &amp;lt;')).toBe('a <b> &lt;');
  });

  it('splits text at 3000 characters without cutting an entity', () => {
    const chunks = chunkEscaped('&'.repeat(2000), 3000);
    expect(chunks.every((c) => c.length <= 3000)).toBe(true);
    expect(chunks.join('')).toBe('&amp;'.repeat(2000));
  });

  it('splits a long reveal into messages of at most 50 blocks within every limit', () => {
    const messages = renderMessages(hugeReveal());
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      for (const b of m.blocks) {
        if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
        if (b.type === 'header') expect([...b.text.text].length).toBeLessThanOrEqual(150);
      }
      expect(JSON.stringify(m)).not.toMatch(/<!channel>|<@U/);
    }
    expect(messages[0]?.blocks[0]?.type).toBe('header');
    expect(messages.slice(1).every((m) => m.blocks.every((b) => b.type !== 'header'))).toBe(true);
  });
});

describe('SlackChat', () => {
  it('posts a long reveal as several thread replies, announces it and closes the question', async () => {
    const progress = recordedProgress();
    await chat.postReveal(
      channel,
      roundWith('1741564800.000001'),
      hugeReveal(),
      view('info', 'closed', [{ kind: 'section', heading: 'Q.', text: 'AMI란?' }]),
      progress,
    );
    const posts = fake.callsTo('chat.postMessage');
    // Every part was reported as it got out: the reveal's messages, then the announcement.
    expect(progress.reported).toEqual(posts.map((_, i) => i + 1));
    expect(posts.length).toBeGreaterThan(2);
    expect(posts.every((c) => c.body.thread_ts === '1741564800.000001')).toBe(true);
    for (const post of posts.slice(0, -1)) {
      expect((post.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
      expect(sectionTexts(post).every((t) => t.length <= 3000)).toBe(true);
    }
    expect(posts.at(-1)?.body).toMatchObject({ reply_broadcast: 'true' });
    expect(String(posts.at(-1)?.body.text)).toContain('"AMI란?"의 모범 답안이 공개되었습니다');
    // The fake never saw that ts, so chat.update fails: the reveal still counts as posted.
    expect(fake.callsTo('chat.update')).toHaveLength(1);
  });

  it('maps Slack errors to the ChatError kinds the core acts on', async () => {
    const post = () =>
      chat.postQuestion(channel, roundWith(null), view('question', 'Q', [{ kind: 'text', text: 'x' }]));
    const kindOf = async (): Promise<string> => {
      try {
        await post();
        return 'ok';
      } catch (error) {
        return error instanceof ChatError ? error.kind : 'other';
      }
    };
    for (const [error, kind] of [
      ['not_in_channel', 'gone'],
      ['channel_not_found', 'gone'],
      ['is_archived', 'gone'],
      ['token_revoked', 'gone'],
      ['missing_scope', 'forbidden'],
      ['restricted_action', 'forbidden'],
      ['method_not_supported_for_channel_type', 'unsupported'],
      ['invalid_blocks', 'invalid_payload'],
      ['msg_blocks_too_long', 'invalid_payload'],
      ['ratelimited', 'rate_limited'],
      ['internal_error', 'transient'],
    ] as const) {
      // Twice: rejected blocks are sent once more as plain text, and refused again.
      fake.fail('chat.postMessage', { error }, 2);
      expect(await kindOf(), error).toBe(kind);
      fake.clearFailures('chat.postMessage');
    }
    // A 429 that outlasts the retries is rate_limited too.
    fake.fail('chat.postMessage', { status: 429, retryAfter: 0 }, 2);
    expect(await kindOf()).toBe('rate_limited');
    expect(await kindOf()).toBe('ok');
  });

  it('sends a question whose blocks Slack rejects once more as plain text, with its metadata', async () => {
    fake.fail('chat.postMessage', { error: 'invalid_blocks' });
    const ts = await chat.postQuestion(
      channel,
      roundWith(null),
      view('question', 'Q. AMI란?', [{ kind: 'text', text: 'a <!channel> b' }]),
    );
    const [rejected, plain] = fake.callsTo('chat.postMessage');
    expect(Array.isArray(rejected?.body.blocks)).toBe(true);
    expect(plain?.body.blocks).toBeUndefined();
    expect(String(plain?.body.text)).toContain('a &lt;!channel&gt; b');
    expect(plain?.body.metadata).toEqual(rejected?.body.metadata);
    expect(fake.messagesIn(channel.externalId).map((m) => m.ts)).toContain(ts);
  });

  it('notifies an admin in a DM opened with conversations.open', async () => {
    await chat.notifyAdmin(
      channel,
      'U0ADMIN',
      view('error', '', [{ kind: 'text', text: 'general: paused <!channel>' }]),
    );
    expect(fake.callsTo('conversations.open')[0]?.body.users).toBe('U0ADMIN');
    const dm = fake.callsTo('chat.postMessage')[0];
    expect(dm?.body.channel).toBe('DU0ADMIN');
    expect(blocksText(dm?.body.blocks)).toContain(':warning: general: paused &lt;!channel&gt;');
  });
});
