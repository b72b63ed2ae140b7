import { createServer, type Server } from 'node:http';

export interface HealthChecks {
  /** Throws when the database cannot be reached. */
  database(): Promise<void>;
}

/** `GET /healthz`: 200 when the database answers, 503 otherwise. */
export function startHealthServer(port: number, checks: HealthChecks): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
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
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
