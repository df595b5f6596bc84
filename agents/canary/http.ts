/**
 * The canary's HTTP surface: /healthz (the process answers), /readyz (producing and consuming on
 * every partition, or why not, in one line) and /metrics. Tested with inject().
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
}

export function buildCanaryApp(readiness: () => Readiness, registry: Registry): FastifyInstance {
  const app = Fastify({ logger: false, connectionTimeout: 10_000, keepAliveTimeout: 5_000 });
  const text = 'text/plain; charset=utf-8';
  app.get('/healthz', async (_req, reply) => reply.type(text).send('ok\n'));
  app.get('/readyz', async (_req, reply) => {
    const r = readiness();
    return reply.code(r.ready ? 200 : 503).header('cache-control', 'no-store').type(text).send(`${r.ready ? 'ready' : 'not ready'}: ${r.reason}\n`);
  });
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  return app;
}
