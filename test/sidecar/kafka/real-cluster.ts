/**
 * A real 3-broker Kafka cluster with one in-process sidecar per broker, for the kafka-mode tests that
 * run against real brokers (real-cluster-*.integration.test.ts).
 *
 * The brokers name their listener INTERNAL, as kafka-init renders it: the identity file the sidecar
 * reads only knows INTERNAL and EXTERNAL (agents/lib/kafka-identity.ts), while the local cluster
 * fixture (test/support/kafka.ts) names its one listener PLAINTEXT. So the fixture's brokers are started
 * once, stopped, given INTERNAL in their own files and started again on the same ports and volumes.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'node-zookeeper-client';
import { renderKafkaIdentity } from '../../../agents/lib/kafka-identity.ts';
import { readRegistration, startLocalKafkaCluster, type KafkaBroker, type LocalKafkaCluster } from '../../support/kafka.ts';
import { closeZk, connectZk, readZnode } from '../../support/kafka-znodes.ts';
import { startTestSidecar } from '../../support/sidecar.ts';
import { GiveUp, waitFor } from '../../support/wait.ts';
import type { LocalEnsemble } from '../../support/zookeeper.ts';

export type TestSidecar = Awaited<ReturnType<typeof startTestSidecar>>;

/** "INTERNAL://127.0.0.1:<port>" */
export const endpointOf = (cluster: LocalKafkaCluster, id: number) => `INTERNAL://127.0.0.1:${cluster.address(id).port}`;

/** Settings that let a server.properties file advertise INTERNAL://host:port, as kafka-init's files do. */
export function internalListener(listen: string, advertise: string): string {
  return [
    `listeners=INTERNAL://${listen}`,
    `advertised.listeners=INTERNAL://${advertise}`,
    'listener.security.protocol.map=INTERNAL:PLAINTEXT',
    'inter.broker.listener.name=INTERNAL',
  ].join('\n');
}

/**
 * Lets the ensemble grant sessions up to `ms`: the fixture's zoo.cfg (tickTime 500) caps them at 20
 * ticks, 10 s, whatever zookeeper.session.timeout.ms a broker asks for. Restarts the nodes.
 */
export async function allowSessionsUpTo(zk: LocalEnsemble, ms: number): Promise<void> {
  for (const n of zk.nodes) {
    await n.proc.stop();
    appendFileSync(n.cfgPath, `maxSessionTimeout=${ms}\n`);
    n.start();
  }
  await zk.waitForQuorum();
}

const STARTED = /\[KafkaServer id=\d+\] started \(kafka\.server\.KafkaServer\)/g;
const startedCount = (b: KafkaBroker) => (existsSync(b.logFile) ? (readFileSync(b.logFile, 'utf8').match(STARTED) ?? []).length : 0);

/** Waits until broker `id` logged "started" more than `before` times: registered is not yet started (a SIGTERM then halts it). */
async function waitStarted(cluster: LocalKafkaCluster, id: number, before: number): Promise<void> {
  await waitFor(`broker ${id} started`, () => {
    const b = cluster.brokers.find((x) => x.id === id)!;
    if (!b.running()) throw new GiveUp(`broker ${id} exited; see ${b.logFile}`);
    return startedCount(b) > before;
  }, { timeoutMs: 120_000, intervalMs: 200 });
}

/**
 * cluster.restart(id) once the previous process's registration is gone (the fixture's restart would take
 * a stale one for the new process's, and the new process cannot register over it), then until it started.
 */
export async function restartBroker(cluster: LocalKafkaCluster, zookeeper: string, id: number): Promise<void> {
  const zk = await connectZk(zookeeper, 10_000);
  try {
    await waitFor(`the registration of broker ${id}'s previous process to go`, async () => (await readRegistration(zk, cluster.chroot, id)) === undefined, { timeoutMs: 120_000, intervalMs: 250 });
  } finally {
    await closeZk(zk);
  }
  const before = startedCount(cluster.brokers.find((x) => x.id === id)!);
  await cluster.restart(id);
  await waitStarted(cluster, id, before);
}

/** The local cluster fixture, its listener renamed INTERNAL (later keys of a properties file win). */
export async function startInternalCluster(dir: string, zookeeper: string, overrides: Record<string, string | number | boolean> = {}): Promise<LocalKafkaCluster> {
  const cluster = await startLocalKafkaCluster(dir, { size: 3, zookeeper, overrides });
  try {
    await Promise.all(cluster.brokers.map((b) => waitStarted(cluster, b.id, 0)));
    await cluster.stop();
    for (const b of cluster.brokers) {
      const hostPort = `127.0.0.1:${cluster.address(b.id).port}`;
      appendFileSync(b.propertiesFile, `\n# renamed for the sidecar tests\n${internalListener(hostPort, hostPort)}\n`);
    }
    await Promise.all(cluster.brokers.map((b) => restartBroker(cluster, zookeeper, b.id)));
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

/** identity.json as kafka-init writes it for a broker that advertises `internal` (host:port). */
export function writeIdentity(file: string, id: number, internal: string, zookeeperConnect: string): string {
  writeFileSync(
    file,
    renderKafkaIdentity({
      version: 1,
      brokerId: id,
      rack: null,
      podName: `kafka-${id}`,
      advertisedListeners: { INTERNAL: internal },
      listenerSecurityProtocolMap: { INTERNAL: 'PLAINTEXT' },
      interBrokerListenerName: 'INTERNAL',
      endpoints: [`INTERNAL://${internal}`],
      zookeeperConnect,
    }),
  );
  return file;
}

/** Quick rounds, so a test sees a change within a second or two; generous time limits for a busy machine. */
export const SIDECAR_TEST_ENV = {
  SIDECAR_MODE: 'kafka',
  SIDECAR_CHECK_INTERVAL: '250ms',
  SIDECAR_CHECK_TIMEOUT: '2s',
  SIDECAR_METRICS_INTERVAL: '1s',
  SIDECAR_METRICS_TIMEOUT: '15s',
  SIDECAR_METRICS_CACHE_TTL: '0s',
  SIDECAR_ZK_SESSION_TIMEOUT: '4s',
  SIDECAR_ISR_MAX_WAIT: '0s',
} as const;

/** A sidecar beside broker `id` of the cluster, as its pod would run it. */
export function startSidecarFor(cluster: LocalKafkaCluster, dir: string, id: number, env: Record<string, string> = {}): Promise<TestSidecar> {
  const { host, port } = cluster.address(id);
  const identity = writeIdentity(join(dir, `identity-${id}.json`), id, `${host}:${port}`, cluster.zookeeperConnect);
  return startTestSidecar({ ...SIDECAR_TEST_ENV, SIDECAR_TARGET: `${host}:${port}`, SIDECAR_IDENTITY_FILE: identity, ...env });
}

export interface CheckView {
  readonly check: string;
  readonly ok: boolean;
  readonly reason: string;
}

/** /readyz?verbose: the verdict and every check's latest result. */
export async function readyzVerbose(url: string): Promise<{ status: number; ready: boolean; reason: string; checks: CheckView[] }> {
  const res = await fetch(`${url}/readyz?verbose`);
  const body = (await res.json()) as { ready: boolean; reason: string; checks: CheckView[] };
  return { status: res.status, ...body };
}

/** Waits until one check of the sidecar has the wanted outcome (and a reason matching `says`); returns its reason. */
export function waitForCheck(url: string, check: string, ok: boolean, says: RegExp | undefined, what: string, timeoutMs = 60_000): Promise<string> {
  return waitFor(
    `${what}: check ${check} ${ok ? 'passing' : 'failing'}${says ? ` with a reason matching ${String(says)}` : ''}`,
    async () => {
      const c = (await readyzVerbose(url)).checks.find((x) => x.check === check);
      return c && c.ok === ok && (says === undefined || says.test(c.reason)) ? c.reason : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

export interface ZkPartition {
  readonly topic: string;
  readonly partition: number;
  readonly replicas: number[];
  readonly leader: number;
  readonly isr: number[];
}

/** What the controller wrote in ZooKeeper for `topics`: assignment and partition state. */
export async function zkPartitions(zk: Client, chroot: string, topics: readonly string[]): Promise<ZkPartition[]> {
  const out: ZkPartition[] = [];
  for (const topic of topics) {
    const assignment = await readZnode(zk, `${chroot}/brokers/topics/${topic}`);
    if (assignment === undefined) continue;
    const parts = (JSON.parse(assignment) as { partitions: Record<string, number[]> }).partitions;
    for (const [p, replicas] of Object.entries(parts)) {
      const state = await readZnode(zk, `${chroot}/brokers/topics/${topic}/partitions/${p}/state`);
      const s = state === undefined ? { leader: -1, isr: [] } : (JSON.parse(state) as { leader: number; isr: number[] });
      out.push({ topic, partition: Number(p), replicas, leader: s.leader, isr: s.isr });
    }
  }
  return out.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

/** "orders-0" names of the partitions that have `id` as a replica, and of those missing it in their ISR. */
export function replicasOf(parts: readonly ZkPartition[], id: number): { mine: string[]; behind: string[] } {
  const mine = parts.filter((p) => p.replicas.includes(id));
  return { mine: mine.map((p) => `${p.topic}-${p.partition}`), behind: mine.filter((p) => !p.isr.includes(id)).map((p) => `${p.topic}-${p.partition}`) };
}

/** The broker id in /controller. */
export async function controllerId(zk: Client, chroot: string): Promise<number | undefined> {
  const text = await readZnode(zk, `${chroot}/controller`);
  return text === undefined ? undefined : (JSON.parse(text) as { brokerid: number }).brokerid;
}
