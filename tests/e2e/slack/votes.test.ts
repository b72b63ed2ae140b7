import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventCallback } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { ADMIN, admin, HEALTHY, MON_0900, MON_1800, subscribe, tickAt } from './failure-world.js';
import { blocksText, type SlackHarness, startSlack, threadReplyEvent } from './slack-harness.js';

/**
 * The best answer by vote, end to end on Slack: members react with the channel's vote emoji
 * (`:star:` by default) on answers in the question's thread, as `reaction_added` /
 * `reaction_removed` events to the real Bolt app; the 18:00 reveal names the most-voted answer
 * and quotes it, mentions neutralised. Votes on one's own answer, by a bot, of another emoji,
 * after the deadline, or delivered twice change nothing.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let seq = 0;
const people = ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAVE'];

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http' });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  for (const id of people) slack.fake.addUser({ id, name: id.slice(2).toLowerCase() });
  slack.fake.addUser({ id: 'U0HELPERBOT', name: 'helper', isBot: true });
  await subscribe(slack, HEALTHY);
  await tickAt(slack, MON_0900);
});

afterEach(async () => {
  await slack.close();
});

const ts = (user: string) => `1741568400.0001${people.indexOf(user)}0`;

async function answer(user: string, text: string): Promise<void> {
  const [question] = slack.fake.messagesIn(HEALTHY, { topLevel: true });
  const reply = threadReplyEvent({
    channel: HEALTHY,
    user,
    threadTs: question?.ts ?? '',
    ts: ts(user),
    text,
    eventId: `Ev0VOTEANS${user}`,
  });
  expect((await slack.send.event(reply)).status).toBe(200);
}

/** `voter` reacts with `reaction` on `author`'s answer (or takes it back); returns the event id. */
async function react(
  voter: string,
  author: string,
  reaction = 'star',
  added = true,
  eventId = `Ev0VOTE${++seq}`,
) {
  const event = {
    type: added ? 'reaction_added' : 'reaction_removed',
    user: voter,
    reaction,
    item: { type: 'message', channel: HEALTHY, ts: ts(author) },
    item_user: author,
    event_ts: `1741570000.00${seq}`,
  };
  expect((await slack.send.event(eventCallback(event, eventId))).status).toBe(200);
  await slack.adapter.idle();
  return eventId;
}

async function revealText(): Promise<string> {
  const before = slack.fake.callsTo('chat.postMessage').length;
  await tickAt(slack, MON_1800);
  return slack.fake
    .callsTo('chat.postMessage')
    .slice(before)
    .map((c) => blocksText(c.body.blocks))
    .join('\n');
}

describe('Slack: the best answer by vote', () => {
  it('the question says how to vote; the reveal quotes the most-voted answer, with its votes', async () => {
    const [question] = slack.fake.messagesIn(HEALTHY, { topLevel: true });
    expect(blocksText(question?.blocks)).toContain(':star: 반응을 달면');

    await answer('U0ALICE', '보안 그룹은 상태 저장   방화벽이라 응답 트래픽이 자동으로 허용됩니다.');
    await answer('U0BOB', 'NACL과 달리 허용 규칙만 있습니다.');
    await answer('U0CAROL', '인스턴스 단위로 붙습니다.');
    await react('U0BOB', 'U0ALICE');
    const retried = await react('U0CAROL', 'U0ALICE');
    // Slack delivers the same event again: still one vote.
    expect(
      (
        await slack.send.event(
          eventCallback(
            {
              type: 'reaction_added',
              user: 'U0CAROL',
              reaction: 'star',
              item: { type: 'message', channel: HEALTHY, ts: ts('U0ALICE') },
            },
            retried,
          ),
          { retryNum: 1 },
        )
      ).status,
    ).toBe(200);
    await react('U0ALICE', 'U0ALICE'); // her own answer
    await react('U0HELPERBOT', 'U0BOB'); // a bot
    await react('U0DAVE', 'U0BOB', 'thumbsup'); // not the vote emoji
    await react('U0DAVE', 'U0CAROL', 'star::skin-tone-3'); // a skin tone is a vote
    await react('U0ALICE', 'U0BOB');
    await react('U0ALICE', 'U0BOB', 'star', false); // and taken back

    const text = await revealText();
    expect(text).toContain('⭐ 베스트 답변 (투표 2표)');
    expect(text).toContain('alice — “보안 그룹은 상태 저장 방화벽이라 응답 트래픽이 자동으로 허용됩니다.”');
    expect(text).not.toContain('bob — “');
    expect(text).not.toContain('carol — “');
  });

  it('a tie names every tied answer; no votes, no section; a vote after the deadline is not counted', async () => {
    await answer('U0ALICE', '첫 번째 답');
    await answer('U0BOB', '두 번째 답');
    await react('U0CAROL', 'U0ALICE');
    await react('U0DAVE', 'U0BOB');
    const text = await revealText();
    expect(text).toContain('⭐ 공동 베스트 답변 (투표 1표)');
    expect(text).toContain('alice — “첫 번째 답”');
    expect(text).toContain('bob — “두 번째 답”');
    // After the reveal: nothing is recorded.
    await react('U0CAROL', 'U0BOB');
    const votes = await tdb.current.database.db.query.answerVotes.findMany();
    expect(votes).toHaveLength(2);
  });

  it('quotes a hostile answer without pinging anyone', async () => {
    await answer('U0ALICE', '<!channel> @here <@U0BOB> <https://evil.example|click> 답');
    await react('U0BOB', 'U0ALICE');
    const text = await revealText();
    const best = text.split('\n').find((l) => l.startsWith('• alice — “')) ?? '';
    expect(best).not.toMatch(/<!channel>|<!here>|<@U0BOB>|<https:/);
    expect(best).toContain('&lt;!channel&gt;');
    expect(best).not.toContain('@here'); // broken by a zero-width space
  });

  it('an admin sets another vote emoji: then that one counts, ⭐ does not', async () => {
    expect(await admin(slack, 'vote-emoji :tada:', HEALTHY)).toContain(':tada:');
    await answer('U0ALICE', '첫 번째 답');
    await answer('U0BOB', '두 번째 답');
    await react('U0CAROL', 'U0ALICE', 'tada');
    await react('U0DAVE', 'U0BOB', 'star');
    const text = await revealText();
    expect(text).toContain('⭐ 베스트 답변 (투표 1표)');
    expect(text).toContain('alice — “첫 번째 답”');
    expect(text).not.toContain('bob — “');
  });

  it('no vote, no best answer section', async () => {
    await answer('U0ALICE', '답');
    expect(await revealText()).not.toContain('베스트 답변');
  });
});
