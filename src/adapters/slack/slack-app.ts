import { App, type AppOptions, type ReceiverEvent } from '@slack/bolt';
import type { InFlight } from './in-flight.js';

function isEventsApiDelivery(body: Readonly<Record<string, unknown>>): boolean {
  return body.type === 'event_callback';
}

/**
 * Bolt's App with one change in when Events API deliveries are acknowledged. Bolt acks them
 * before any listener runs, so an answer that failed to reach the database would be lost: Slack
 * never retries an acked event. Here the ack waits until the listeners are done; when one throws,
 * the HTTP receiver answers 500 and Socket Mode leaves the envelope unacked, and Slack retries.
 * Listeners therefore keep slow follow-ups (reactions, file previews) off that path.
 * Commands and interactions are unchanged: their listeners ack first, then work.
 */
export class QuizBoltApp extends App {
  constructor(
    options: AppOptions,
    private readonly inFlight: InFlight,
  ) {
    super(options);
  }

  override processEvent(event: ReceiverEvent): Promise<void> {
    const work = isEventsApiDelivery(event.body) ? this.ackAfterListeners(event) : super.processEvent(event);
    return this.inFlight.track(work);
  }

  private async ackAfterListeners(event: ReceiverEvent): Promise<void> {
    let acked = false;
    let response: unknown;
    await super.processEvent({
      ...event,
      ack: async (body?: unknown) => {
        acked = true;
        response = body;
      },
    });
    if (acked) await event.ack(response);
  }
}
