import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface HealthChecks {
  /** Throws when the database cannot be reached. */
  database(): Promise<void>;
}

/** `GET /healthz`: 200 when the database answers, 503 otherwise. Mountable on another server (Slack's). */
export function healthHandler(checks: HealthChecks): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    checks
      .database()
      .then(() =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","database":"ok"}'),
      )
      .catch(() =>
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"status":"error","database":"unreachable"}'),
      );
  };
}

/** A server of its own for `/healthz`, when no platform adapter owns the port. */
export function startHealthServer(port: number, checks: HealthChecks): Promise<Server> {
  const health = healthHandler(checks);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    health(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
