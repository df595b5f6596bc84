/**
 * Assembles a running sidecar from its configuration: the registry, the mode's
 * checks on a timer, the readiness they produce, and the HTTP server.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { ConfigOf } from '../lib/config/index.ts';
import type { Logger } from '../lib/log.ts';
import { AgentError } from '../lib/exit-codes.ts';
import { checkMetrics, type CheckMetrics } from './checks/metrics.ts';
import { createCheckRunner, type CheckRunner } from './checks/runner.ts';
import { buildApp } from './http/server.ts';
import type { Mode } from './mode.ts';
import { createReadinessState, type ReadinessState } from './verdict.ts';
import { DEFAULT_TARGET, type settings, type Target } from './settings.ts';
import { zookeeperMode } from './zookeeper/mode.ts';
import { kafkaMode } from './kafka/mode.ts';
import { kraftMode } from './kafka/kraft/mode.ts';
import { splitHostPort } from '../lib/kafka-identity.ts';

export type SidecarConfig = ConfigOf<typeof settings>;

export interface Sidecar {
  readonly app: FastifyInstance;
  readonly registry: Registry;
  readonly readiness: ReadinessState;
  readonly runner: CheckRunner;
  /** The port the server listens on (useful when SIDECAR_PORT was taken from a test's free port). */
  readonly port: number;
  stop(): Promise<void>;
}

export function effectiveTarget(c: Pick<SidecarConfig, 'mode' | 'target'>): Target {
  return c.target ?? splitHostPort(DEFAULT_TARGET[c.mode])!;
}

export async function createMode(c: SidecarConfig, registry: Registry, metrics: CheckMetrics, log: Logger): Promise<Mode> {
  if (c.mode === 'zookeeper') return zookeeperMode(effectiveTarget(c));
  return c.metadataMode === 'kraft' ? kraftMode(c, registry, metrics, log) : kafkaMode(c, effectiveTarget(c), registry, metrics, log);
}

export interface StartOptions {
  /** Listen address, instead of SIDECAR_LISTEN_ADDRESS (tests bind 127.0.0.1). */
  readonly host?: string;
  /** Node process metrics (process_resident_memory_bytes, ...); off in golden-file tests. */
  readonly processMetrics?: boolean;
}

export async function startSidecar(c: SidecarConfig, log: Logger, o: StartOptions = {}): Promise<Sidecar> {
  const registry = new Registry();
  if (o.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'sidecar_' });
  const metrics = checkMetrics(registry);
  const mode = await createMode(c, registry, metrics, log);
  const readiness = createReadinessState(Date.now, (r) => {
    metrics.ready(r.ready);
    log.info({ ready: r.ready, reason: r.reason }, r.ready ? `ready: ${r.reason}` : `not ready: ${r.reason}`);
  });
  const runner = createCheckRunner({
    checks: mode.checks,
    intervalMs: c.checkInterval,
    timeoutMs: c.checkTimeout,
    metrics,
    log,
    onRound: (results) => readiness.set(mode.verdict(results, Date.now()), [...results.values()]),
  });
  let shedLogged = 0;
  const app = buildApp({
    readiness: readiness.get,
    registry,
    extraMetrics: mode.metricsText,
    metricsCacheMs: c.metricsCacheTtl,
    bounds: { timeoutMs: c.httpTimeout, maxConnections: c.httpMaxConnections },
    onShed: (what) => {
      // Once a minute at most: a flood of connections must not become a flood of log lines.
      if (Date.now() - shedLogged < 60_000) return;
      shedLogged = Date.now();
      log.warn({ maxConnections: c.httpMaxConnections }, `HTTP connection ${what}: SIDECAR_HTTP_MAX_CONNECTIONS (${c.httpMaxConnections}) reached`);
    },
  });
  const host = o.host ?? c.listenAddress;
  try {
    await app.listen({ host, port: c.port });
  } catch (e) {
    await mode.stop?.();
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new AgentError(
      'E_LISTEN',
      `cannot serve HTTP on ${host}:${c.port} (${code}): another process has SIDECAR_PORT ${c.port}, or SIDECAR_LISTEN_ADDRESS is not an address of this pod; set either to one that is free`,
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : c.port;
  log.info({ port, mode: c.mode }, `serving /healthz, /readyz and /metrics on port ${port}`);
  await mode.start?.(() => void runner.trigger());
  runner.start();
  return {
    app,
    registry,
    readiness,
    runner,
    port,
    async stop() {
      await runner.stop();
      await mode.stop?.();
      await app.close();
    },
  };
}
