import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../../src/http/metrics.js';
import { startOpsServer } from '../../src/http/ops-server.js';
import { useTestDatabase } from '../helpers/database.js';

const tdb = useTestDatabase();

describe('operations endpoints', () => {
  it('GET /healthz answers 200 while the database is reachable and 503 once it is gone', async () => {
    let reachable = true;
    const server = await startOpsServer(0, {
      database: async () => {
        if (!reachable) throw new Error('closed');
        await tdb.current.store.ping();
      },
      metrics: () => '',
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

  it('GET /metrics renders counters and the tick histogram in the Prometheus text format', async () => {
    const metrics = new PrometheusMetrics();
    metrics.count('rounds_posted_total', { platform: 'slack' });
    metrics.count('rounds_posted_total', { platform: 'slack' });
    metrics.count('answers_recorded_total', { status: 'late', platform: 'discord' });
    metrics.observeTick(0.03);
    metrics.observeTick(2);
    const server = await startOpsServer(0, { database: async () => {}, metrics: () => metrics.render() });
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      const text = await response.text();
      expect(text).toContain('# TYPE sa_quiz_rounds_posted_total counter');
      expect(text).toContain('sa_quiz_rounds_posted_total{platform="slack"} 2');
      expect(text).toContain('sa_quiz_answers_recorded_total{platform="discord",status="late"} 1');
      expect(text).toContain('# TYPE sa_quiz_platform_rate_limited_total counter');
      expect(text).toContain('sa_quiz_tick_duration_seconds_bucket{le="0.05"} 1');
      expect(text).toContain('sa_quiz_tick_duration_seconds_bucket{le="+Inf"} 2');
      expect(text).toContain('sa_quiz_tick_duration_seconds_count 2');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
