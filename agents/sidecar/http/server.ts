/**
 * The sidecar's HTTP surface: /healthz (the sidecar is alive), /readyz (the
 * latest verdict, never waiting on the server) and /metrics (the injected
 * registry). The state and registry are injected, so tests drive it with inject().
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Readiness } from '../verdict.ts';
import { capConnections, timeoutOptions, type HttpBounds } from './connection-bounds.ts';

export interface AppDeps {
  readonly readiness: () => Readiness;
  readonly registry: Registry;
  /** Text rendered elsewhere (the last cluster collection), appended to the registry's. */
  readonly extraMetrics?: () => string;
  /** Scrapes within this many ms of a render share it (0: render every scrape). */
  readonly metricsCacheMs?: number;
  /** Connection time and count bounds (connection-bounds.ts); Node's defaults when left out. */
  readonly bounds?: HttpBounds;
  /** Told when a connection is shed at the cap. */
  readonly onShed?: (what: string) => void;
}

/**
 * /metrics text, rendered at most once per `metricsCacheMs`; concurrent
 * scrapes share one render. Kept as bytes, so a scrape allocates nothing.
 */
export function metricsRenderer(deps: AppDeps, now: () => number = Date.now): () => Promise<Buffer> {
  const ttl = deps.metricsCacheMs ?? 0;
  let cached: { at: number; text: Promise<Buffer> } | undefined;
  return () => {
    const t = now();
    if (cached !== undefined && t - cached.at < ttl) return cached.text;
    const text = deps.registry.metrics().then((base) => {
      const extra = deps.extraMetrics?.() ?? '';
      return Buffer.from(extra === '' ? base : `${base}\n${extra}`, 'utf8');
    });
    const entry = { at: t, text };
    cached = entry;
    text.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return text;
  };
}

/** JSON detail when the client asks for it (Accept: application/json) or adds ?verbose. */
export function wantsJson(accept: string | undefined, query: unknown): boolean {
  if (typeof query === 'object' && query !== null && 'verbose' in query) return true;
  return (accept ?? '').split(',').some((t) => t.trim().split(';')[0]!.trim().toLowerCase() === 'application/json');
}

export function readyzJson(r: Readiness): Record<string, unknown> {
  return {
    ready: r.ready,
    reason: r.reason,
    since: new Date(r.since).toISOString(),
    checks: r.checks.map((c) => ({
      check: c.check,
      ok: c.ok,
      reason: c.reason,
      at: new Date(c.at).toISOString(),
      durationSeconds: Math.round(c.durationSeconds * 1e6) / 1e6,
      ...(c.detail === undefined ? {} : { detail: c.detail }),
    })),
  };
}

export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({ logger: false, ...(deps.bounds ? timeoutOptions(deps.bounds) : {}) });
  if (deps.bounds) capConnections(app.server, deps.bounds.maxConnections, deps.onShed);
  const metrics = metricsRenderer(deps);

  app.get('/healthz', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('ok\n'));

  app.get('/readyz', async (req, reply) => {
    const r = deps.readiness();
    reply.code(r.ready ? 200 : 503).header('cache-control', 'no-store');
    if (wantsJson(req.headers.accept, req.query)) return reply.send(readyzJson(r));
    return reply.type('text/plain; charset=utf-8').send(`${r.ready ? 'ready' : 'not ready'}: ${r.reason}\n`);
  });

  app.get('/metrics', async (_req, reply) => {
    return reply.type(deps.registry.contentType).send(await metrics());
  });

  return app;
}
