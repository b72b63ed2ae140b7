import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthServer } from '../../src/http/health-server.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await openTestDatabase();
});
afterAll(async () => {
  await tdb.close().catch(() => {});
});

describe('GET /healthz', () => {
  it('answers 200 while the database is reachable and 503 once it is gone', async () => {
    let reachable = true;
    const server = await startHealthServer(0, {
      database: async () => {
        if (!reachable) throw new Error('closed');
        await tdb.store.ping();
      },
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok', database: 'ok' });
      reachable = false;
      expect((await fetch(`${url}/healthz`)).status).toBe(503);
      expect((await fetch(`${url}/nope`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
