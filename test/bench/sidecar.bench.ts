/**
 * sidecar: /readyz and /metrics latency under a steady 500 requests/s (the
 * bundle in zookeeper mode beside a real 1-node ZooKeeper, keep-alive
 * connections on loopback) and its RSS after warm-up. Kafka mode is measured
 * on a real broker in real-broker.bench.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSidecarProcess, waitForReadyz } from '../support/sidecar.ts';
import { startLocalEnsemble } from '../support/zookeeper.ts';
import { percentile } from './stats.ts';
import type { Figures } from './run.ts';

/** V8 sizing the README recommends for the sidecar container (NODE_OPTIONS), measured beside the defaults. */
export const RECOMMENDED_NODE_OPTIONS = '--max-old-space-size=96 --max-semi-space-size=2';

const RATE = 500;
const SECONDS = 4;
const MAX_IN_FLIGHT = 64;

function get(agent: Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Requests at a fixed rate (never more than MAX_IN_FLIGHT at once) over keep-alive connections; latencies in ms, sorted. */
async function load(agent: Agent, url: string, rate = RATE, seconds = SECONDS): Promise<number[]> {
  const target = new URL(url);
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (pending.size >= MAX_IN_FLIGHT) await Promise.race(pending);
    const p: Promise<void> = get(agent, target).then((ms) => {
      latencies.push(ms);
      pending.delete(p);
    });
    pending.add(p);
  }
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

function rssMiB(pid: number | undefined): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

export async function bench(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sidecar-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const zk = await startLocalEnsemble(dir, 1);
    stops.push(() => zk.stop());
    const zkSidecar = await startSidecarProcess({ SIDECAR_MODE: 'zookeeper', SIDECAR_TARGET: `127.0.0.1:${zk.nodes[0]!.clientPort}` }, dir, 'zk-sidecar');
    stops.unshift(zkSidecar.stop);
    await waitForReadyz(zkSidecar.url, 200, 'zookeeper sidecar');
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    stops.push(async () => agent.destroy());
    await load(agent, `${zkSidecar.url}/readyz`, RATE, 2); // warm-up
    await load(agent, `${zkSidecar.url}/metrics`, RATE, 2);
    const readyzMs = await load(agent, `${zkSidecar.url}/readyz`);
    const zkMetricsMs = await load(agent, `${zkSidecar.url}/metrics`);
    const zkRss = rssMiB(zkSidecar.proc.pid);

    return {
      '/readyz p50 ms (500 req/s)': percentile(readyzMs, 50),
      '/readyz p99 ms (500 req/s)': percentile(readyzMs, 99),
      '/metrics p50 ms, zookeeper mode (500 req/s)': percentile(zkMetricsMs, 50),
      '/metrics p99 ms, zookeeper mode (500 req/s)': percentile(zkMetricsMs, 99),
      'requests per figure': readyzMs.length,
      'RSS MiB after warm-up, zookeeper mode': zkRss,
    };
  } finally {
    for (const stop of stops) await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
