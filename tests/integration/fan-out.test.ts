import { describe, expect, it } from 'vitest';
import { FAN_OUT, fanOut } from '../../src/core/fan-out.js';
import type { Chat, Store } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { Channel, Platform, Round } from '../../src/core/types.js';
import type { View } from '../../src/core/views.js';
import { FixedClock } from '../helpers/clock.js';
import { useTestDatabase } from '../helpers/database.js';
import { ScriptedChat } from '../helpers/scripted-chat.js';

const tdb = useTestDatabase({ bundledBank: true });

/**
 * A platform whose question posts wait at a gate per workspace until the test opens it (no real
 * time passes): it records how many posts are in flight per workspace, in all and per channel.
 */
class GatedChat extends ScriptedChat {
  private readonly gates = new Map<string, { open: Promise<void>; release: () => void }>();
  private readonly waiters: { count: number; workspace: string; resolve: () => void }[] = [];
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  readonly inFlightChannels = new Set<string>();
  maxTotal = 0;
  twiceInOneChannel = false;
  readonly done = new Map<string, number>();

  close(workspace: string): void {
    let release = (): void => {};
    const open = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.gates.set(workspace, { open, release });
  }

  open(workspace: string): void {
    this.gates.get(workspace)?.release();
  }

  /** Resolves once `count` posts of `workspace` got out. */
  posted(workspace: string, count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ count, workspace, resolve });
      this.wake();
    });
  }

  /** Resolves once `count` posts of `workspace` are waiting at its gate. */
  async waiting(workspace: string, count: number): Promise<void> {
    while ((this.inFlight.get(workspace) ?? 0) < count) await new Promise((r) => setImmediate(r));
  }

  private wake(): void {
    for (const w of [...this.waiters])
      if ((this.done.get(w.workspace) ?? 0) >= w.count) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
  }

  override async postQuestion(channel: Channel, round: Round, question: View): Promise<string> {
    const ws = channel.workspaceExternalId;
    const now = (this.inFlight.get(ws) ?? 0) + 1;
    this.inFlight.set(ws, now);
    this.maxInFlight.set(ws, Math.max(this.maxInFlight.get(ws) ?? 0, now));
    this.maxTotal = Math.max(
      this.maxTotal,
      [...this.inFlight.values()].reduce((a, b) => a + b, 0),
    );
    if (this.inFlightChannels.has(channel.externalId)) this.twiceInOneChannel = true;
    this.inFlightChannels.add(channel.externalId);
    try {
      await this.gates.get(ws)?.open;
      return await super.postQuestion(channel, round, question);
    } finally {
      this.inFlight.set(ws, (this.inFlight.get(ws) ?? 1) - 1);
      this.inFlightChannels.delete(channel.externalId);
      this.done.set(ws, (this.done.get(ws) ?? 0) + 1);
      this.wake();
    }
  }
}

async function subscribe(store: Store, workspace: string, count: number): Promise<void> {
  const ws = await store.ensureWorkspace('console', workspace, workspace);
  for (let i = 0; i < count; i++) {
    const channel = await store.ensureChannel(ws, `${workspace}-c${i}`, `c${i}`);
    await store.updateChannel(channel.id, { subscribed: true });
  }
}

describe('posting fans out by workspace', () => {
  it('a workspace whose posts hang holds only its own share: the others are posted meanwhile', async () => {
    const store = tdb.current.store;
    await subscribe(store, 'slow', 10);
    await subscribe(store, 'fast', 3);
    const chat = new GatedChat();
    chat.close('slow');
    const clock = new FixedClock('2026-11-23T00:00:00Z'); // Monday 09:00 in Seoul
    const quiz = new Quiz({
      store,
      clock,
      chats: new Map<Platform, Chat>([['console', chat]]),
      random: () => 0.5,
    });

    const tick = quiz.tick();
    // The fast workspace's three questions get out while every slot of the slow one is stuck.
    await chat.posted('fast', 3);
    await chat.waiting('slow', FAN_OUT.perWorkspace);
    expect(chat.done.get('slow') ?? 0).toBe(0);
    expect(chat.inFlight.get('slow')).toBe(FAN_OUT.perWorkspace);
    chat.open('slow');
    expect(await tick).toEqual({ posted: 13, revealed: 0, skipped: 0, failed: 0 });
    expect(chat.maxInFlight.get('slow')).toBe(FAN_OUT.perWorkspace);
    expect(chat.maxInFlight.get('fast')).toBeLessThanOrEqual(FAN_OUT.perWorkspace);
    expect(chat.maxTotal).toBeLessThanOrEqual(FAN_OUT.total);
    expect(chat.twiceInOneChannel).toBe(false);
    // Exactly one question per channel, and a second tick posts nothing more.
    expect(chat.sent.filter((s) => s.kind === 'question')).toHaveLength(13);
    expect(await quiz.tick()).toEqual({ posted: 0, revealed: 0, skipped: 0, failed: 0 });
  });
});

describe('fanOut', () => {
  it('runs one channel’s items one after another, and every item even when one fails', async () => {
    const order: string[] = [];
    let inChannel = 0;
    let overlap = false;
    const items = [
      { workspaceId: 1, id: 10, name: 'a1' },
      { workspaceId: 1, id: 10, name: 'a2' },
      { workspaceId: 1, id: 11, name: 'b' },
      { workspaceId: 2, id: 20, name: 'c' },
    ];
    const run = fanOut(
      items,
      (i) => i,
      async (item) => {
        if (item.id === 10) {
          inChannel++;
          if (inChannel > 1) overlap = true;
        }
        await new Promise((r) => setImmediate(r));
        if (item.id === 10) inChannel--;
        order.push(item.name);
        if (item.name === 'b') throw new Error('b failed');
      },
      { perWorkspace: 2, total: 3 },
    );
    await expect(run).rejects.toThrow('b failed');
    expect([...order].sort()).toEqual(['a1', 'a2', 'b', 'c']);
    expect(order.indexOf('a1')).toBeLessThan(order.indexOf('a2'));
    expect(overlap).toBe(false);
  });
});
