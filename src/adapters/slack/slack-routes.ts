import { MultipleListenerError } from '@slack/bolt';

/**
 * Listeners filed by the name a delivery carries: an event's type, a command, an action's id, a
 * view's callback id. Bolt runs every registered listener's middleware chain on every delivery so
 * that each can decide whether it matches: with twenty-seven listeners, an answer at 09:00 went
 * through twenty-seven chains of promises (each copying the request's arguments) to reach the
 * one that stores it. QuizBoltApp registers one Bolt listener per kind and hands each delivery
 * to the listeners of its name only (src/adapters/slack/slack-app.ts).
 */
export class Routes<L> {
  private readonly named = new Map<string, L[]>();
  private readonly patterns: { readonly pattern: RegExp; readonly listener: L }[] = [];

  get empty(): boolean {
    return this.named.size === 0 && this.patterns.length === 0;
  }

  add(matcher: string | RegExp, listener: L): void {
    if (typeof matcher !== 'string') {
      this.patterns.push({ pattern: matcher, listener });
      return;
    }
    const known = this.named.get(matcher);
    if (known) known.push(listener);
    else this.named.set(matcher, [listener]);
  }

  /** The listeners of `name`: those filed under it, then the patterns it matches (as Bolt matches them). */
  matching(name: unknown): L[] {
    if (typeof name !== 'string') return [];
    const found = [...(this.named.get(name) ?? [])];
    for (const { pattern, listener } of this.patterns) {
      pattern.lastIndex = 0;
      if (pattern.test(name)) found.push(listener);
    }
    return found;
  }
}

/**
 * Runs the listeners together, as Bolt runs matching listeners; after all settle, one failure is
 * thrown as it is and several as Bolt's MultipleListenerError holding each.
 */
export async function runAll<A>(listeners: readonly ((args: A) => unknown)[], args: A): Promise<void> {
  if (listeners.length === 1) {
    await listeners[0]?.(args);
    return;
  }
  const settled = await Promise.allSettled(listeners.map((listener) => listener(args)));
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed.length === 1) throw failed[0]?.reason;
  if (failed.length > 1) throw new MultipleListenerError(failed.map((f) => f.reason as Error));
}
