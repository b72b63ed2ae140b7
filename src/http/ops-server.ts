import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What the operations endpoints read. */
export interface OpsSources {
  /** Throws when the database cannot be reached. */
  database(): Promise<void>;
  /** Each configured platform's connection state (`ok`, `invalid_token`, `disallowed_intents`...). */
  platforms?(): Readonly<Record<string, string>>;
  /** False when no configured platform serves users. */
  serving?(): boolean;
  /** The Prometheus text of the service's metrics. */
  metrics(): string;
}

/** A health probe must answer well within the orchestrator's own timeout (the image's is 5 s). */
const HEALTH_TIMEOUT_MS = 2_000;

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface OpsRoute {
  readonly path: '/healthz' | '/metrics';
  readonly method: 'GET';
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * `GET /healthz` and `GET /metrics` (Prometheus text). Health names the database's and every
 * platform's state (`{"status":"ok","database":"ok","slack":"ok","discord":"disallowed_intents"}`)
 * and answers 503 only when the database is unreachable or no platform serves users: one
 * platform's trouble is reported, not fatal. Mountable on another server, as Slack's HTTP
 * receiver does on its port.
 */
export function opsRoutes(sources: OpsSources): OpsRoute[] {
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_req, res) => {
        const answer = (database: 'ok' | 'unreachable'): void => {
          const platforms = sources.platforms?.() ?? {};
          const healthy = database === 'ok' && (sources.serving?.() ?? true);
          res
            .writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: healthy ? 'ok' : 'error', database, ...platforms }));
        };
        withTimeout(sources.database(), HEALTH_TIMEOUT_MS).then(
          () => answer('ok'),
          () => answer('unreachable'),
        );
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
          .end(sources.metrics());
      },
    },
  ];
}

/** A server of its own for the operations endpoints, when no platform adapter owns the port. */
export function startOpsServer(port: number, sources: OpsSources): Promise<Server> {
  const routes = opsRoutes(sources);
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    route.handler(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
