import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pointLabel } from '../../../src/core/feedback-views.js';
import { GRADED_KEY, KEY_POINTS_KO, STRONG_ANSWER, WEAK_ANSWER } from '../../fakes/graded-question.js';
import { blockAction, slashCommand, viewSubmission } from '../../fakes/slack-payloads.js';
import { MINUTE } from '../../helpers/clock.js';
import { useTestDatabase } from '../../helpers/database.js';
import { channelRow, dailyRound, MON_1800, tickAt, tickThrough } from './failure-world.js';
import {
  ALICE,
  answer,
  BOB,
  CAROL,
  CHANNEL,
  feedbackButtonMessage,
  feedbackPress,
  noteCalls,
  notesTo,
  noteText,
  openGradedRound,
  revealText,
} from './feedback-world.js';
import { blocksText, buttons, recordingLogger, type SlackHarness, startSlack } from './slack-harness.js';

/**
 * Grading at the reveal, on Slack: the public reveal shows each answerer's coverage and a
 * per-point tally (never anyone's missed points), each answerer gets one ephemeral note in the
 * thread with what they made and missed, and the reveal's "내 피드백" button shows the presser
 * their own. What each refusal of `chat.postEphemeral` does: one person's stops nothing, the
 * channel's stops the round's remaining notes, and no note is ever sent twice.
 */

const tdb = useTestDatabase();
let slack: SlackHarness;
let log: ReturnType<typeof recordingLogger>;
let thread: string;

/** The evening after the reveal: hours of ticks, and no note may go out again. */
const MON_2300 = '2025-03-10T14:00:00Z';

beforeEach(async () => {
  log = recordingLogger();
  slack = await startSlack({ db: tdb.current, mode: 'http', bundledBank: false, logger: log });
  thread = await openGradedRound(slack, tdb.current.store);
});

afterEach(async () => {
  await slack.close();
});

async function aliceAndBobAnswer(): Promise<void> {
  await answer(slack, thread, ALICE, STRONG_ANSWER);
  await answer(slack, thread, BOB, WEAK_ANSWER);
}

async function revealedRound() {
  const round = await dailyRound(tdb.current.store, CHANNEL, '2025-03-10');
  if (!round) throw new Error('no round');
  return round;
}

describe('Slack: feedback at the reveal', () => {
  it('shows coverage and a tally in public, and each answerer one private note of their own', async () => {
    await aliceAndBobAnswer();
    expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 1, failed: 0 });

    const text = revealText(slack, thread);
    expect(text).toContain('<@U0ALICE> 2/3');
    expect(text).toContain('<@U0BOB> 1/3');
    expect(text).toContain('핵심 포인트별로 짚은 사람 (2명 중)');
    expect(text).toContain(`${pointLabel(KEY_POINTS_KO[0])} — 2명`);
    expect(text).toContain(`${pointLabel(KEY_POINTS_KO[1])} — 1명`);
    expect(text).toContain(`${pointLabel(KEY_POINTS_KO[2])} — 0명`);
    // Who missed what is nobody else's business: no note's sections, no one's words.
    expect(text).not.toContain('놓친 포인트');
    expect(text).not.toContain('짚은 포인트');
    expect(text).not.toContain('←');
    const round = await revealedRound();
    expect(buttons(feedbackButtonMessage(slack, thread).blocks)).toEqual([
      { actionId: 'feedback.show', value: String(round.id) },
    ]);

    // One note each, in the thread, with their own points.
    expect(noteCalls(slack)).toHaveLength(2);
    const [aliceNote] = notesTo(slack, ALICE);
    const [bobNote] = notesTo(slack, BOB);
    expect(notesTo(slack, ALICE)).toHaveLength(1);
    expect(notesTo(slack, BOB)).toHaveLength(1);
    expect(aliceNote).toMatchObject({ channel: CHANNEL, threadTs: thread });
    expect(bobNote).toMatchObject({ channel: CHANNEL, threadTs: thread });
    expect(aliceNote?.text).toContain('내 답변 피드백');
    const alice = noteText(aliceNote);
    expect(alice).toContain('핵심 포인트 3개 중 2개를 짚었습니다.');
    expect(alice).toMatch(/짚은 포인트[\s\S]*상태 저장\(stateful\)[\s\S]*놓친 포인트[\s\S]*ENI\(인스턴스\)/);
    expect(alice).toContain('← "상태 저장"');
    expect(alice).not.toContain('stateful 합니다');
    const bob = noteText(bobNote);
    expect(bob).toContain('핵심 포인트 3개 중 1개를 짚었습니다.');
    expect(bob).toMatch(/놓친 포인트[\s\S]*허용 규칙만 있고[\s\S]*ENI\(인스턴스\)/);
    expect(bob).toContain('연습 문제');
    expect(bob).not.toContain('상태 저장"');

    // Bob's weak answer brought the question back into his practice queue; Alice's did not.
    const { workspaceId } = await channelRow(tdb.current.store, CHANNEL);
    expect((await tdb.current.store.listPracticeCards(workspaceId, BOB)).map((c) => c.questionKey)).toEqual([
      GRADED_KEY,
    ]);
    expect(await tdb.current.store.listPracticeCards(workspaceId, ALICE)).toEqual([]);

    // Hours of ticks later: nobody was told again.
    await tickThrough(slack, MON_1800, MON_2300, 30 * MINUTE);
    expect(noteCalls(slack)).toHaveLength(2);
  });

  it('a reveal retried after a 500 sends the notes once, when the whole reveal is out', async () => {
    await aliceAndBobAnswer();
    slack.fake.fail('chat.postMessage', { status: 500 }, { when: (c) => c.body.thread_ts === thread });
    expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 0, failed: 1 });
    expect(noteCalls(slack)).toHaveLength(0);

    expect(await tickAt(slack, Date.parse(MON_1800) + MINUTE)).toMatchObject({ failed: 0 });
    expect((await revealedRound()).revealPostedAt).not.toBeNull();
    expect(notesTo(slack, ALICE)).toHaveLength(1);
    expect(notesTo(slack, BOB)).toHaveLength(1);
    await tickThrough(slack, Date.parse(MON_1800) + MINUTE, MON_2300, 30 * MINUTE);
    expect(noteCalls(slack)).toHaveLength(2);
  });

  it('a note lost in a 500 is never sent again, and the notes after it wait for the button', async () => {
    await aliceAndBobAnswer();
    // Slack showed Alice her note, but the answer was lost on the way back.
    slack.fake.fail('chat.postEphemeral', { status: 500, afterPosting: true });
    expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 1, failed: 0 });
    await tickThrough(slack, MON_1800, MON_2300, 30 * MINUTE);
    expect(noteCalls(slack, ALICE)).toHaveLength(1);
    expect(noteCalls(slack, BOB)).toHaveLength(0);
    expect(log.lines.some((l) => l.message.includes('some feedback notes were not sent'))).toBe(true);

    const press = await slack.send.interactive(feedbackPress(slack, thread, BOB, 'fb-bob'));
    expect(press.status).toBe(200);
    expect(blocksText((await slack.fake.waitForResponse('fb-bob')).body.blocks)).toContain(
      '핵심 포인트 3개 중 1개를 짚었습니다.',
    );
  });

  it('someone not in the channel misses only their own note: the reveal and the others go on', async () => {
    await aliceAndBobAnswer();
    slack.fake.userLeft(CHANNEL, ALICE);
    expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 1, failed: 0 });
    expect(noteCalls(slack, ALICE)).toHaveLength(1);
    expect(notesTo(slack, ALICE)).toHaveLength(0);
    expect(notesTo(slack, BOB)).toHaveLength(1);
    const channel = await channelRow(tdb.current.store, CHANNEL);
    expect(channel).toMatchObject({ paused: false, pausedReason: null });
    expect((await revealedRound()).revealPostedAt).not.toBeNull();
    await tickThrough(slack, MON_1800, MON_2300, 30 * MINUTE);
    expect(noteCalls(slack)).toHaveLength(2);
  });

  it.each([
    ['channel_not_found', { error: 'channel_not_found' }],
    ['is_archived', { error: 'is_archived' }],
    ['not_in_channel', { error: 'not_in_channel' }],
    ['a 429 longer than worth waiting', { status: 429 as const, retryAfter: 120 }],
  ])('%s on the first note stops the rest, and nobody is told twice', async (_, failure) => {
    await aliceAndBobAnswer();
    await answer(slack, thread, CAROL, STRONG_ANSWER);
    // Only the first call fails: had the notes gone on, Slack would have taken the next ones.
    slack.fake.fail('chat.postEphemeral', failure);
    expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 1, failed: 0 });
    expect(noteCalls(slack)).toHaveLength(1);
    expect(slack.fake.ephemerals).toHaveLength(0);
    await tickThrough(slack, MON_1800, MON_2300, 30 * MINUTE);
    expect(noteCalls(slack)).toHaveLength(1);
    expect((await revealedRound()).revealPostedAt).not.toBeNull();
  });

  it('blocks Slack rejects: the same note goes once more as plain text, and the next note is sent', async () => {
    await aliceAndBobAnswer();
    slack.fake.fail('chat.postEphemeral', { error: 'invalid_blocks' });
    expect(await tickAt(slack, MON_1800)).toMatchObject({ revealed: 1, failed: 0 });
    const aliceCalls = noteCalls(slack, ALICE);
    expect(aliceCalls).toHaveLength(2);
    expect(aliceCalls[1]?.body.blocks).toBeUndefined();
    const [plain] = notesTo(slack, ALICE);
    expect(plain?.text).toContain('핵심 포인트 3개 중 2개를 짚었습니다.');
    expect(plain?.text).toContain('ENI(인스턴스)');
    expect(notesTo(slack, BOB)).toHaveLength(1);
  });
});

describe('Slack: the reveal\'s "내 피드백" button', () => {
  it('shows each presser their own note, a non-answerer that they did not answer, once per press', async () => {
    await aliceAndBobAnswer();
    await tickAt(slack, MON_1800);
    const postsBefore = slack.fake.callsTo('chat.postMessage').length;

    const alicePress = feedbackPress(slack, thread, ALICE, 'fb-alice');
    expect((await slack.send.interactive(alicePress)).status).toBe(200);
    const alice = await slack.fake.waitForResponse('fb-alice');
    expect(alice.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      thread_ts: thread,
    });
    expect(blocksText(alice.body.blocks)).toContain('핵심 포인트 3개 중 2개를 짚었습니다.');
    expect(blocksText(alice.body.blocks)).toContain('← "상태 저장"');

    await slack.send.interactive(feedbackPress(slack, thread, BOB, 'fb-bob'));
    const bob = blocksText((await slack.fake.waitForResponse('fb-bob')).body.blocks);
    expect(bob).toContain('핵심 포인트 3개 중 1개를 짚었습니다.');
    expect(bob).not.toContain('상태 저장"');

    await slack.send.interactive(feedbackPress(slack, thread, CAROL, 'fb-carol'));
    const carol = blocksText((await slack.fake.waitForResponse('fb-carol')).body.blocks);
    expect(carol).toContain('이 라운드에 제시간에 남긴 내 답변이 없습니다.');
    expect(carol).not.toContain('핵심 포인트 3개 중');

    // A replayed request (the same trigger id) answers nothing again.
    expect((await slack.send.interactive(alicePress)).status).toBe(200);
    await slack.adapter.idle();
    expect(slack.fake.responses.filter((r) => r.name === 'fb-alice')).toHaveLength(1);
    // Nothing about anyone's answer was posted where others see it.
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(postsBefore);
  });

  it('a forged round id from another channel shows nothing of that round', async () => {
    await aliceAndBobAnswer();
    await tickAt(slack, MON_1800);
    const press = feedbackPress(slack, thread, ALICE, 'fb-elsewhere');
    const elsewhere = {
      ...press,
      channel: { id: 'C0OTHER', name: 'other' },
      container: { ...(press.container as object), channel_id: 'C0OTHER' },
    };
    await slack.send.interactive(elsewhere);
    const reply = blocksText((await slack.fake.waitForResponse('fb-elsewhere')).body.blocks);
    expect(reply).not.toContain('핵심 포인트 3개 중');
    expect(reply).not.toContain(KEY_POINTS_KO[2]);
  });
});

describe('Slack: writing a practice answer', () => {
  /** `/sa-quiz` as Alice; the card's buttons. */
  async function practiceCard(): Promise<{ actionId: string; value: string | undefined }[]> {
    await slack.send.command(
      slashCommand({
        command: '/sa-quiz',
        text: '',
        userId: ALICE,
        channelId: CHANNEL,
        responseUrl: slack.fake.responseUrl('practice'),
      }),
    );
    return buttons((await slack.fake.waitForResponse('practice')).body.blocks);
  }

  /** Alice presses "답 써 보기" on the card; the modal Slack was asked to open. */
  async function openModal(label = '답 써 보기') {
    const press = blockAction({
      userId: ALICE,
      channelId: CHANNEL,
      actionId: 'practice.write',
      value: GRADED_KEY,
      responseUrl: slack.fake.responseUrl('card'),
      label,
    });
    expect((await slack.send.interactive(press)).status).toBe(200);
    const opened = await slack.fake.waitFor('views.open');
    expect(opened.body.trigger_id).toBe(press.trigger_id);
    return opened.body.view as {
      callback_id: string;
      private_metadata: string;
      title: { text: string };
      blocks: { element: Record<string, unknown>; label: { text: string } }[];
    };
  }

  function submit(modal: { callback_id: string; private_metadata: string }, value: string) {
    return slack.send.interactive(
      viewSubmission({
        userId: ALICE,
        callbackId: modal.callback_id,
        privateMetadata: modal.private_metadata,
        values: { answer: { text: { type: 'plain_text_input', value } } },
      }),
    );
  }

  it('opens a modal, refuses an empty answer, grades the answer on the card and schedules the grade picked', async () => {
    expect(await practiceCard()).toEqual([
      { actionId: 'practice.show', value: GRADED_KEY },
      { actionId: 'practice.write', value: GRADED_KEY },
    ]);
    const modal = await openModal();
    expect(modal.callback_id).toBe('sa-quiz.practice-answer');
    expect(modal.title.text).toBe('연습 답변');
    expect(modal.blocks[0]?.element).toMatchObject({ type: 'plain_text_input', multiline: true });
    expect(modal.blocks[0]?.label.text).toBe('내 답변 (면접에서 말하듯이)');

    const empty = await submit(modal, '   \n ');
    expect(JSON.parse(empty.body)).toEqual({
      response_action: 'errors',
      errors: { answer: '답을 적어 주세요. 한두 문장이어도 괜찮습니다.' },
    });
    await slack.adapter.idle();
    expect(slack.fake.responses.filter((r) => r.name === 'card')).toHaveLength(0);

    const sent = await submit(modal, STRONG_ANSWER);
    expect(sent.status).toBe(200);
    expect(sent.body).toBe('');
    const card = await slack.fake.waitForResponse('card');
    expect(card.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const feedback = blocksText(card.body.blocks);
    expect(feedback).toContain('핵심 포인트 3개 중 2개를 짚었습니다.');
    expect(feedback).toContain('핵심 포인트로 본 추천 평가: "알맞음"');
    expect(feedback).toMatch(/놓친 포인트[\s\S]*ENI\(인스턴스\)/);
    expect(feedback).toContain('ENI 단위로 적용되는 상태 저장 가상 방화벽.');
    const grades = (card.body.blocks as { elements?: { action_id: string; style?: string }[] }[]).flatMap(
      (b) => b.elements ?? [],
    );
    expect(grades.map((g) => [g.action_id, g.style])).toEqual([
      ['practice.again', undefined],
      ['practice.hard', undefined],
      ['practice.good', 'primary'],
      ['practice.easy', undefined],
    ]);
    const { workspaceId } = await channelRow(tdb.current.store, CHANNEL);
    expect(await tdb.current.store.listPracticeCards(workspaceId, ALICE)).toEqual([]);

    await slack.send.interactive(
      blockAction({
        userId: ALICE,
        channelId: CHANNEL,
        actionId: 'practice.good',
        value: GRADED_KEY,
        responseUrl: slack.fake.responseUrl('graded'),
      }),
    );
    const graded = await slack.fake.waitForResponse('graded');
    expect(graded.body.replace_original).toBe(true);
    expect(blocksText(graded.body.blocks)).toContain('"알맞음"(으)로 기록했습니다');
    const cards = await tdb.current.store.listPracticeCards(workspaceId, ALICE);
    expect(cards.map((c) => [c.questionKey, c.reps])).toEqual([[GRADED_KEY, 1]]);
    // The answer itself is nobody else's: nothing was posted, nothing of it was logged.
    expect(slack.fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === undefined)).toHaveLength(
      1,
    );
    expect(JSON.stringify(log.lines)).not.toContain('허용 규칙만 만들 수');
  });

  it('an English card opens an English modal; a card gone stale gets the feedback as a new message', async () => {
    const modal = await openModal('Write an answer');
    expect(modal.title.text).toBe('Practice answer');
    expect(modal.blocks[0]?.label.text).toBe('Your answer (as you would say it in an interview)');
    slack.fake.expireResponseUrl('card');
    await submit(modal, STRONG_ANSWER);
    await slack.adapter.idle();
    const shown = notesTo(slack, ALICE);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ channel: CHANNEL, threadTs: undefined });
    expect(noteText(shown[0])).toContain('핵심 포인트로 본 추천 평가');
  });
});
