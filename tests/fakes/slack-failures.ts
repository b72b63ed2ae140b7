import type { SlackCall } from './slack-http.js';

/**
 * How the fake Slack misbehaves on request: failures a test injects per Web API method (a 429
 * with Retry-After, a platform error such as `not_in_channel`, a 500 with or without doing the
 * work first), for every call or only the calls a predicate picks, and methods slowed down.
 * Used by FakeSlack (slack-api.ts) and its HTTP routing (slack-http.ts).
 */

export type InjectedFailure =
  | { readonly status: 429; readonly retryAfter: number }
  /** `{ok: false, error}`, plus any other fields Slack sends with it (`needed` for missing_scope). */
  | { readonly error: string; readonly fields?: Readonly<Record<string, unknown>> }
  /** A 500; with `afterPosting` the call did its work first (the answer was lost on the way back). */
  | { readonly status: 500; readonly afterPosting?: boolean };

/** Which calls an injected failure hits, and how many of them. */
export interface FailureOptions {
  /** How many matching calls fail (default 1); `Infinity` for every one from now on. */
  readonly times?: number;
  /** Only calls this accepts fail (default: every call to the method). */
  readonly when?: (call: SlackCall) => boolean;
}

interface FailureRule {
  readonly failure: InjectedFailure;
  readonly when: ((call: SlackCall) => boolean) | undefined;
  remaining: number;
}

export class SlackFailures {
  private readonly rules = new Map<string, FailureRule[]>();
  private readonly delays = new Map<string, number>();

  /**
   * The next `times` calls to `method` (those `when` accepts, if given) fail this way, then calls
   * succeed again. Rules queue up in the order given; a call meets the first rule it matches.
   */
  fail(method: string, failure: InjectedFailure, times: number | FailureOptions = 1): void {
    const options = typeof times === 'number' ? { times } : times;
    const rules = this.rules.get(method) ?? [];
    rules.push({ failure, when: options.when, remaining: options.times ?? 1 });
    this.rules.set(method, rules);
  }

  /** The failure the first matching rule holds for this call, used up by one. */
  take(call: SlackCall): InjectedFailure | undefined {
    const rules = this.rules.get(call.method);
    const rule = rules?.find((r) => r.remaining > 0 && (r.when === undefined || r.when(call)));
    if (!rules || !rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules.splice(rules.indexOf(rule), 1);
    return rule.failure;
  }

  /** Drops the failures still queued for `method`: its calls succeed from now on. */
  clear(method: string): void {
    this.rules.delete(method);
  }

  /** Every later call to `method` is answered `ms` late; 0 removes the delay. */
  slowDown(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
  }

  /** How late calls to `method` are answered, if they are slowed down. */
  delayOf(method: string): number | undefined {
    return this.delays.get(method);
  }
}
