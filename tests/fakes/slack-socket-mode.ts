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
    const envelopeId = `env-${++this.seq}`;
    const text = JSON.stringify({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api'
        ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryAttempt ? 'timeout' : '' }
        : {}),
    });
    return this.push(text, envelopeId, options.timeoutMs ?? 5000);
  }

  /**
   * Pushes a text frame exactly as given (broken JSON, `null`, an envelope without a payload...).
   * With `envelopeId`, waits for an ack of that id like `send`; without, resolves `{acked: false}`
   * once the frame is sent.
   */
  sendRaw(
    text: string,
    options: { envelopeId?: string; timeoutMs?: number } = {},
  ): Promise<{ acked: boolean; payload?: unknown }> {
    if (options.envelopeId === undefined) {
      this.client().send(text);
      return Promise.resolve({ acked: false });
    }
    return this.push(text, options.envelopeId, options.timeoutMs ?? 5000);
  }

  private client(): WebSocket {
    const [ws] = this.sockets;
    if (!ws) throw new Error('fake Slack: no Socket Mode client connected');
    return ws;
  }

  private push(
    text: string,
    envelopeId: string,
    timeoutMs: number,
  ): Promise<{ acked: boolean; payload?: unknown }> {
    const ws = this.client();
    const acked = new Promise<{ acked: boolean; payload?: unknown }>((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(envelopeId);
        resolve({ acked: false });
      }, timeoutMs);
      this.acks.set(envelopeId, (ackPayload) => {
        clearTimeout(timer);
        resolve({ acked: true, payload: ackPayload });
      });
    });
    ws.send(text);
    return acked;
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
