/**
 * How often, and how far apart, a failed post or reveal is tried again. Delays grow
 * exponentially with jitter (so replicas and channels do not retry in lockstep) and stop after
 * `maxAttempts`; a rate limit's own Retry-After is never undercut.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the work is given up. */
  readonly maxAttempts: number;
  /** The delay after the first failure, before jitter. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** 5 attempts over about half an hour: 1, 2, 4, 8 minutes apart (each between half and all of it). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  firstDelayMs: 60_000,
  maxDelayMs: 30 * 60_000,
};

/**
 * The wait after failed attempt number `attempt` (1 = the first): "equal jitter", between half
 * and all of the exponential delay, and at least `retryAfterMs`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs = 0,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.max(Math.round(jittered), retryAfterMs);
}

/** True when `attempts` failed attempts leave none to make. */
export function attemptsExhausted(policy: RetryPolicy, attempts: number): boolean {
  return attempts >= policy.maxAttempts;
}
