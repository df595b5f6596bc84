/**
 * real-broker: the sidecar beside real Kafka 3.9.2 brokers (ZooKeeper mode).
 *
 * Metrics: ONE broker holding TOPICS x PARTITIONS_PER_TOPIC partitions (RF 1) and GROUPS consumer
 * groups with committed offsets (GROUP_PARTITIONS each, committed with OffsetCommit for a group without
 * members, as the admin tools reset offsets). The sidecar (the bundle, kafka mode) times its first
 * full collection, then SCRAPES scrapes of /metrics rendered from that cached collection, and its RSS. kafka_exporter (.cache/bin, test/kafka-exporter/install.sh) scrapes the
 * same broker beside it when it is installed: first scrape, scrapes, RSS, and the ratios ours/theirs.
 *
 * Readiness: a separate 3-broker cluster (one topic, 6 partitions, RF 3) with a sidecar per broker.
 * Each round SIGKILLs one broker and times its sidecar's /readyz turning 503, then restarts it and
 * times from the moment its partitions are all back in the ISR (ZooKeeper partition state) to 200.
 *
 * Numbers are reported, never asserted. Everything started is stopped; ports are free ones; every
 * loop is bounded.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Client } from 'node-zookeeper-client';
import { renderKafkaIdentity } from '../../agents/lib/kafka-identity.ts';
import { Writer, type Reader } from '../../agents/sidecar/kafka/wire/codec.ts';
import { KafkaConnection } from '../../agents/sidecar/kafka/wire/connection.ts';
import { BrokerClient } from '../../agents/sidecar/kafka/wire/client.ts';
import { renderProperties, startBroker, testBrokerDefaults, waitRegistered, type KafkaBroker } from '../support/kafka.ts';
import { closeZk, connectZk, readZnode } from '../support/kafka-znodes.ts';
import { freePort } from '../support/ports.ts';
import { startSidecarProcess, type SidecarProcess } from '../support/sidecar.ts';
import { REPO_ROOT } from '../support/versions.ts';
import { sleep, waitFor } from '../support/wait.ts';
import { startLocalEnsemble, startProcess, type ZkProcess } from '../support/zookeeper.ts';
import { median, percentile } from './stats.ts';
import { pollUntil, readyzStatus } from './poll.ts';
import { testIdentity } from '../support/kafka-identity.ts';
import { RECOMMENDED_NODE_OPTIONS } from './sidecar.bench.ts';
import type { Figures } from './run.ts';

const TOPICS = Number(process.env.BENCH_TOPICS ?? 100);
const PARTITIONS_PER_TOPIC = 100;
const GROUPS = Number(process.env.BENCH_GROUPS ?? 2000);
const MESSAGES_PER_PARTITION = 10;
const COMMITTED_OFFSET = 3;
/**
 * Each group commits on this many partitions of its topic, the groups of one topic on disjoint ones
 * while they fit (2,000 groups x 5 = every partition once). BENCH_GROUP_PARTITIONS=100: every group on
 * its whole topic, 20 groups sharing each partition (200,000 offsets).
 */
const GROUP_PARTITIONS = Number(process.env.BENCH_GROUP_PARTITIONS ?? 5);
const SCRAPES = 200;
/** How long the sidecar's first collection may take (SIDECAR_METRICS_TIMEOUT). */
const METRICS_TIMEOUT_MS = 180_000;
/** kafka_exporter collects on every scrape: its scrapes stop at SCRAPES or after this long. */
const EXPORTER_SCRAPE_BUDGET_MS = 120_000;
const ROUNDS = 5;

const BIG_BROKER_JVM = { KAFKA_HEAP_OPTS: '-Xms1g -Xmx1g' };
/**
 * Each partition keeps its active segment open (its index files are mapped, their descriptors closed):
 * about one descriptor per partition, within this machine's 20,000 (a hard limit that cannot be raised).
 */
const openFiles = (pid: number | undefined) => readdirSync(`/proc/${pid}/fd`).length;

const SIDECAR_READY_ENV = {
  SIDECAR_CHECK_INTERVAL: '250ms',
  SIDECAR_CHECK_TIMEOUT: '1s',
  SIDECAR_ZK_SESSION_TIMEOUT: '4s',
  SIDECAR_METRICS_INTERVAL: '10m',
  LOG_LEVEL: 'error',
};

const exporterBin = join(REPO_ROOT, '.cache', 'bin', 'kafka_exporter');

interface RealBroker {
  readonly id: number;
  readonly port: number;
  readonly file: string;
  readonly log: string;
  proc: KafkaBroker;
}

/** Broker properties with the INTERNAL listener name the sidecar's identity file requires. */
function writeBroker(dir: string, id: number, port: number, zookeeperConnect: string, size: number, extra: Record<string, string | number | boolean>): Omit<RealBroker, 'proc'> {
  const brokerDir = join(dir, `broker-${id}`);
  mkdirSync(join(brokerDir, 'data'), { recursive: true });
  const file = join(brokerDir, 'server.properties');
  writeFileSync(
    file,
    renderProperties({
      'broker.id': id,
      listeners: `INTERNAL://127.0.0.1:${port}`,
      'advertised.listeners': `INTERNAL://127.0.0.1:${port}`,
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT',
      'inter.broker.listener.name': 'INTERNAL',
      'log.dirs': join(brokerDir, 'data'),
      'zookeeper.connect': zookeeperConnect,
      ...testBrokerDefaults(size),
      ...extra,
    }),
  );
  return { id, port, file, log: join(brokerDir, 'broker.log') };
}

function launch(b: Omit<RealBroker, 'proc'>, env: Record<string, string> = {}): KafkaBroker {
  return startBroker({ id: b.id, propertiesFile: b.file, logFile: b.log, env });
}

function identityFile(dir: string, b: { id: number; port: number }, zookeeperConnect: string): string {
  const file = join(dir, `identity-${b.id}.json`);
  const internal = `127.0.0.1:${b.port}`;
  writeFileSync(
    file,
    renderKafkaIdentity(testIdentity({ brokerId: b.id, internal, zookeeperConnect })),
  );
  return file;
}

function get(agent: Agent, url: string): Promise<{ ms: number; bytes: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }));
    });
    req.setTimeout(600_000, () => req.destroy(new Error(`${url} took over 10 min`)));
    req.on('error', reject);
    req.end();
  });
}

/** Sequential scrapes, at most `count` and stopping after `budgetMs`; latencies sorted. */
async function scrapes(agent: Agent, url: string, count: number, budgetMs = Infinity): Promise<number[]> {
  const out: number[] = [];
  const end = performance.now() + budgetMs;
  while (out.length < count && performance.now() < end) out.push((await get(agent, url)).ms);
  return out.sort((a, b) => a - b);
}

function status(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

const OFFSET_COMMIT = 8;
/** OffsetCommit v2 for a group with no members (generation -1): how the admin tools reset offsets. */
function encodeOffsetCommit(group: string, topic: string, ids: readonly number[], offset: number): Buffer {
  return new Writer()
    .string(group)
    .int32(-1)
    .string('')
    .int64(-1)
    .array([topic], (w, t) => w.string(t).array(ids, (pw, p) => pw.int32(p).int64(offset).string(null)))
    .bytes();
}

/** The first error code in an OffsetCommit v2 answer, 0 when every partition was committed. */
function offsetCommitError(body: Reader): number {
  let first = 0;
  body.array((t) => {
    t.string();
    t.array((p) => {
      p.int32();
      const code = p.int16();
      if (first === 0) first = code;
    });
  });
  return first;
}

/** Commits `offset` on every partition of one topic for each group, a few requests in flight at once. */
async function commitGroups(conn: KafkaConnection, groups: readonly string[], topics: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const i = next++;
      const topic = topics[i % topics.length]!;
      const firstPartition = (Math.floor(i / topics.length) * GROUP_PARTITIONS) % PARTITIONS_PER_TOPIC;
      const ids = Array.from({ length: GROUP_PARTITIONS }, (_, j) => (firstPartition + j) % PARTITIONS_PER_TOPIC);
      for (let attempt = 0; ; attempt++) {
        const code = offsetCommitError(await conn.request(OFFSET_COMMIT, 2, encodeOffsetCommit(groups[i]!, topic, ids, COMMITTED_OFFSET)));
        if (code === 0) break;
        // 14 load in progress, 15 coordinator not available, 16 not coordinator: the offsets topic is still coming up.
        if (![14, 15, 16].includes(code) || attempt >= 100) throw new Error(`OffsetCommit for ${groups[i]} failed with Kafka error code ${code}`);
        await sleep(200);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function metricsBench(dir: string, zkConnect: string, stops: Array<() => Promise<void>>): Promise<Figures> {
  const chroot = '/kafka-metrics';
  const spec = writeBroker(dir, 1, await freePort(), `${zkConnect}${chroot}`, 1, {
    'num.io.threads': 4,
    'log.index.size.max.bytes': 1 << 20,
    'socket.request.max.bytes': 200 << 20,
  });
  const proc = launch(spec, BIG_BROKER_JVM);
  stops.unshift(() => proc.stop());
  await waitRegistered(zkConnect, chroot, [1], { brokers: [proc] });
  const bootstrap = `127.0.0.1:${spec.port}`;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const kafka = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING, requestTimeout: 120_000 });
  const admin = kafka.admin();
  await admin.connect();
  stops.unshift(() => admin.disconnect());

  const topics = Array.from({ length: TOPICS }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
  const t0 = performance.now();
  for (let i = 0; i < topics.length; i += 10) {
    await admin.createTopics({
      topics: topics.slice(i, i + 10).map((topic) => ({ topic, numPartitions: PARTITIONS_PER_TOPIC, replicationFactor: 1 })),
      waitForLeaders: false,
      timeout: 120_000,
    });
  }
  const meta = new BrokerClient({ host: '127.0.0.1', port: spec.port });
  stops.unshift(async () => meta.close());
  const partitions = await waitFor(
    `${TOPICS * PARTITIONS_PER_TOPIC} partitions with a leader`,
    async () => {
      const m = await meta.metadata(null);
      const led = m.topics.filter((t) => t.name.startsWith('bench-')).flatMap((t) => t.partitions).filter((p) => p.leader === 1).length;
      return led === TOPICS * PARTITIONS_PER_TOPIC ? led : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 1000 },
  );
  const createSeconds = (performance.now() - t0) / 1000;

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (let i = 0; i < topics.length; i += 10) {
    await producer.sendBatch({
      acks: 1,
      topicMessages: topics.slice(i, i + 10).map((topic) => ({
        topic,
        messages: Array.from({ length: PARTITIONS_PER_TOPIC * MESSAGES_PER_PARTITION }, (_, j) => ({ partition: j % PARTITIONS_PER_TOPIC, value: 'x' })),
      })),
    });
  }
  await producer.disconnect();

  // FindCoordinator creates __consumer_offsets; the commits wait for it to load.
  await waitFor('the group coordinator', () => admin.fetchOffsets({ groupId: 'bench-group-0000', topics: [topics[0]!] }).then(() => true), { timeoutMs: 120_000, intervalMs: 500 });
  const groups = Array.from({ length: GROUPS }, (_, i) => `bench-group-${String(i).padStart(4, '0')}`);
  const conn = new KafkaConnection({ host: '127.0.0.1', port: spec.port });
  stops.unshift(async () => conn.close());
  const t1 = performance.now();
  await commitGroups(conn, groups, topics);
  const commitSeconds = (performance.now() - t1) / 1000;
  const committed = GROUPS * GROUP_PARTITIONS;

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  stops.unshift(async () => agent.destroy());

  // Ours: every scrape renders from the cached collection (SIDECAR_METRICS_CACHE_TTL=0s), as Prometheus
  // scraping every 15-60 s sees it; the collection itself runs on its own timer.
  const started = performance.now();
  const sidecarEnv = {
    SIDECAR_MODE: 'kafka',
    SIDECAR_TARGET: bootstrap,
    SIDECAR_IDENTITY_FILE: identityFile(dir, spec, `${zkConnect}${chroot}`),
    SIDECAR_METRICS_INTERVAL: '10m',
    SIDECAR_METRICS_TIMEOUT: `${METRICS_TIMEOUT_MS / 1000}s`,
    SIDECAR_METRICS_CACHE_TTL: '0s',
    LOG_LEVEL: 'error',
  };
  const sidecar: SidecarProcess = await startSidecarProcess(sidecarEnv, dir, 'metrics-sidecar');
  stops.unshift(sidecar.stop);
  const first = await waitFor(
    'the sidecar\'s first full collection',
    async () => {
      const text = await (await fetch(`${sidecar.url}/metrics`)).text();
      // Each check's series appear after its first run, passed (1) or failed (0).
      return /sidecar_check_success\{check="cluster_partitions"\} [01]/.test(text) && /sidecar_check_success\{check="cluster_groups"\} [01]/.test(text) ? text : undefined;
    },
    { timeoutMs: METRICS_TIMEOUT_MS + 60_000, intervalMs: 50 },
  );
  const oursFirstMs = performance.now() - started;
  const checkResult = (check: string) => {
    const ok = new RegExp(`sidecar_check_success\\{check="${check}"\\} 1`).test(first) ? 'ok' : 'FAILED';
    return `${ok} in ${new RegExp(`sidecar_check_duration_seconds\\{check="${check}"\\} ([0-9.e+-]+)`).exec(first)?.[1]} s`;
  };
  const oursSeries = first.split('\n').filter((l) => l.startsWith('kafka_')).length;
  const oursLag = first.split('\n').filter((l) => l.startsWith('kafka_consumergroup_lag{')).length;
  const oursBytes = (await get(agent, `${sidecar.url}/metrics`)).bytes;
  const ours = await scrapes(agent, `${sidecar.url}/metrics`, SCRAPES);
  const oursRss = status(sidecar.proc.pid, 'VmRSS');
  const oursPeak = status(sidecar.proc.pid, 'VmHWM');
  await sidecar.stop();

  // The same with the V8 sizing the README recommends for the sidecar container.
  const sized: SidecarProcess = await startSidecarProcess({ ...sidecarEnv, NODE_OPTIONS: RECOMMENDED_NODE_OPTIONS }, dir, 'metrics-sidecar-sized');
  stops.unshift(sized.stop);
  await waitFor('the sized sidecar\'s first collection', async () => /sidecar_check_success\{check="cluster_groups"\} [01]/.test(await (await fetch(`${sized.url}/metrics`)).text()), {
    timeoutMs: METRICS_TIMEOUT_MS + 60_000,
    intervalMs: 100,
  });
  const sizedScrapes = await scrapes(agent, `${sized.url}/metrics`, SCRAPES);
  const sizedRss = status(sized.proc.pid, 'VmRSS');
  const sizedPeak = status(sized.proc.pid, 'VmHWM');
  await sized.stop();

  const figures: Figures = {
    'partitions on the broker (RF 1)': partitions,
    'consumer groups': GROUPS,
    'committed group offsets (group x partition)': committed,
    'create topics and wait for leaders, s': createSeconds,
    'commit the groups\' offsets, s': commitSeconds,
    'broker: open file descriptors (limit here 20,000) / heap': `${openFiles(proc.proc.pid)} / ${BIG_BROKER_JVM.KAFKA_HEAP_OPTS}`,
    'sidecar: first full collection, ms (start to /metrics)': oursFirstMs,
    'sidecar: cluster_partitions collection': checkResult('cluster_partitions'),
    'sidecar: cluster_groups collection': checkResult('cluster_groups'),
    'sidecar: kafka_ series / consumergroup_lag series': `${oursSeries} / ${oursLag}`,
    'sidecar: /metrics MiB': oursBytes / 2 ** 20,
    [`sidecar: /metrics p50 ms (${ours.length} scrapes, cached collection, TTL 0s)`]: percentile(ours, 50),
    'sidecar: /metrics p99 ms': percentile(ours, 99),
    'sidecar: RSS MiB after scrapes / peak': `${oursRss.toFixed(1)} / ${oursPeak.toFixed(1)}`,
    [`sidecar with NODE_OPTIONS=${RECOMMENDED_NODE_OPTIONS}: RSS MiB after scrapes / peak`]: `${sizedRss.toFixed(1)} / ${sizedPeak.toFixed(1)}`,
    'sidecar with NODE_OPTIONS: /metrics p99 ms': percentile(sizedScrapes, 99),
  };

  if (!existsSync(exporterBin)) {
    figures['kafka_exporter'] = 'not installed (bash test/kafka-exporter/install.sh); measured the sidecar alone';
    return figures;
  }
  const port = await freePort();
  const exporter: ZkProcess = startProcess(
    [exporterBin, `--kafka.server=${bootstrap}`, `--web.listen-address=127.0.0.1:${port}`, '--kafka.version=3.9.0', '--offset.show-all', '--concurrent.enable', '--log.level=error'],
    join(dir, 'kafka_exporter.log'),
  );
  stops.unshift(() => exporter.stop());
  const url = `http://127.0.0.1:${port}/metrics`;
  const theirStart = performance.now();
  await waitFor('kafka_exporter listening', () => get(agent, `http://127.0.0.1:${port}/`).then(() => true), { timeoutMs: 60_000, intervalMs: 100 });
  const theirFirst = await get(agent, url);
  const theirFirstMs = performance.now() - theirStart;
  const theirs = await scrapes(agent, url, SCRAPES, EXPORTER_SCRAPE_BUDGET_MS);
  const theirRss = status(exporter.pid, 'VmRSS');
  const theirPeak = status(exporter.pid, 'VmHWM');
  await exporter.stop();
  const version = readFileSync(`${exporterBin}.version`, 'utf8').trim();
  return {
    ...figures,
    [`kafka_exporter ${version}: first scrape, ms (start to answer)`]: theirFirstMs,
    'kafka_exporter: /metrics MiB': theirFirst.bytes / 2 ** 20,
    [`kafka_exporter: /metrics p50 ms (${theirs.length} scrapes)`]: percentile(theirs, 50),
    'kafka_exporter: /metrics p99 ms': percentile(theirs, 99),
    'kafka_exporter: RSS MiB after scrapes / peak': `${theirRss.toFixed(1)} / ${theirPeak.toFixed(1)}`,
    'ratio ours/theirs: scrape p99 (aim <= 0.2)': percentile(ours, 99) / percentile(theirs, 99),
    'ratio ours/theirs: RSS (aim <= 0.5)': oursRss / theirRss,
  };
}

/** True when every partition of `topic` has `id` in its ISR, read from the controller's partition state. */
async function allInIsr(zk: Client, chroot: string, topic: string, partitions: number, id: number): Promise<boolean> {
  for (let p = 0; p < partitions; p++) {
    const state = await readZnode(zk, `${chroot}/brokers/topics/${topic}/partitions/${p}/state`);
    if (state === undefined || !(JSON.parse(state) as { isr: number[] }).isr.includes(id)) return false;
  }
  return true;
}

async function readinessBench(dir: string, zkConnect: string, stops: Array<() => Promise<void>>): Promise<Figures> {
  const chroot = '/kafka-ready';
  const topic = 'ready';
  const PARTITIONS = 6;
  const specs = await Promise.all(
    [1, 2, 3].map(async (id) =>
      writeBroker(join(dir, 'ready'), id, await freePort(), `${zkConnect}${chroot}`, 3, {
        'replica.lag.time.max.ms': 2000,
        'zookeeper.session.timeout.ms': 4000,
      }),
    ),
  );
  const brokers: RealBroker[] = specs.map((s) => ({ ...s, proc: launch(s) }));
  stops.unshift(() => Promise.all(brokers.map((b) => b.proc.stop())).then(() => undefined));
  await waitRegistered(zkConnect, chroot, [1, 2, 3], { brokers: brokers.map((b) => b.proc) });
  const kafka = new Kafka({ clientId: 'bench-ready', brokers: specs.map((s) => `127.0.0.1:${s.port}`), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const zk = await connectZk(zkConnect, 10_000);
  stops.unshift(() => closeZk(zk));
  await pollUntil('every replica in the ISR', async () => (await Promise.all(specs.map((s) => allInIsr(zk, chroot, topic, PARTITIONS, s.id)))).every(Boolean), 60_000);

  const sidecars: SidecarProcess[] = [];
  for (const s of specs) {
    const sc = await startSidecarProcess(
      { SIDECAR_MODE: 'kafka', SIDECAR_TARGET: `127.0.0.1:${s.port}`, SIDECAR_IDENTITY_FILE: identityFile(join(dir, 'ready'), s, `${zkConnect}${chroot}`), ...SIDECAR_READY_ENV },
      dir,
      `ready-sidecar-${s.id}`,
    );
    sidecars.push(sc);
    stops.unshift(sc.stop);
  }
  const allReady = () => pollUntil('every sidecar ready', async () => (await Promise.all(sidecars.map((s) => readyzStatus(s.url)))).every((c) => c === 200), 120_000);
  await allReady();

  const killMs: number[] = [];
  const isrToReadyMs: number[] = [];
  const restartToIsrMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const i = round % brokers.length;
    const b = brokers[i]!;
    const sidecar = sidecars[i]!;
    const killed = performance.now();
    const unready = pollUntil(`sidecar ${b.id} /readyz 503`, async () => (await readyzStatus(sidecar.url)) === 503, 30_000);
    await b.proc.kill();
    killMs.push((await unready) - killed);
    // The broker may start again once its old session has expired and the controller has moved it out of the ISR.
    await pollUntil(`broker ${b.id}'s registration gone`, async () => (await readZnode(zk, `${chroot}/brokers/ids/${b.id}`)) === undefined, 30_000);
    await pollUntil(`broker ${b.id} out of the ISR`, async () => !(await allInIsr(zk, chroot, topic, PARTITIONS, b.id)), 30_000);
    const restarted = performance.now();
    b.proc = launch(b);
    let readyAt: number | undefined;
    const ready = pollUntil(
      `sidecar ${b.id} /readyz 200`,
      async () => {
        if (!b.proc.running()) throw new Error(`broker ${b.id} exited; see ${b.log}`);
        return (await readyzStatus(sidecar.url)) === 200;
      },
      120_000,
    ).then((t) => (readyAt = t));
    ready.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    const inIsr = await pollUntil(`broker ${b.id} back in every ISR`, () => allInIsr(zk, chroot, topic, PARTITIONS, b.id), 120_000);
    await ready;
    restartToIsrMs.push(inIsr - restarted);
    isrToReadyMs.push(readyAt! - inIsr);
    await allReady();
  }
  const fmt = (v: number[]) => `${median(v).toFixed(0)} / ${Math.max(...v).toFixed(0)}`;
  return {
    'readiness: sidecar settings': Object.entries(SIDECAR_READY_ENV).filter(([k]) => k !== 'LOG_LEVEL').map(([k, v]) => `${k}=${v}`).join(' '),
    'readiness: rounds (3 brokers, 6 partitions RF 3, replica.lag.time.max.ms=2000)': ROUNDS,
    'readiness: SIGKILL -> /readyz 503, ms median / max': fmt(killMs),
    'readiness: all back in ISR -> /readyz 200, ms median / max': fmt(isrToReadyMs),
    'readiness: restart -> all back in ISR, ms median / max': fmt(restartToIsrMs),
    'readiness: every round, kill->503 | ISR->200 ms': killMs.map((k, j) => `${k.toFixed(0)}|${isrToReadyMs[j]!.toFixed(0)}`).join(' '),
  };
}

export async function bench(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-real-broker-'));
  const stops: Array<() => Promise<void>> = [];
  let keep = false;
  try {
    const zk = await startLocalEnsemble(dir, 1);
    stops.push(() => zk.stop());
    const metrics = await metricsBench(dir, zk.connectString, stops);
    // The big broker and its clients go before the readiness cluster starts, so they do not share the CPU.
    while (stops.length > 1) await stops.shift()!();
    const readiness = await readinessBench(dir, zk.connectString, stops);
    return { ...metrics, ...readiness };
  } catch (e) {
    keep = true;
    throw e;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    // A failed run keeps its broker and sidecar logs.
    if (keep) process.stderr.write(`real-broker: logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
