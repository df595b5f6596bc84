/**
 * A real 3-broker Kafka cluster with one in-process sidecar per broker, for the kafka-mode tests that
 * run against real brokers (real-cluster-*.integration.test.ts).
 *
 * The brokers name their listener INTERNAL, as kafka-init renders it: the identity file the sidecar
 * reads only knows INTERNAL and EXTERNAL (agents/lib/kafka-identity.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'node-zookeeper-client';
import { renderKafkaIdentity } from '../../../agents/lib/kafka-identity.ts';
import { listenerProperties, renderProperties, startLocalKafkaCluster, type LocalKafkaCluster } from '../../support/kafka.ts';
import { readZnode } from '../../support/kafka-znodes.ts';
import { startTestSidecar } from '../../support/sidecar.ts';
import { testIdentity } from '../../support/kafka-identity.ts';
import { waitFor } from '../../support/wait.ts';

export type TestSidecar = Awaited<ReturnType<typeof startTestSidecar>>;

/** "INTERNAL://127.0.0.1:<port>" */
export const endpointOf = (cluster: LocalKafkaCluster, id: number) => `INTERNAL://127.0.0.1:${cluster.address(id).port}`;

/** Settings that let a server.properties file advertise INTERNAL://host:port, as kafka-init's files do. */
export function internalListener(listen: string, advertise: string): string {
  return renderProperties(listenerProperties('INTERNAL', listen, advertise)).trimEnd();
}

/** The local cluster fixture with its listener named INTERNAL, as kafka-init's files name it. */
export function startInternalCluster(dir: string, zookeeper: string, overrides: Record<string, string | number | boolean> = {}): Promise<LocalKafkaCluster> {
  return startLocalKafkaCluster(dir, { size: 3, zookeeper, overrides, listener: 'INTERNAL' });
}

/** identity.json as kafka-init writes it for a broker that advertises `internal` (host:port). */
export function writeIdentity(file: string, id: number, internal: string, zookeeperConnect: string): string {
  writeFileSync(
    file,
    renderKafkaIdentity(testIdentity({ brokerId: id, internal, zookeeperConnect })),
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
