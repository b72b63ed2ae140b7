import type { FailureKind, Problem } from './failures.js';

/**
 * An incident: a channel the platform keeps refusing, from the first failure until it works
 * again or an admin resumes it. There is at most one open incident per channel (a database
 * constraint), and only the process that opened it tells the admin, so the admin hears about a
 * problem once, whatever the number of attempts, restarts or replicas.
 */

/** How the admin was told: by DM, in the channel itself, or not at all (then only status and the log say it). */
export type NoticeDelivery = 'pending' | 'dm' | 'channel' | 'unreachable';

export interface NewIncident {
  readonly kind: FailureKind;
  readonly problem: Problem;
  /** What is missing or which kind of channel it is, for the admin's eyes. */
  readonly detail: string;
  /** True when the channel was paused for it (nothing is sent there until `resume`). */
  readonly pauses: boolean;
}

export interface Incident extends NewIncident {
  readonly id: number;
  readonly channelId: number;
  readonly openedAt: Date;
  readonly notice: NoticeDelivery;
  readonly noticeAt: Date | null;
}
