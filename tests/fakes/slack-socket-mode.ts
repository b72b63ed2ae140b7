import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * The Socket Mode side of the fake Slack: the WebSocket at the URL `apps.connections.open`
 * returns. It says hello to each client, pushes envelopes (`events_api`, `slash_commands`,
 * `interactive`) and collects the app's acks, as Slack's Socket Mode servers do.
 */

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export class FakeSocketMode {
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private readonly connectedWaiters = new Set<() => void>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private seq = 0;

  /** Takes an HTTP upgrade request for the socket URL. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  private connected(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) {
        this.acks.get(message.envelope_id)?.(message.payload ?? {});
        this.acks.delete(message.envelope_id);
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0SAQUIZ' } }));
    for (const resolve of this.connectedWaiters) resolve();
    this.connectedWaiters.clear();
  }

  /** Resolves once a client is connected. */
  async isConnected(timeoutMs = 5000): Promise<void> {
    if (this.sockets.size > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.connectedWaiters.delete(done);
        reject(new Error('fake Slack: timed out waiting for a Socket Mode connection'));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.connectedWaiters.add(done);
    });
  }

  /**
   * Pushes an envelope to the connected app and waits for its ack: `{acked: true, payload}`, or
   * `{acked: false}` when none came within `timeoutMs` (the app refused to ack).
   */
  send(
    type: EnvelopeType,
    payload: unknown,
    options: { retryAttempt?: number; timeoutMs?: number } = {},
  ): Promise<{ acked: boolean; payload?: unknown }> {
    const [ws] = this.sockets;
    if (!ws) throw new Error('fake Slack: no Socket Mode client connected');
    const envelopeId = `env-${++this.seq}`;
    const acked = new Promise<{ acked: boolean; payload?: unknown }>((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(envelopeId);
        resolve({ acked: false });
      }, options.timeoutMs ?? 5000);
      this.acks.set(envelopeId, (ackPayload) => {
        clearTimeout(timer);
        resolve({ acked: true, payload: ackPayload });
      });
    });
    ws.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        ...(type === 'events_api'
          ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryAttempt ? 'timeout' : '' }
          : {}),
      }),
    );
    return acked;
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
