import { App, type AppOptions, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import type { InFlight } from './in-flight.js';
import { Routes, runAll } from './slack-routes.js';

/** Slack wants an answer within 3 s; past that it counts the delivery as failed and retries. */
export const DEFAULT_ACK_DEADLINE_MS = 2_500;

function isEventsApiDelivery(body: Readonly<Record<string, unknown>>): boolean {
  return body.type === 'event_callback';
}

/**
 * Slack's notice that it is dropping this app's events for the rest of the minute (more than
 * 30,000 deliveries an hour for a workspace). It comes to the events URL like an event, but Bolt
 * knows no such type and would leave it unanswered.
 */
function isAppRateLimited(body: Readonly<Record<string, unknown>>): boolean {
  return body.type === 'app_rate_limited';
}

type RouteKind = 'event' | 'command' | 'action' | 'view';

/** What Bolt hands a listener of any kind: only the fields that name the delivery are read here. */
interface ListenerArgs {
  readonly event?: { readonly type?: unknown };
  readonly command?: { readonly command?: unknown };
  readonly payload?: { readonly action_id?: unknown };
  readonly view?: { readonly callback_id?: unknown };
}
type Listener = (args: ListenerArgs) => unknown;

export interface EventAckOptions {
  readonly log: Logger;
  /** How long a delivery may wait for its listeners before Slack is told to retry it. */
  readonly deadlineMs?: number;
}

/** Thrown (and answered 500, or left unacked in Socket Mode) when the listeners outlast the deadline. */
export class AckDeadlineError extends Error {
  constructor(eventId: unknown, ms: number) {
    super(`event ${String(eventId)} still being processed after ${ms} ms; Slack will retry it`);
    this.name = 'AckDeadlineError';
  }
}

/**
 * Bolt's App with one change in when Events API deliveries are acknowledged. Bolt acks them
 * before any listener runs, so an answer that failed to reach the database would be lost: Slack
 * never retries an acked event. Here the ack waits until the listeners are done; when one throws,
 * the HTTP receiver answers 500 and Socket Mode leaves the envelope unacked, and Slack retries.
 * Listeners therefore keep slow follow-ups (reactions, hints, file previews) off that path.
 *
 * A slow database must not keep Slack waiting past its 3 s either: after `deadlineMs` the
 * delivery is refused the same way (Slack retries it; the retry finds the answer if the first
 * attempt stored it after all) while the first attempt runs on. `app_rate_limited` notices are
 * acknowledged and logged. Commands and interactions are unchanged: their listeners ack first.
 *
 * Listeners are found by name (src/adapters/slack/slack-routes.ts): one Bolt listener per kind
 * (events, commands, actions, views) hands each delivery to the listeners of its name only.
 */
export class QuizBoltApp extends App {
  private readonly log: Logger;
  private readonly deadlineMs: number;
  private readonly routes: Record<RouteKind, Routes<Listener>> = {
    event: new Routes(),
    command: new Routes(),
    action: new Routes(),
    view: new Routes(),
  };

  constructor(
    options: AppOptions,
    private readonly inFlight: InFlight,
    ack: EventAckOptions,
  ) {
    super(options);
    this.log = ack.log;
    this.deadlineMs = ack.deadlineMs ?? DEFAULT_ACK_DEADLINE_MS;
  }

  // Bolt's listener methods, overridden to file a listener under its name (see Routes). Each
  // implements all of Bolt's overloads; constraint objects and listener middleware go to Bolt.
  // biome-ignore lint/suspicious/noExplicitAny: Bolt's overloads
  override event(eventName: any, ...listeners: any[]): void {
    if (!this.route('event', eventName, listeners)) super.event(eventName, ...listeners);
  }

  // biome-ignore lint/suspicious/noExplicitAny: Bolt's overloads
  override command(commandName: any, ...listeners: any[]): void {
    if (!this.route('command', commandName, listeners)) super.command(commandName, ...listeners);
  }

  // biome-ignore lint/suspicious/noExplicitAny: Bolt's overloads
  override action(actionId: any, ...listeners: any[]): void {
    if (!this.route('action', actionId, listeners)) super.action(actionId, ...listeners);
  }

  // biome-ignore lint/suspicious/noExplicitAny: Bolt's overloads
  override view(callbackId: any, ...listeners: any[]): void {
    if (!this.route('view', callbackId, listeners)) super.view(callbackId, ...listeners);
  }

  /** Files a lone listener of a name or pattern; false when Bolt must take it as it is. */
  private route(kind: RouteKind, matcher: unknown, listeners: readonly unknown[]): boolean {
    const [listener, ...more] = listeners;
    const routable = typeof matcher === 'string' || matcher instanceof RegExp;
    if (!routable || typeof listener !== 'function' || more.length > 0) return false;
    const routes = this.routes[kind];
    if (routes.empty) this.dispatch(kind);
    routes.add(matcher, listener as Listener);
    return true;
  }

  /** The one Bolt listener of a kind: every delivery of that kind, to the listeners of its name. */
  private dispatch(kind: RouteKind): void {
    const all = /(?:)/;
    const to =
      (name: (args: ListenerArgs) => unknown) =>
      (args: unknown): Promise<void> =>
        runAll(this.routes[kind].matching(name(args as ListenerArgs)), args as ListenerArgs);
    if (kind === 'event')
      super.event(
        all,
        to((a) => a.event?.type),
      );
    else if (kind === 'command')
      super.command(
        all,
        to((a) => a.command?.command),
      );
    // A block action's id (Bolt matches only block actions against an action id).
    else if (kind === 'action')
      super.action(
        all,
        to((a) => a.payload?.action_id),
      );
    // A view's callback id; a pattern listener takes view_submission only, as a string one does.
    else
      super.view(
        all,
        to((a) => a.view?.callback_id),
      );
  }

  override processEvent(event: ReceiverEvent): Promise<void> {
    if (isAppRateLimited(event.body)) return this.inFlight.track(this.appRateLimited(event));
    const work = isEventsApiDelivery(event.body) ? this.ackAfterListeners(event) : super.processEvent(event);
    return this.inFlight.track(work);
  }

  private async appRateLimited(event: ReceiverEvent): Promise<void> {
    const { team_id: teamId, minute_rate_limited: minute } = event.body as Record<string, unknown>;
    this.log.warn(
      { teamId, minuteRateLimited: minute },
      "Slack is dropping this app's events for the rest of this minute (app_rate_limited); answers sent meanwhile are not seen",
    );
    await event.ack();
  }

  private async ackAfterListeners(event: ReceiverEvent): Promise<void> {
    let acked = false;
    let response: unknown;
    const listeners = super.processEvent({
      ...event,
      ack: async (body?: unknown) => {
        acked = true;
        response = body;
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.deadlineMs);
    });
    try {
      if ((await Promise.race([listeners.then(() => 'done' as const), deadline])) === 'late') {
        const eventId = (event.body as { event_id?: unknown }).event_id;
        // It runs on (tracked, so stop() waits for it); its outcome is only logged now.
        this.inFlight.spawn('event listener failed after its deadline', () => listeners);
        this.log.warn({ eventId, deadlineMs: this.deadlineMs }, 'event listeners too slow; Slack will retry');
        throw new AckDeadlineError(eventId, this.deadlineMs);
      }
    } finally {
      clearTimeout(timer);
    }
    if (acked) await event.ack(response);
  }
}
