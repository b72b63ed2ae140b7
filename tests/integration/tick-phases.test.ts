import { describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../src/adapters/console/console-chat.js';
import { Admin } from '../../src/core/admin.js';
import { parseAdminCommand } from '../../src/core/commands.js';
import type { Chat, Store } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { Platform } from '../../src/core/types.js';
import { FixedClock } from '../helpers/clock.js';
import { GENERAL } from '../helpers/console-world.js';
import { useTestDatabase } from '../helpers/database.js';
import { recordingLogger } from '../helpers/logger.js';

const tdb = useTestDatabase({ bundledBank: true });

/**
 * A tick's courtesy phases (the deadline reminder, the weekly digest) cannot hold up each other
 * or the daily loop: with the reminders' query failing at every tick, the question is still
 * posted and revealed, the digest still goes out, and the failure is logged each time.
 */
describe('a tick whose reminder phase fails', () => {
  it('still posts, reveals and sends the digest, and logs the failure', async () => {
    const store = new Proxy(tdb.current.store, {
      get(target, key, receiver) {
        if (key === 'listRemindersDue') return async () => Promise.reject(new Error('connection lost'));
        return Reflect.get(target, key, receiver);
      },
    }) as Store;
    const out: string[] = [];
    const log = recordingLogger();
    const clock = new FixedClock('2026-11-22T23:00:00Z'); // Monday 08:00 in Seoul
    const chats = new Map<Platform, Chat>([['console', new ConsoleChat((t) => out.push(t))]]);
    const quiz = new Quiz({ store, clock, chats, logger: log, random: () => 0 });
    const admin = new Admin({ quiz, store, clock, configuredAdmins: [] });
    const me = { userId: 'me', name: 'me', isPlatformAdmin: true };
    for (const command of ['subscribe', 'digest mon'])
      expect((await admin.run(GENERAL, me, parseAdminCommand(command))).view.tone).toBe('success');

    clock.set('2026-11-23T00:00:00Z');
    expect(await quiz.tick(clock.now())).toMatchObject({ posted: 1 });
    clock.set('2026-11-23T09:00:00Z');
    expect(await quiz.tick(clock.now())).toMatchObject({ revealed: 1 });
    expect(out.join('\n')).toContain('주간 요약');
    expect(log.lines.filter((l) => l.message === 'deadline reminders failed')).toHaveLength(2);
  });
});
