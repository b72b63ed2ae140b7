import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isForgotten } from '../../../src/core/forgotten.js';
import { TEAM_ID } from '../../fakes/slack-api.js';
import { blockAction, eventCallback, slashCommand } from '../../fakes/slack-payloads.js';
import { useTestDatabase } from '../../helpers/database.js';
import { ADMIN, HEALTHY, MON_0900, MON_1800, subscribe, tickAt } from './failure-world.js';
import { blocksText, buttons, type SlackHarness, startSlack, threadReplyEvent } from './slack-harness.js';

/**
 * `/sa-quiz forget-me` on Slack through the real Bolt app: the ephemeral confirmation with a red
 * "내 데이터 삭제" button and "취소"; Cancel replaces it and deletes nothing; the red button
 * replaces it with what was deleted; the same press replayed does nothing, a new press says it is
 * done already. Afterwards the history names "(삭제된 사용자)" and the leaderboard only bob.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let seq = 0;
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const ts = (user: string) => `1741568400.0001${user === ALICE ? 1 : 2}0`;

beforeEach(async () => {
  slack = await startSlack({ db: tdb.current, mode: 'http' });
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  slack.fake.addUser({ id: ALICE, name: 'alice' });
  slack.fake.addUser({ id: BOB, name: 'bob' });
});

afterEach(async () => {
  await slack.close();
});

async function answer(user: string, text: string): Promise<void> {
  const [question] = slack.fake.messagesIn(HEALTHY, { topLevel: true });
  const reply = threadReplyEvent({
    channel: HEALTHY,
    user,
    threadTs: question?.ts ?? '',
    ts: ts(user),
    text,
    eventId: `Ev0FORGET${user}`,
  });
  expect((await slack.send.event(reply)).status).toBe(200);
  await slack.adapter.idle();
}

async function star(voter: string, author: string): Promise<void> {
  const event = {
    type: 'reaction_added',
    user: voter,
    reaction: 'star',
    item: { type: 'message', channel: HEALTHY, ts: ts(author) },
    item_user: author,
    event_ts: `1741570000.00${++seq}`,
  };
  expect((await slack.send.event(eventCallback(event, `Ev0STAR${seq}`))).status).toBe(200);
  await slack.adapter.idle();
}

async function command(command: '/sa-quiz' | '/sa-leaderboard', text: string, user = ALICE) {
  const name = `cmd-${++seq}`;
  await slack.send.command(
    slashCommand({
      command,
      text,
      userId: user,
      channelId: HEALTHY,
      channelName: 'healthy',
      responseUrl: slack.fake.responseUrl(name),
    }),
  );
  return (await slack.fake.waitForResponse(name)).body;
}

function pressPayload(actionId: string, value: string, user = ALICE) {
  const name = `press-${++seq}`;
  const payload = blockAction({
    userId: user,
    channelId: HEALTHY,
    actionId,
    value,
    responseUrl: slack.fake.responseUrl(name),
  });
  return { name, payload };
}

async function press(actionId: string, value: string, user = ALICE) {
  const { name, payload } = pressPayload(actionId, value, user);
  expect((await slack.send.interactive(payload)).status).toBe(200);
  return (await slack.fake.waitForResponse(name)).body;
}

describe('Slack: /sa-quiz forget-me', () => {
  it('confirms with Block Kit buttons, deletes on the red one, once; history and leaderboard follow', async () => {
    await subscribe(slack, HEALTHY);
    await tickAt(slack, MON_0900);
    await answer(ALICE, '보안 그룹은 상태 저장 방화벽이라 응답 트래픽이 자동으로 허용됩니다.');
    await answer(BOB, 'NACL과 달리 허용 규칙만 있습니다.');
    await star(BOB, ALICE);
    await tickAt(slack, MON_1800);

    // The confirmation: ephemeral, what will be deleted, a danger button and Cancel.
    const asked = await command('/sa-quiz', 'forget-me');
    expect(asked.response_type).toBe('ephemeral');
    const askedText = blocksText(asked.blocks);
    expect(askedText).toContain('내 데이터를 삭제할까요?');
    expect(askedText).toContain('답변 1개');
    expect(askedText).toContain('받은 투표 1개');
    expect(askedText).toContain('(삭제된 사용자)');
    const shown = buttons(asked.blocks);
    expect(shown).toEqual([
      { actionId: 'forget.confirm', value: ALICE },
      { actionId: 'forget.cancel', value: ALICE },
    ]);
    const raw = JSON.stringify(asked.blocks);
    expect(raw).toContain('"style":"danger"');
    expect(raw).toContain('내 데이터 삭제');

    // Cancel: replaces the confirmation, nothing deleted.
    const cancelled = await press('forget.cancel', ALICE);
    expect(cancelled.replace_original).toBe(true);
    expect(blocksText(cancelled.blocks)).toContain('아무것도 삭제하지 않았습니다');
    const channel = await tdb.current.store.findChannel('slack', TEAM_ID, HEALTHY);
    const round = await tdb.current.store.latestPostedRound(channel?.id ?? 0);
    expect((await tdb.current.store.listCountedAnswers(round?.id ?? 0)).map((a) => a.userId).sort()).toEqual([
      ALICE,
      BOB,
    ]);

    // Bob pressing a button made for alice (a forged value) deletes nobody's data.
    expect(blocksText((await press('forget.confirm', ALICE, BOB)).blocks)).toContain('다른 사람의 요청');

    // The red button: deleted, the confirmation replaced by what was done.
    const { name, payload } = pressPayload('forget.confirm', ALICE);
    expect((await slack.send.interactive(payload)).status).toBe(200);
    const done = (await slack.fake.waitForResponse(name)).body;
    expect(done.replace_original).toBe(true);
    expect(blocksText(done.blocks)).toContain('내 데이터를 삭제했습니다');
    const counted = await tdb.current.store.listCountedAnswers(round?.id ?? 0);
    expect(counted).toHaveLength(2);
    expect(counted.filter((a) => a.userId === ALICE)).toEqual([]);
    expect(counted.filter((a) => isForgotten(a.userId)).map((a) => a.text)).toEqual(['']);

    // The same press replayed (same trigger id): nothing more happens, nothing answered.
    expect((await slack.send.interactive(payload)).status).toBe(200);
    await slack.adapter.idle();
    expect(slack.fake.responses.filter((r) => r.name === name)).toHaveLength(1);
    // A new press: already done.
    expect(blocksText((await press('forget.confirm', ALICE)).blocks)).toContain('이미 삭제되었습니다');

    // The history names her "(삭제된 사용자)"; the leaderboard lists bob only.
    const list = await command('/sa-quiz', 'history');
    expect(blocksText(list.blocks)).toContain('2명 답변');
    const [past] = buttons(list.blocks).filter((b) => b.actionId === 'history.show');
    const pastAnswer = blocksText((await press('history.show', past?.value ?? '', BOB)).blocks);
    expect(pastAnswer).toContain('(삭제된 사용자)');
    expect(pastAnswer).toContain(`<@${BOB}>`);
    expect(pastAnswer).not.toContain(ALICE);
    const board = blocksText((await command('/sa-leaderboard', 'all', BOB)).blocks);
    expect(board).toContain(`<@${BOB}>`);
    expect(board).not.toContain(ALICE);
    expect(board).not.toContain('삭제된');
    // Nothing stored any more.
    expect(blocksText((await command('/sa-quiz', '내정보삭제')).blocks)).toContain(
      '저장한 내 데이터가 없습니다',
    );
  });
});
