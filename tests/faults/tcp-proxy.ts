import { once } from 'node:events';
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that a test can cut: while cut, every open connection is reset and
 * new ones are reset as soon as they arrive, as when the database's network goes away. `restore()`
 * lets connections through again. A trip wire (`tripOn`) does the same, or freezes every
 * connection (bytes stop flowing both ways, sockets stay open: a database that stopped answering),
 * the moment a client sends bytes containing a pattern, so a test can cut in the middle of a
 * statement it names.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private cutOff = false;
  private frozen = false;
  private wire: { pattern: string; action: 'reset' | 'freeze' } | null = null;
  private trips = 0;
  /** Connections accepted and forwarded, and connections reset while cut. */
  accepted = 0;
  refused = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.onConnection(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get isCut(): boolean {
    return this.cutOff;
  }

  /** Resets every connection and refuses new ones until `restore()`. */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  restore(): void {
    this.cutOff = false;
  }

  /** The first client bytes containing `pattern` are not forwarded; instead all connections are reset or frozen. */
  tripOn(pattern: string, action: 'reset' | 'freeze'): void {
    this.wire = { pattern, action };
  }

  /** Whether the trip wire went off. */
  get tripped(): boolean {
    return this.trips > 0;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(client: Socket): void {
    if (this.cutOff) {
      this.refused += 1;
      client.resetAndDestroy();
      return;
    }
    this.accepted += 1;
    const upstream = createConnection(this.target);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const drop = (): void => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (this.frozen) return;
      const wire = this.wire;
      if (wire && chunk.includes(wire.pattern)) {
        this.wire = null;
        this.trips += 1;
        if (wire.action === 'reset') this.cut();
        else this.frozen = true;
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.frozen) client.write(chunk);
    });
  }
}
