// The canary's HTTP surface with inject(): /readyz says why it is not ready in one line, /metrics serves the registry.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { buildCanaryApp, type Readiness } from '../../agents/canary/http.ts';

describe('canary HTTP', () => {
  let state: Readiness = { ready: false, reason: 'starting: setting up topic canary' };
  const registry = new Registry();
  const app = buildCanaryApp(() => state, registry);

  it.each<[Readiness, number, string]>([
    [{ ready: false, reason: 'starting: setting up topic canary' }, 503, 'not ready: starting: setting up topic canary\n'],
    [{ ready: true, reason: 'producing to and consuming all 3 partitions of canary in group canary' }, 200, 'ready: producing to and consuming all 3 partitions of canary in group canary\n'],
  ])('/readyz for %j answers %i', async (r, status, body) => {
    state = r;
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(body);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('/healthz answers ok and /metrics the registry', async () => {
    expect((await app.inject({ url: '/healthz' })).body).toBe('ok\n');
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
  });
});
