import type { Chat } from '../core/ports.js';

/**
 * How a platform connection stands, as `/healthz` reports it. `ok` and `no_message_content`
 * (Discord without the Message Content intent: replies count, their text is not read) serve
 * users; the others do not.
 */
export type PlatformState =
  | 'starting'
  | 'ok'
  | 'no_message_content'
  | 'invalid_token'
  | 'disallowed_intents'
  | 'unreachable'
  | 'stopped';

export function isServing(state: PlatformState): boolean {
  return state === 'ok' || state === 'no_message_content';
}

/**
 * A platform that refused to start. `permanent` failures (a rejected token, an intent the
 * developer portal does not allow) need the operator; the others are retried.
 */
export class PlatformStartError extends Error {
  constructor(
    readonly state: PlatformState,
    readonly permanent: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformStartError';
  }
}

/**
 * What the composition root needs from a platform adapter: its Chat (handed to the core) and a
 * lifecycle. The adapter itself turns platform events into Quiz/Admin calls.
 */
export interface PlatformAdapter {
  readonly chat: Chat;
  /** Connects (Socket Mode, gateway) or starts listening (HTTP); throws PlatformStartError. */
  start(): Promise<void>;
  /** Disconnects and stops accepting events. */
  stop(): Promise<void>;
  /** The connection's state now. */
  state(): PlatformState;
}
