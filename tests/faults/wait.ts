import { setTimeout as sleep } from 'node:timers/promises';

/** Bounded waiting for whole-process tests: poll a condition, never wait on luck. */

export interface EventuallyOptions {
  /** What is awaited, for the error message. */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Describes the state seen last, appended to the error on timeout. */
  readonly describe?: () => Promise<string> | string;
}

/**
 * Resolves as soon as `check` returns true (polled every `intervalMs`); throws after `timeoutMs`
 * with what was awaited and the last state seen. A `check` that throws counts as "not yet" (for
 * example an HTTP probe against a process still starting) but its error is reported on timeout.
 */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  options: EventuallyOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 25);
  }
  let state = '';
  try {
    state = options.describe ? `; last seen: ${await options.describe()}` : '';
  } catch (error) {
    state = `; (describing the state failed: ${String(error)})`;
  }
  const cause = lastError === undefined ? '' : `; last error: ${String(lastError)}`;
  throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${state}${cause}`);
}

/** Lets running processes act on the current state for a while (a few scheduler ticks). */
export function settle(ms: number): Promise<void> {
  return sleep(ms);
}
