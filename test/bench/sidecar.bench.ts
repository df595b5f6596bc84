/**
 * sidecar: /readyz and /metrics latency under a steady 500 requests/s (the
 * bundle in zookeeper mode beside a real 1-node ZooKeeper, keep-alive
 * connections on loopback), its RSS after warm-up, and one cluster-metrics
 * collection over 10,000 partitions (the bundle in kafka mode beside a
 * 1-broker mock cluster, so this one sidecar owns every partition), then
 * /metrics served from that collection.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKafkaIdentity } from '../../agents/lib/kafka-identity.ts';
import { startKafkaMock } from '../support/kafka-mock.ts';
import { startSidecarProcess, waitForReadyz } from '../support/sidecar.ts';
import { waitFor } from '../support/wait.ts';
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

    const mock = await startKafkaMock(dir, 1, 'bench-mock');
    stops.unshift(() => mock.stop());
    const topics = Array.from({ length: 2500 }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
    await mock.createTopics(topics);
    const meta = await mock.metadata();
    const partitions = meta.topics.filter((t) => t.name.startsWith('bench-')).reduce((n, t) => n + t.partitions.length, 0);
    const broker = mock.brokers[0]!;
    const identityFile = join(dir, 'identity.json');
    writeFileSync(
      identityFile,
      renderKafkaIdentity({
        version: 1,
        brokerId: broker.nodeId,
        rack: null,
        podName: 'kafka-0',
        advertisedListeners: { INTERNAL: `${broker.host}:${broker.port}` },
        listenerSecurityProtocolMap: { INTERNAL: 'PLAINTEXT' },
        interBrokerListenerName: 'INTERNAL',
        endpoints: [`INTERNAL://${broker.host}:${broker.port}`],
        zookeeperConnect: zk.connectString,
      }),
    );
    const kafkaSidecar = await startSidecarProcess(
      { SIDECAR_MODE: 'kafka', SIDECAR_TARGET: `${broker.host}:${broker.port}`, SIDECAR_IDENTITY_FILE: identityFile, SIDECAR_METRICS_INTERVAL: '10m', LOG_LEVEL: 'error' },
      dir,
      'kafka-sidecar',
    );
    stops.unshift(kafkaSidecar.stop);
    const collected = await waitFor(
      'the first cluster-metrics collection',
      async () => {
        const text = await (await fetch(`${kafkaSidecar.url}/metrics`)).text();
        return /sidecar_check_success\{check="cluster_partitions"\} 1/.test(text) ? text : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    const sized = await startSidecarProcess(
      {
        SIDECAR_MODE: 'kafka',
        SIDECAR_TARGET: `${broker.host}:${broker.port}`,
        SIDECAR_IDENTITY_FILE: identityFile,
        SIDECAR_METRICS_INTERVAL: '10m',
        LOG_LEVEL: 'error',
        NODE_OPTIONS: RECOMMENDED_NODE_OPTIONS,
      },
      dir,
      'kafka-sidecar-sized',
    );
    stops.unshift(sized.stop);
    await waitFor('the sized sidecar\'s first collection', async () => (await (await fetch(`${sized.url}/metrics`)).text()).includes('check="cluster_partitions"} 1'), { timeoutMs: 60_000, intervalMs: 50 });
    await load(agent, `${sized.url}/metrics`, 20, 3);
    const sizedRss = rssMiB(sized.proc.pid);
    const collectSeconds = Number(/sidecar_check_duration_seconds\{check="cluster_partitions"\} ([0-9.e-]+)/.exec(collected)![1]);
    const exported = collected.split('\n').filter((l) => l.startsWith('kafka_topic_partition_leader{')).length;
    await load(agent, `${kafkaSidecar.url}/metrics`, 20, 1); // warm-up
    const cachedMs = await load(agent, `${kafkaSidecar.url}/metrics`, 20, 3);
    const after = await (await fetch(`${kafkaSidecar.url}/metrics`)).text();
    const stillFirst = /sidecar_check_duration_seconds\{check="cluster_partitions"\} ([0-9.e-]+)/.exec(after)![1] === String(collectSeconds);

    return {
      '/readyz p50 ms (500 req/s)': percentile(readyzMs, 50),
      '/readyz p99 ms (500 req/s)': percentile(readyzMs, 99),
      '/metrics p50 ms, zookeeper mode (500 req/s)': percentile(zkMetricsMs, 50),
      '/metrics p99 ms, zookeeper mode (500 req/s)': percentile(zkMetricsMs, 99),
      'requests per figure': readyzMs.length,
      'RSS MiB after warm-up, zookeeper mode': zkRss,
      'cluster partitions': partitions,
      'partitions exported by this sidecar': exported,
      'collection s, 10,000 partitions (metadata + offsets)': collectSeconds,
      '/metrics p50 ms, from the cached collection': percentile(cachedMs, 50),
      '/metrics p99 ms, from the cached collection': percentile(cachedMs, 99),
      '/metrics bytes, from the cached collection': Buffer.byteLength(after),
      'served from cache (no new collection during scrapes)': stillFirst ? 'yes' : 'no',
      'RSS MiB, kafka mode with 10,000 partitions': rssMiB(kafkaSidecar.proc.pid),
      [`RSS MiB, the same with NODE_OPTIONS=${RECOMMENDED_NODE_OPTIONS}`]: sizedRss,
    };
  } finally {
    for (const stop of stops) await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
