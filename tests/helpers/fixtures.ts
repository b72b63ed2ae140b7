import type { RevealProgress } from '../../src/core/ports.js';
import { type Channel, DEFAULT_SCHEDULE, type Round } from '../../src/core/types.js';

/** A subscribed channel as the store would return it, for tests of one adapter without a database. */
export function testChannel(overrides: Partial<Channel> = {}): Channel {
  return {
    id: 1,
    workspaceId: 1,
    platform: 'slack',
    workspaceExternalId: 'T0SAQUIZ',
    workspaceName: 'sa-quiz-test',
    externalId: 'C0GENERAL',
    name: 'general',
    subscribed: true,
    paused: false,
    pausedReason: null,
    schedule: DEFAULT_SCHEDULE,
    locale: 'ko',
    localeSet: false,
    categoryFilter: [],
    subscribedBy: 'U0ADMIN',
    privateAnswers: false,
    holidays: 'auto',
    offDays: [],
    reminderHours: null,
    digestDay: null,
    voteEmoji: 'star',
    notifyRole: null,
    ...overrides,
  };
}

/** A round of Monday 2025-03-10 (09:00–18:00 in Seoul), claimed and nothing else yet. */
export function testRound(overrides: Partial<Round> = {}): Round {
  return {
    id: 7,
    channelId: 1,
    kind: 'daily',
    localDate: '2025-03-10',
    questionId: 1,
    status: 'claimed',
    postAt: new Date('2025-03-10T00:00:00Z'),
    revealAt: new Date('2025-03-10T09:00:00Z'),
    claimedAt: new Date('2025-03-10T00:00:00Z'),
    postedAt: null,
    revealedAt: null,
    messageRef: null,
    revealPostedAt: null,
    streakChanges: [],
    unlistedStreakChanges: 0,
    postAttempts: 0,
    revealAttempts: 0,
    revealPartsSent: 0,
    revealGaveUpAt: null,
    ...overrides,
  };
}

/** A RevealProgress that remembers what the Chat reported, as the core's store would. */
export function recordedProgress(
  delivered = 0,
  lookFirst = false,
): RevealProgress & { readonly reported: number[] } {
  const reported: number[] = [];
  return {
    delivered,
    lookFirst,
    reported,
    partDelivered: async (count) => {
      reported.push(count);
    },
  };
}
