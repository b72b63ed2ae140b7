import { expect } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { gradedQuestion } from '../../fakes/graded-question.js';
import type { EphemeralMessage, PostedMessage } from '../../fakes/slack-api.js';
import { blockAction } from '../../fakes/slack-payloads.js';
import { ADMIN, dailyRound, MON_0900, subscribe, tickAt } from './failure-world.js';
import { blocksText, buttons, type SlackHarness, threadReplyEvent } from './slack-harness.js';

/**
 * What the Slack feedback tests share: a channel whose only question has key points, Monday's
 * round open with people's answers in its thread, and reading back the reveal, the notes
 * (ephemeral messages) and what a press of the reveal's button answered.
 */

export const CHANNEL = 'C0GENERAL';
export const ALICE = 'U0ALICE';
export const BOB = 'U0BOB';
export const CAROL = 'U0CAROL';
/** Monday 10:00 in Seoul: answers come in. */
export const MON_1000 = '2025-03-10T01:00:00Z';

let seq = 0;

/** Subscribes, makes the graded question the whole bank and posts Monday's round; returns its thread. */
export async function openGradedRound(slack: SlackHarness, store: Store): Promise<string> {
  slack.fake.addUser({ id: ADMIN, name: 'Admin Kim', isAdmin: true });
  for (const [id, name] of [
    [ALICE, 'Alice'],
    [BOB, 'Bob'],
    [CAROL, 'Carol'],
  ] as const)
    slack.fake.addUser({ id, name });
  await store.saveQuestions(null, [gradedQuestion], 'test');
  await subscribe(slack, CHANNEL);
  expect(await tickAt(slack, MON_0900)).toMatchObject({ posted: 1, failed: 0 });
  const round = await dailyRound(store, CHANNEL, '2025-03-10');
  if (!round?.messageRef) throw new Error('no round was posted');
  slack.clock.set(MON_1000);
  return round.messageRef;
}

/** `user` answers in the round's thread. */
export async function answer(slack: SlackHarness, thread: string, user: string, text: string) {
  seq += 1;
  const delivery = await slack.send.event(
    threadReplyEvent({
      channel: CHANNEL,
      user,
      threadTs: thread,
      ts: `1741570000.${String(seq).padStart(6, '0')}`,
      text,
      eventId: `EvFb${seq}`,
    }),
  );
  expect(delivery.status).toBe(200);
  await slack.adapter.idle();
}

/** The bot's replies in the thread after the question: the reveal's parts and its announcement. */
export function revealMessages(slack: SlackHarness, thread: string): PostedMessage[] {
  return slack.fake.messagesIn(CHANNEL).filter((m) => m.threadTs === thread && m.author === undefined);
}

/** What the reveal says, as a reader sees it. */
export function revealText(slack: SlackHarness, thread: string): string {
  return revealMessages(slack, thread)
    .map((m) => blocksText(m.blocks) || m.text)
    .join('\n');
}

/** The reveal's message that carries the feedback button. */
export function feedbackButtonMessage(slack: SlackHarness, thread: string): PostedMessage {
  const found = revealMessages(slack, thread).find((m) =>
    buttons(m.blocks).some((b) => b.actionId === 'feedback.show'),
  );
  if (!found) throw new Error('the reveal has no feedback button');
  return found;
}

/** Ephemeral messages Slack showed `user`. */
export function notesTo(slack: SlackHarness, user: string): EphemeralMessage[] {
  return slack.fake.ephemerals.filter((e) => e.user === user);
}

export function noteText(note: EphemeralMessage | undefined): string {
  return note ? blocksText(note.blocks) || note.text : '';
}

/** `chat.postEphemeral` calls (answered or refused) for `user`. */
export function noteCalls(slack: SlackHarness, user?: string) {
  return slack.fake.callsTo('chat.postEphemeral').filter((c) => user === undefined || c.body.user === user);
}

/** `user` presses the reveal's "내 피드백" button; the payload, to replay it. */
export function feedbackPress(slack: SlackHarness, thread: string, user: string, response: string) {
  const message = feedbackButtonMessage(slack, thread);
  const button = buttons(message.blocks).find((b) => b.actionId === 'feedback.show');
  return blockAction({
    userId: user,
    channelId: CHANNEL,
    actionId: 'feedback.show',
    value: button?.value ?? '',
    responseUrl: slack.fake.responseUrl(response),
    messageTs: message.ts,
    threadTs: thread,
    ephemeral: false,
    label: '내 피드백',
  });
}
