import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import type { FakeUser, RecordedCall } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { DiscordWorld } from './discord-world.js';

/**
 * `/sa-admin private on|off` on Discord and the "answer privately" button it puts on questions:
 * the modal opens at once (Discord allows 3 s and a modal cannot be deferred), before the
 * database is asked anything, and the answer is recorded on submit.
 */

const GUILD = '824000000000000001';
const CHANNEL = '824000000000000010';
const owner: FakeUser = { id: '724000000000000001', username: 'owner' };
const alice: FakeUser = { id: '724000000000000002', username: 'alice', locale: 'en-US' };

const MON_0850 = '2025-03-02T23:50:00Z';
const MON_0900 = '2025-03-03T00:00:00Z';
const MON_1200 = '2025-03-03T03:00:00Z';
const TUE_0900 = '2025-03-04T00:00:00Z';

/**
 * The test's store with its channel look-ups held back while `hold()` is on: a database slower
 * than Discord's 3 s, without waiting 3 s of wall-clock time.
 */
function slowChannelLookups(store: Store): { store: Store; hold(): void; release(): void; held(): number } {
  let gate: Promise<void> | null = null;
  let open = (): void => {};
  let waiting = 0;
  const held = async (): Promise<void> => {
    if (!gate) return;
    waiting += 1;
    await gate;
    waiting -= 1;
  };
  return {
    store: {
      ...store,
      findChannel: async (...args) => {
        await held();
        return store.findChannel(...args);
      },
      getChannel: async (...args) => {
        await held();
        return store.getChannel(...args);
      },
    },
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

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;
let slow: ReturnType<typeof slowChannelLookups>;

beforeEach(async () => {
  slow = slowChannelLookups(tdb.current.store);
  world = await DiscordWorld.start(tdb.current.store, {
    start: MON_0850,
    store: slow.store,
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
  });
});

afterEach(async () => {
  slow.release();
  await world.stop();
});

function buttonsOf(call: RecordedCall): { custom_id: string; label: string }[] {
  const rows = (call.body?.components as { components: { custom_id: string; label: string }[] }[]) ?? [];
  return rows.flatMap((r) => r.components);
}

/** The questions posted in the channel (not the reveal's announcements, which link the thread). */
function questionPosts(): RecordedCall[] {
  const announcement = (c: RecordedCall) =>
    (c.body?.embeds as { footer?: { text?: string } }[] | undefined)?.[0]?.footer?.text?.endsWith('↗') ===
    true;
  return world.posts(CHANNEL).filter((c) => c.status === 200 && !announcement(c));
}

describe('Discord: answering privately', () => {
  it('/sa-admin private on puts the button on questions, the modal opens before a slow database answers, and the answer counts', async () => {
    const on = world.answerText(
      await world.adminCommand(owner, CHANNEL, 'private', [{ type: 3, name: 'mode', value: 'on' }]),
    );
    expect(on).toContain('비공개로 답하기');
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    expect((await world.channel(GUILD, CHANNEL)).privateAnswers).toBe(true);

    world.clock.set(MON_0900);
    expect(await world.quiz.tick()).toMatchObject({ posted: 1 });
    const [question] = questionPosts();
    const [button] = buttonsOf(question!);
    expect(button).toMatchObject({ label: '비공개로 답하기' });
    const round = (await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL)))!;
    const ref = round.messageRef!;

    // The database now takes longer than Discord waits: the modal must not wait for it.
    world.clock.set(MON_1200);
    slow.hold();
    const press = world.fake.buttonPress({
      user: alice,
      channelId: CHANNEL,
      customId: button!.custom_id,
      message: world.fake.message(ref),
    });
    const modal = await world.fake.waitForCall((c) => c.path.startsWith(`/interactions/${press.id}/`));
    expect(slow.held()).toBe(0);
    // In the language of the button pressed (the channel's), not alice's English client.
    expect(modal.body).toMatchObject({
      type: 9,
      data: { custom_id: `sa:ap:${ref}`, title: '비공개로 답하기' },
    });
    const data = modal.body?.data as { components: { components: Record<string, unknown>[] }[] } | undefined;
    const input = data?.components[0]?.components[0];
    expect(input).toMatchObject({ label: '비공개 답변', required: true });
    expect(String(input?.placeholder)).toContain('공개 전까지');
    slow.release();
    await world.settle();

    const submit = world.fake.modalSubmit({
      user: alice,
      channelId: CHANNEL,
      customId: `sa:ap:${ref}`,
      fields: { answer: '비밀 답변' },
    });
    await world.settle();
    expect(world.answerText(submit)).toContain('답변이 기록되었습니다');
    expect(await tdb.current.store.listAnswers(round.id)).toMatchObject([
      { userId: alice.id, status: 'counted', text: '비밀 답변' },
    ]);
    // Nobody else sees it: nothing was posted in the thread.
    expect(world.posts(ref)).toHaveLength(0);

    // Off again: the next day's question has no button.
    await world.adminCommand(owner, CHANNEL, 'private', [{ type: 3, name: 'mode', value: 'off' }]);
    expect((await world.channel(GUILD, CHANNEL)).privateAnswers).toBe(false);
    await world.tickUntil(TUE_0900);
    const posts = questionPosts();
    expect(posts).toHaveLength(2);
    expect(buttonsOf(posts[1]!)).toEqual([]);
    expect(world.unpingable()).toBe(true);
  });

  it("a modal on an English question opens in English, whatever the presser's client speaks", async () => {
    await world.adminCommand(owner, CHANNEL, 'lang', [{ type: 3, name: 'language', value: 'en' }]);
    await world.adminCommand(owner, CHANNEL, 'private', [{ type: 3, name: 'mode', value: 'on' }]);
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    world.clock.set(MON_0900);
    await world.quiz.tick();
    const [button] = buttonsOf(questionPosts()[0]!);
    expect(button?.label).toBe('Answer privately');
    const round = await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL));
    // owner's Discord client is in Korean (the fake's default locale).
    const press = world.fake.buttonPress({
      user: owner,
      channelId: CHANNEL,
      customId: button!.custom_id,
      message: world.fake.message(round!.messageRef!),
    });
    await world.settle();
    const [modal] = world.fake.callsTo('POST', new RegExp(`^/interactions/${press.id}/`));
    expect(modal?.body).toMatchObject({ type: 9, data: { title: 'Answer privately' } });
  });
});
