import type { Chat } from '../core/ports.js';

/**
 * What the composition root needs from a platform adapter: its Chat (handed to the core) and a
 * lifecycle. The adapter itself turns platform events into Quiz/Admin calls.
 */
export interface PlatformAdapter {
  readonly chat: Chat;
  /** Connects (Socket Mode, gateway) or starts listening (HTTP). */
  start(): Promise<void>;
  /** Disconnects and stops accepting events. */
  stop(): Promise<void>;
}
