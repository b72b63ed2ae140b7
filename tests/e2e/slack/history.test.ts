import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockAction, slashCommand } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { ADMIN, BROKEN, HEALTHY, subscribe, tickAt } from './failure-world.js';
import { blocksText, buttons, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * `/sa-quiz history [n]` on Slack: the channel's last revealed rounds, newest first, as an
 * ephemeral list with a button per round; pressing one shows that round's reference answer,
 * privately, beside the list. A button value naming another channel's round is refused.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let seq = 0;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http' });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  slack.fake.addUser({ id: 'U0ALICE', name: 'alice' });
});

afterEach(async () => {
  await slack.close();
});

/** Monday to Wednesday 2025-03-10..12 in Seoul: posted at 09:00, revealed at 18:00. */
async function threeDays(): Promise<void> {
  for (const day of ['10', '11', '12']) {
    await tickAt(slack, `2025-03-${day}T00:00:00Z`);
    await tickAt(slack, `2025-03-${day}T09:00:00Z`);
  }
}

async function quiz(text: string, channel = HEALTHY) {
  const name = `history-${++seq}`;
  await slack.send.command(
    slashCommand({
      command: '/sa-quiz',
      text,
      userId: 'U0ALICE',
      channelId: channel,
      channelName: channel.toLowerCase(),
      responseUrl: slack.fake.responseUrl(name),
    }),
  );
  return (await slack.fake.waitForResponse(name)).body;
}

async function press(channel: string, value: string) {
  const name = `press-${++seq}`;
  const payload = blockAction({
    userId: 'U0ALICE',
    channelId: channel,
    actionId: 'history.show',
    value,
    responseUrl: slack.fake.responseUrl(name),
  });
  expect((await slack.send.interactive(payload)).status).toBe(200);
  return (await slack.fake.waitForResponse(name)).body;
}

describe('Slack: /sa-quiz history', () => {
  it('lists the revealed rounds newest first with a button each; a button shows that answer privately', async () => {
    await subscribe(slack, HEALTHY);
    await threeDays();
    const list = await quiz('history 2');
    expect(list.response_type).toBe('ephemeral');
    const text = blocksText(list.blocks);
    expect(text).toContain('지난 질문');
    const dates = [...text.matchAll(/2025-03-1\d/g)].map((m) => m[0]);
    expect(dates).toEqual(['2025-03-12', '2025-03-11']);
    const shown = buttons(list.blocks).filter((b) => b.actionId === 'history.show');
    expect(shown).toHaveLength(2);

    const answer = await press(HEALTHY, shown[1]!.value!);
    expect(answer.response_type).toBe('ephemeral');
    // Beside the list, not over it.
    expect(answer.replace_original).toBe(false);
    const answerText = blocksText(answer.blocks);
    expect(answerText).toContain('모범 답안');
    expect(answerText).toContain('정의');
    expect(answerText).toContain('2025-03-11');
  });

  it('refuses a round of another channel, and says when there is nothing yet', async () => {
    await subscribe(slack, HEALTHY);
    await threeDays();
    // Subscribed afterwards: nothing revealed there.
    await subscribe(slack, BROKEN);
    const list = await quiz('기록');
    const [first] = buttons(list.blocks).filter((b) => b.actionId === 'history.show');
    // The same button value pressed in another channel: not that channel's round.
    const forged = await press(BROKEN, first!.value!);
    expect(blocksText(forged.blocks)).toContain('공개된 질문이 아직 없습니다');
    expect(blocksText(forged.blocks)).not.toContain('정의');
    expect(blocksText((await quiz('history', BROKEN)).blocks)).toContain('공개된 질문이 아직 없습니다');
    // Not a history request: an ordinary practice query.
    expect(blocksText((await quiz('history of s3')).blocks)).not.toContain('지난 질문');
  });
});
