import { Gauge, Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, metricsRenderer, wantsJson } from '../../../agents/sidecar/http/server.ts';
import type { Readiness } from '../../../agents/sidecar/verdict.ts';

const notReady: Readiness = {
  ready: false,
  reason: 'registration: /brokers/ids/0 does not exist',
  since: Date.UTC(2026, 0, 1),
  checks: [{ check: 'registration', ok: false, reason: '/brokers/ids/0 does not exist', at: Date.UTC(2026, 0, 1), durationSeconds: 0.0012 }],
};
const ready: Readiness = { ready: true, reason: 'serving as leader', since: Date.UTC(2026, 0, 1), checks: [] };

describe('sidecar HTTP', () => {
  let current = notReady;
  const registry = new Registry();
  new Gauge({ name: 'demo_value', help: 'a value', registers: [registry] }).set(3);
  const app = buildApp({ readiness: () => current, registry });
  afterAll(() => app.close());

  it('GET /healthz is 200', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('ok\n');
  });

  it.each([
    [notReady, 503, 'not ready: registration: /brokers/ids/0 does not exist\n'],
    [ready, 200, 'ready: serving as leader\n'],
  ])('GET /readyz answers one line of text (%#)', async (state, code, body) => {
    current = state;
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(code);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe(body);
  });

  it.each([
    ['Accept: application/json', { url: '/readyz', headers: { accept: 'application/json' } }],
    ['?verbose', { url: '/readyz?verbose' }],
  ])('GET /readyz gives JSON detail with %s', async (_name, req) => {
    current = notReady;
    const res = await app.inject(req);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      ready: false,
      reason: 'registration: /brokers/ids/0 does not exist',
      since: '2026-01-01T00:00:00.000Z',
      checks: [{ check: 'registration', ok: false, reason: '/brokers/ids/0 does not exist', at: '2026-01-01T00:00:00.000Z', durationSeconds: 0.0012 }],
    });
  });

  it('GET /metrics serves the injected registry as Prometheus text', async () => {
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('demo_value 3');
  });

  it('unknown paths are 404', async () => {
    expect((await app.inject({ url: '/nope' })).statusCode).toBe(404);
  });
});

describe('wantsJson', () => {
  it.each([
    [undefined, {}, false],
    ['text/plain', {}, false],
    ['application/json', {}, true],
    ['text/html, application/json;q=0.9', {}, true],
    ['*/*', {}, false],
    [undefined, { verbose: '' }, true],
  ])('accept %j, query %j -> %j', (accept, query, want) => {
    expect(wantsJson(accept, query)).toBe(want);
  });
});

describe('metricsRenderer', () => {
  it('renders at most once per TTL, appending text rendered elsewhere', async () => {
    const registry = new Registry();
    const g = new Gauge({ name: 'demo_counter_value', help: 'a value', registers: [registry] });
    let t = 0;
    let extra = 'cluster_series 1\n';
    const render = metricsRenderer({ registry, readiness: () => ready, extraMetrics: () => extra, metricsCacheMs: 1000 }, () => t);
    g.set(1);
    const first = String(await render());
    expect(first).toContain('demo_counter_value 1');
    expect(first.endsWith('\n\ncluster_series 1\n')).toBe(true);
    g.set(2);
    extra = 'cluster_series 2\n';
    t = 999;
    expect(String(await render())).toBe(first);
    t = 1000;
    const later = String(await render());
    expect(later).toContain('demo_counter_value 2');
    expect(later).toContain('cluster_series 2');
  });

  it('renders every scrape with a TTL of 0', async () => {
    const registry = new Registry();
    const g = new Gauge({ name: 'demo_value', help: 'a value', registers: [registry] });
    const render = metricsRenderer({ registry, readiness: () => ready, metricsCacheMs: 0 }, () => 0);
    g.set(1);
    await render();
    g.set(2);
    expect(String(await render())).toContain('demo_value 2');
  });
});
