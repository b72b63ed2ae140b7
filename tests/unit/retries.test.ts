import { describe, expect, it } from 'vitest';
import { attemptsExhausted, DEFAULT_RETRY_POLICY, retryDelayMs } from '../../src/core/retries.js';

const MINUTE = 60_000;

describe('retry policy', () => {
  it('doubles the delay from attempt to attempt, with jitter between half and all of it', () => {
    for (const [attempt, full] of [
      [1, 1],
      [2, 2],
      [3, 4],
      [4, 8],
    ] as const) {
      expect(retryDelayMs(DEFAULT_RETRY_POLICY, attempt, () => 0)).toBe((full * MINUTE) / 2);
      expect(retryDelayMs(DEFAULT_RETRY_POLICY, attempt, () => 1)).toBe(full * MINUTE);
    }
  });

  it("caps the delay and never undercuts a rate limit's Retry-After", () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 20, () => 1)).toBe(30 * MINUTE);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0, 10 * MINUTE)).toBe(10 * MINUTE);
  });

  it('stops after five attempts', () => {
    expect([1, 2, 3, 4, 5].map((n) => attemptsExhausted(DEFAULT_RETRY_POLICY, n))).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });
});
