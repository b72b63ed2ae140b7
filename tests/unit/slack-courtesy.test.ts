import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/adapters/slack/in-flight.js';
import { CourtesyCalls } from '../../src/adapters/slack/slack-courtesy.js';
import { recordingLogger } from '../helpers/logger.js';

/**
 * The calls after an ack, paced per workspace and method at Slack's tier. The tiers here are tiny
 * so the budget of a minute runs out at once; nothing waits for the minute to pass.
 */

const TIERS = { 'reactions.add': 3, 'chat.postEphemeral': 5, 'users.info': 5, 'views.publish': 5 };

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('courtesy calls after an ack', () => {
  it("run up to the tier at once, keep the rest waiting, and never hold up another workspace's", async () => {
    const log = recordingLogger();
    const inFlight = new InFlight(log);
    const calls = new CourtesyCalls(inFlight, log, TIERS);
    const started: string[] = [];
    const release = gate();
    for (let i = 0; i < 6; i++)
      calls.run('T_BUSY', 'reactions.add', 'reaction failed', async () => {
        started.push(`busy-${i}`);
        await release.promise;
      });
    calls.run('T_QUIET', 'reactions.add', 'reaction failed', async () => {
      started.push('quiet');
    });
    calls.run('T_BUSY', 'chat.postEphemeral', 'hint failed', async () => {
      started.push('hint');
    });
    await new Promise((resolve) => setImmediate(resolve));
    // Two at a time per workspace and method; the quiet workspace and the other method are not queued behind.
    expect(started).toEqual(expect.arrayContaining(['busy-0', 'busy-1', 'quiet', 'hint']));
    expect(started).not.toContain('busy-3');
    release.open();
    await new Promise((resolve) => setImmediate(resolve));
    // The tier (3 a minute here) is spent: the other three wait for the next minute.
    expect(started.filter((s) => s.startsWith('busy'))).toEqual(['busy-0', 'busy-1', 'busy-2']);
    expect(calls.waiting('T_BUSY', 'reactions.add')).toBe(3);
    // Stopping drops what waits: idle() does not wait a minute, and nothing is logged as failed.
    calls.stop();
    await inFlight.idle();
    expect(calls.waiting('T_BUSY', 'reactions.add')).toBe(0);
    expect(started.filter((s) => s.startsWith('busy'))).toHaveLength(3);
    expect(log.lines).toEqual([]);
  });

  it('log a failed call with its label only, and run calls made after a stop', async () => {
    const log = recordingLogger();
    const inFlight = new InFlight(log);
    const calls = new CourtesyCalls(inFlight, log, TIERS);
    calls.run('T1', 'users.info', 'name lookup failed', async () => {
      throw new Error('ratelimited');
    });
    await inFlight.idle();
    expect(log.lines).toEqual([
      { level: 'error', fields: { err: 'ratelimited' }, message: 'name lookup failed' },
    ]);
    calls.stop();
    let ran = false;
    calls.run('T1', 'users.info', 'name lookup failed', async () => {
      ran = true;
    });
    await inFlight.idle();
    expect(ran).toBe(true);
  });

  it('a stop drops only calls not started: one already running is waited for and its outcome kept', async () => {
    const log = recordingLogger();
    const inFlight = new InFlight(log);
    const calls = new CourtesyCalls(inFlight, log, TIERS);
    const release = gate();
    let finished = false;
    const running = calls.call('T1', 'chat.postEphemeral', async () => {
      await release.promise;
      finished = true;
      return 'sent';
    });
    await new Promise((resolve) => setImmediate(resolve));
    calls.stop();
    let idle = false;
    const waited = inFlight.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    release.open();
    await waited;
    expect(finished).toBe(true);
    await expect(running).resolves.toBe('sent');
  });
});
