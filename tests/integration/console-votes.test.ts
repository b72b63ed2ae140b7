import { describe, expect, it } from 'vitest';
import { VOTE_EMOJIS_TTL_MS } from '../../src/core/votes.js';
import { consoleWorld } from '../helpers/console-world.js';
import { countingStore } from '../helpers/counting-store.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase({ bundledBank: true });

describe('votes in the console', () => {
  it('/vote stars a reply as the current user; the reveal quotes the most-voted answer', async () => {
    // Monday 2026-11-23, 08:00 KST.
    const w = consoleWorld(tdb.current.store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    await w.at('2026-11-23T00:00:00Z');
    expect(await w.type('alice: 보안 그룹은 상태 저장 방화벽입니다')).toContain('r1');
    expect(await w.type('bob: 잘 모르겠어요')).toContain('r2');
    expect(await w.type('/as carol', '/vote r1')).toContain('⭐ counted');
    expect(await w.type('/as bob', '/vote r1')).toContain('⭐ counted');
    expect(await w.type('/as alice', '/vote r1')).toContain('not counted');
    expect(await w.type('/as carol', '/vote r2', '/unvote r2')).toContain('⭐ taken back');
    w.take();
    await w.at('2026-11-23T09:00:00Z');
    const reveal = w.take();
    expect(reveal).toContain('⭐ 베스트 답변 (투표 2표)');
    expect(reveal).toContain('alice — “보안 그룹은 상태 저장 방화벽입니다”');
  });
});

describe('reactions that are not votes', () => {
  it('cost no query; a vote costs one lookup and one write; a new vote emoji counts at once', async () => {
    const counting = countingStore(tdb.current.store);
    const w = consoleWorld(counting.store, '2026-11-22T23:00:00Z');
    await w.type('/sa-admin subscribe');
    await w.at('2026-11-23T00:00:00Z');
    expect(await w.type('alice: 보안 그룹은 상태 저장 방화벽입니다')).toContain('r1');
    const address = { platform: 'console', workspaceId: 'local', channelId: 'general' } as const;
    const react = (emoji: string, messageRef = 'not-an-answer') =>
      w.quiz.vote(address, {
        messageRef,
        voterId: 'carol',
        emoji,
        add: true,
        voterIsBot: async () => false,
      });
    expect(await react('thumbsup')).toBe('ignored');
    counting.reset();
    for (let i = 0; i < 50; i++) expect(await react('eyes')).toBe('ignored');
    expect(counting.reads.calls).toBe(0);

    const store = tdb.current.store;
    const channel = await store.findChannel('console', 'local', 'general');
    const [round] = await store.listOpenRounds(channel?.id ?? 0);
    const [alice] = await store.listAnswers(round?.id ?? 0);
    const ref = alice?.messageRef ?? '';
    counting.reset();
    expect(await react('star', ref)).toBe('added');
    expect(counting.reads.calls).toBe(2);
    // After the list's lifetime it is asked for once more.
    w.clock.set(new Date(w.clock.now().getTime() + VOTE_EMOJIS_TTL_MS));
    counting.reset();
    await react('eyes');
    await react('eyes');
    expect(counting.reads.calls).toBe(1);

    // The admin switches to :tada: here: no wait for the list to expire.
    expect(await w.type('/sa-admin vote-emoji tada')).toContain('🎉');
    counting.reset();
    expect(await react('tada', ref)).toBe('ignored'); // carol's vote is already there
    expect(counting.reads.calls).toBe(3);
    expect(await react('star', ref)).toBe('ignored');
  });
});
