import type { Logger } from '../core/logger.js';
import type { Store } from '../core/ports.js';
import { answerIntake } from './answer-intake.js';
import { answerStore } from './answer-store.js';
import { channelStore } from './channel-store.js';
import { digestStore } from './digest-store.js';
import { historyStore } from './history-store.js';
import { incidentStore } from './incident-store.js';
import { leaderboardStore } from './leaderboard-store.js';
import type { Db } from './open-database.js';
import { opsStore } from './ops-store.js';
import { practiceStore } from './practice-store.js';
import { privacyStore } from './privacy-store.js';
import { questionStore } from './question-store.js';
import { reminderStore } from './reminder-store.js';
import { retentionStore } from './retention-store.js';
import { revealStreaks } from './reveal-streaks.js';
import { roundStore } from './round-store.js';
import { streakStore } from './streak-store.js';
import { voteStore } from './vote-store.js';

/**
 * The core's Store on drizzle. Inside `transaction` every repository is rebuilt on the
 * transaction handle: PGlite has one connection, so touching the outer handle there would hang.
 */
export function createStore(db: Db, log?: Logger): Store {
  return {
    ...channelStore(db),
    ...incidentStore(db),
    ...questionStore(db),
    ...roundStore(db),
    ...answerStore(db),
    ...answerIntake(db, log),
    ...streakStore(db),
    ...revealStreaks(db),
    ...leaderboardStore(db),
    ...practiceStore(db),
    ...reminderStore(db),
    ...voteStore(db),
    ...historyStore(db),
    ...digestStore(db),
    ...privacyStore(db),
    ...retentionStore(db),
    ...opsStore(db),
    transaction: <T>(work: (store: Store) => Promise<T>): Promise<T> =>
      db.transaction((tx) => work(createStore(tx as unknown as Db, log))),
  };
}
