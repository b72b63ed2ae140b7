import { ConsoleChat } from '../../src/adapters/console/console-chat.js';
import { ConsoleSession } from '../../src/adapters/console/console-session.js';
import { Admin } from '../../src/core/admin.js';
import type { DigestChartRenderer } from '../../src/core/digest.js';
import type { Grader } from '../../src/core/grading/types.js';
import type { HolidayCalendar } from '../../src/core/holidays.js';
import type { Chat, Store } from '../../src/core/ports.js';
import { Quiz } from '../../src/core/quiz.js';
import type { ChannelAddress, Platform } from '../../src/core/types.js';
import { FixedClock } from './clock.js';
import { sequence } from './questions.js';

export const GENERAL: ChannelAddress = {
  platform: 'console',
  workspaceId: 'local',
  channelId: 'general',
  channelName: 'general',
};

/** The core wired to the console adapter on a real store, with a clock the test moves. */
export function consoleWorld(
  store: Store,
  start: string,
  chat?: Chat,
  options: {
    grader?: Grader;
    holidays?: HolidayCalendar;
    digestChart?: DigestChartRenderer;
    digestDir?: string;
  } = {},
) {
  const clock = new FixedClock(start);
  const out: string[] = [];
  const write = (text: string): void => {
    out.push(text);
  };
  const consoleChat = chat ?? new ConsoleChat(write, undefined, options.digestDir);
  const chats = new Map<Platform, Chat>([['console', consoleChat]]);
  const quiz = new Quiz({
    store,
    clock,
    chats,
    random: sequence(0.42, 0.17, 0.73),
    ...(options.grader ? { grader: options.grader } : {}),
    ...(options.holidays ? { holidays: options.holidays } : {}),
    ...(options.digestChart ? { digestChart: options.digestChart } : {}),
  });
  const admin = new Admin({ quiz, store, clock, configuredAdmins: [] });
  const session = new ConsoleSession({ quiz, admin, clock, write });
  return {
    clock,
    quiz,
    admin,
    session,
    out,
    /** Everything printed since the last call. */
    take(): string {
      return out.splice(0, out.length).join('\n');
    },
    /** Types each line at the prompt, in order. */
    async type(...lines: string[]): Promise<string> {
      for (const line of lines) await session.handle(line);
      return out.splice(0, out.length).join('\n');
    },
    /** Moves the clock and runs the scheduler's tick, as the heartbeat would. */
    async at(iso: string) {
      clock.set(iso);
      return quiz.tick(clock.now());
    },
  };
}
