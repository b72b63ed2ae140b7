import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pointLabel } from '../../../src/core/feedback-views.js';
import type { Store } from '../../../src/core/ports.js';
import { ephemeralReplyMessage } from '../../fakes/discord-payloads.js';
import type { FakeUser, RecordedCall } from '../../fakes/discord-server.js';
import {
  GRADED_KEY,
  gradedQuestion,
  KEY_POINTS_KO,
  STRONG_ANSWER,
  WEAK_ANSWER,
} from '../../fakes/graded-question.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * Grading at the reveal, on Discord: the public reveal shows each answerer's coverage and a
 * per-point tally (never anyone's missed points); nobody is sent a note unprompted (no DMs); the
 * reveal's "내 피드백" button answers the presser alone (an ephemeral reply with their own note as
 * an embed). A practice card's "답 써 보기" opens a modal before anything is read from the
 * database, and its submission turns the card into feedback with the suggested grade highlighted,
 * whose grade buttons schedule the card.
 */

const GUILD = '826000000000000001';
const CHANNEL = '826000000000000010';
const owner: FakeUser = { id: '726000000000000001', username: 'owner' };
const alice: FakeUser = { id: '726000000000000002', username: 'alice' };
const bob: FakeUser = { id: '726000000000000003', username: 'bob' };
const carol: FakeUser = { id: '726000000000000004', username: 'carol' };

const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1000 = '2025-03-03T01:00:00Z';
const MON_1800 = '2025-03-03T09:00:00Z';
const MON_2000 = '2025-03-03T11:00:00Z';

/** The test's store, with every call held back while `hold()` is on (a database slower than Discord's 3 s). */
function gatedStore(store: Store): { store: Store; hold(): void; release(): void; held(): number } {
  let gate: Promise<void> | null = null;
  let open = (): void => {};
  let waiting = 0;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (gate) {
          waiting += 1;
          await gate;
          waiting -= 1;
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store: proxy,
    hold: () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = null;
      open();
    },
    held: () => waiting,
  };
}

const tdb = useTestDatabase();
let world: DiscordWorld;
let gated: ReturnType<typeof gatedStore>;

beforeEach(async () => {
  gated = gatedStore(tdb.current.store);
  await tdb.current.store.saveQuestions(null, [gradedQuestion], 'test');
  world = await DiscordWorld.start(tdb.current.store, {
    start: MON_0850,
    store: gated.store,
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
  });
  await world.adminCommand(owner, CHANNEL, 'subscribe');
});

afterEach(async () => {
  gated.release();
  await world.stop();
});

interface Button {
  readonly custom_id: string;
  readonly label: string;
  readonly style: number;
}

function buttonsOf(call: RecordedCall | undefined): Button[] {
  const body = call?.body ?? {};
  const data = (body.data as Record<string, unknown> | undefined) ?? body;
  const rows = (data.components as { components: Button[] }[] | undefined) ?? [];
  return rows.flatMap((r) => r.components);
}

/** The answers (callbacks, webhook edits) to one interaction, in order. */
function answersTo(interaction: { id: string; token: string }): RecordedCall[] {
  return world.fake.calls.filter(
    (c) =>
      c.path.startsWith(`/interactions/${interaction.id}/`) ||
      c.path.startsWith(`/webhooks/${world.fake.applicationId}/${interaction.token}`),
  );
}

function lastAnswer(interaction: { id: string; token: string }): RecordedCall {
  const found = answersTo(interaction).at(-1);
  if (!found) throw new Error(`no answer to interaction ${interaction.id}: ${world.diagnosis()}`);
  return found;
}

/** The ephemeral message an interaction answer became, as Discord attaches it to a later button press. */
function shownMessage(call: RecordedCall): Record<string, unknown> {
  const data = (call.body?.data as Record<string, unknown> | undefined) ?? {};
  return ephemeralReplyMessage(world.fake.id(), CHANNEL, world.fake.userPayload(world.fake.botUser), data);
}

/** Posts Monday's question, Alice (strong) and Bob (weak) answer, and it is revealed at 18:00. */
async function revealedRound(): Promise<{ thread: string; roundId: number }> {
  world.clock.set(MON_0900);
  expect(await world.quiz.tick()).toMatchObject({ posted: 1 });
  const round = (await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL)))!;
  const thread = round.messageRef!;
  world.clock.set(MON_1000);
  world.fake.userMessage(thread, alice, STRONG_ANSWER);
  world.fake.userMessage(thread, bob, WEAK_ANSWER);
  await world.settle();
  world.clock.set(MON_1800);
  expect(await world.quiz.tick()).toMatchObject({ revealed: 1, failed: 0 });
  await world.settle();
  return { thread, roundId: round.id };
}

describe('Discord: feedback at the reveal', () => {
  it('shows coverage and a tally in public, sends nobody anything unprompted, and the button shows each their own note', async () => {
    const { thread, roundId } = await revealedRound();
    const reveal = world.posts(thread).filter((c) => c.status === 200);
    const text = reveal.map(embedText).join('\n');
    expect(text).toContain(`<@${alice.id}> 2/3`);
    expect(text).toContain(`<@${bob.id}> 1/3`);
    expect(text).toContain('핵심 포인트별로 짚은 사람 (2명 중)');
    expect(text).toContain(`${pointLabel(KEY_POINTS_KO[0])} — 2명`);
    expect(text).toContain(`${pointLabel(KEY_POINTS_KO[2])} — 0명`);
    expect(text).not.toContain('놓친 포인트');
    expect(text).not.toContain('←');
    const withButton = reveal.find((c) => buttonsOf(c).length > 0);
    expect(buttonsOf(withButton)).toEqual([
      { type: 2, style: 1, label: '내 피드백', custom_id: `sa:fb:${roundId}` },
    ]);

    // No note went out by itself: no DM, nothing else in the thread or the channel.
    expect(world.dms(alice.id)).toEqual([]);
    expect(world.dms(bob.id)).toEqual([]);
    await world.tickUntil(MON_2000, 30 * 60_000);
    expect(world.posts(thread).filter((c) => c.status === 200)).toHaveLength(reveal.length);

    const revealMessage = world.fake
      .messagesIn(thread)
      .find((m) => JSON.stringify(m.components ?? []).includes(`sa:fb:${roundId}`));
    const press = (user: FakeUser) =>
      world.fake.buttonPress({
        user,
        channelId: thread,
        customId: `sa:fb:${roundId}`,
        message: revealMessage!,
      });
    const byAlice = press(alice);
    await world.settle();
    const aliceAnswer = lastAnswer(byAlice);
    expect(aliceAnswer.body).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    const aliceNote = embedText(aliceAnswer);
    expect(aliceNote).toContain('내 답변 피드백');
    expect(aliceNote).toContain('핵심 포인트 3개 중 2개를 짚었습니다.');
    expect(aliceNote).toMatch(/놓친 포인트[\s\S]*ENI\\?\(인스턴스\\?\)/);
    expect(aliceNote).toContain('← "상태 저장"');

    const byBob = press(bob);
    await world.settle();
    const bobNote = embedText(lastAnswer(byBob));
    expect(bobNote).toContain('핵심 포인트 3개 중 1개를 짚었습니다.');
    expect(bobNote).toContain('연습 문제');
    expect(bobNote).not.toContain('상태 저장"');

    const byCarol = press(carol);
    await world.settle();
    const carolNote = embedText(lastAnswer(byCarol));
    expect(carolNote).toContain('이 라운드에 제시간에 남긴 내 답변이 없습니다.');
    expect(carolNote).not.toContain('핵심 포인트 3개 중');
    // The notes went to the pressers only: still nothing new in the thread.
    expect(world.posts(thread).filter((c) => c.status === 200)).toHaveLength(reveal.length);
    expect(world.unpingable()).toBe(true);
  });
});

describe('Discord: writing a practice answer', () => {
  it('opens the modal before the database answers, turns the card into feedback and schedules the grade picked', async () => {
    const command = world.fake.slashCommand({ user: alice, channelId: CHANNEL, name: 'sa-quiz' });
    await world.settle();
    const card = lastAnswer(command);
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['답 보기', '답 써 보기']);
    const write = buttonsOf(card).find((b) => b.label === '답 써 보기')!;
    expect(write.custom_id).toBe(`sa:pw:${GRADED_KEY}`);

    // The database is now slower than Discord waits: the modal must not wait for it.
    gated.hold();
    const press = world.fake.buttonPress({
      user: alice,
      channelId: CHANNEL,
      customId: write.custom_id,
      message: shownMessage(card),
    });
    const modal = await world.fake.waitForCall((c) => c.path.startsWith(`/interactions/${press.id}/`));
    expect(gated.held()).toBe(0);
    expect(modal.body).toMatchObject({
      type: 9,
      data: { custom_id: `sa:pw:${GRADED_KEY}`, title: '연습 답변' },
    });
    const data = modal.body?.data as { components: { components: Record<string, unknown>[] }[] };
    expect(data.components[0]?.components[0]).toMatchObject({
      custom_id: 'answer',
      style: 2,
      label: '내 답변',
      placeholder: '내 답변 (면접에서 말하듯이)',
      required: true,
    });
    gated.release();
    await world.settle();

    const submit = world.fake.modalSubmit({
      user: alice,
      channelId: CHANNEL,
      customId: `sa:pw:${GRADED_KEY}`,
      fields: { answer: STRONG_ANSWER },
      message: shownMessage(card),
    });
    await world.settle();
    const feedback = lastAnswer(submit);
    // The card itself becomes the feedback (an update of the message the button was on).
    expect(feedback.body).toMatchObject({ type: 7, data: { allowed_mentions: { parse: [] } } });
    const text = embedText(feedback);
    expect(text).toContain('핵심 포인트 3개 중 2개를 짚었습니다.');
    expect(text).toContain('핵심 포인트로 본 추천 평가: "알맞음"');
    expect(text).toContain('ENI 단위로 적용되는 상태 저장 가상 방화벽.');
    expect(buttonsOf(feedback).map((b) => [b.label, b.style])).toEqual([
      ['다시', 2],
      ['어려움', 2],
      ['알맞음', 1],
      ['쉬움', 2],
    ]);
    const { workspaceId } = await world.channel(GUILD, CHANNEL);
    expect(await tdb.current.store.listPracticeCards(workspaceId, alice.id)).toEqual([]);

    const good = buttonsOf(feedback).find((b) => b.label === '알맞음')!;
    const grade = world.fake.buttonPress({
      user: alice,
      channelId: CHANNEL,
      customId: good.custom_id,
      message: shownMessage(feedback),
    });
    await world.settle();
    expect(lastAnswer(grade).body).toMatchObject({ type: 7 });
    expect(embedText(lastAnswer(grade))).toContain('"알맞음"(으)로 기록했습니다');
    const cards = await tdb.current.store.listPracticeCards(workspaceId, alice.id);
    expect(cards.map((c) => [c.questionKey, c.reps])).toEqual([[GRADED_KEY, 1]]);
    expect(world.unpingable()).toBe(true);
  });

  it('an English card opens an English modal; a submit Discord sends without the card is answered privately', async () => {
    await world.adminCommand(owner, CHANNEL, 'lang', [{ type: 3, name: 'language', value: 'en' }]);
    const command = world.fake.slashCommand({ user: alice, channelId: CHANNEL, name: 'sa-quiz' });
    await world.settle();
    const card = lastAnswer(command);
    const write = buttonsOf(card).find((b) => b.label === 'Write an answer')!;
    const press = world.fake.buttonPress({
      user: alice,
      channelId: CHANNEL,
      customId: write.custom_id,
      message: shownMessage(card),
    });
    await world.settle();
    expect(lastAnswer(press).body).toMatchObject({ type: 9, data: { title: 'Practice answer' } });

    const submit = world.fake.modalSubmit({
      user: alice,
      channelId: CHANNEL,
      customId: write.custom_id,
      fields: { answer: 'Security groups are stateful and have allow rules only.' },
    });
    await world.settle();
    const reply = lastAnswer(submit);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedText(reply)).toContain('You made 2 of 3 key points.');
  });
});
