/**
 * Real Kafka 4.x in KRaft mode for tests: controllers and brokers (or combined nodes) on 127.0.0.1 with
 * free ports, each node's storage formatted once with Kafka's own kafka-storage tool, the quorum given as
 * static voters. Builds on startBroker of kafka.ts and stops exactly the processes it started.
 *
 * Tests of what kafka-init renders start their nodes from kafka-init's own files with startBroker and
 * formatStorage; this fixture is for tests that need a KRaft cluster to talk to (the sidecar, the canary).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaToolOk, renderProperties, startBroker, testBrokerDefaults, waitStarted, type KafkaBroker } from './kafka.ts';
import { freePorts } from './ports.ts';
import { KAFKA_KRAFT_VERSION } from './versions.ts';
import { waitFor } from './wait.ts';

/** A KRaft cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** `kafka-storage format` of one node's log dirs for `clusterId`, from its own server.properties. */
export async function formatStorage(propertiesFile: string, clusterId: string, extra: readonly string[] = [], version = KAFKA_KRAFT_VERSION): Promise<string> {
  return kafkaToolOk('kafka-storage', ['format', '-t', clusterId, '-c', propertiesFile, ...extra], { version });
}

/** What kafka-metadata-quorum describe --status says of the quorum. */
export interface QuorumStatus {
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly voters: readonly number[];
  readonly observers: readonly number[];
}

/** kafka-metadata-quorum describe --status through `bootstrapController` (optionally inside a test host). */
export async function describeQuorum(bootstrapController: string, opts: { wrap?: readonly string[]; version?: string } = {}): Promise<QuorumStatus> {
  const out = await kafkaToolOk('kafka-metadata-quorum', ['--bootstrap-controller', bootstrapController, 'describe', '--status'], { version: opts.version ?? KAFKA_KRAFT_VERSION, wrap: opts.wrap });
  const num = (key: string) => Number(new RegExp(`^${key}:\\s+(-?\\d+)`, 'm').exec(out)?.[1]);
  const ids = (key: string) => [...(new RegExp(`^${key}:\\s+(.*)$`, 'm').exec(out)?.[1] ?? '').matchAll(/"id":\s*(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  return { leaderId: num('LeaderId'), leaderEpoch: num('LeaderEpoch'), voters: ids('CurrentVoters'), observers: ids('CurrentObservers') };
}

export type KraftRole = 'controller' | 'broker' | 'broker,controller';

export interface KraftNode extends KafkaBroker {
  readonly roles: KraftRole;
  /** The client listener (brokers and combined nodes), host:port. */
  readonly clientAddress?: string;
  /** The CONTROLLER listener (controllers and combined nodes), host:port. */
  readonly controllerAddress?: string;
}

export interface KraftClusterOptions {
  /** Dedicated controllers (ids from 1000), or combined nodes when `combined` is set. */
  readonly controllers: 1 | 3;
  /** Dedicated brokers (ids from 1); ignored when `combined`. */
  readonly brokers?: 0 | 1 | 3;
  /** Every controller is also a broker (process.roles=broker,controller). */
  readonly combined?: boolean;
  /** Extra server.properties entries for every node (they win over the defaults). */
  readonly overrides?: Record<string, string | number | boolean>;
  readonly clusterId?: string;
  readonly version?: string;
  /** The client listener's name: PLAINTEXT, or INTERNAL as kafka-init names it. */
  readonly listener?: 'PLAINTEXT' | 'INTERNAL';
}

export interface LocalKraftCluster {
  readonly clusterId: string;
  readonly nodes: readonly KraftNode[];
  readonly controllers: readonly KraftNode[];
  /** Nodes that serve clients (brokers, or combined nodes). */
  readonly brokers: readonly KraftNode[];
  /** host:port of every client listener, comma-separated. */
  readonly bootstrap: string;
  /** host:port of every controller listener, comma-separated (controller.quorum.bootstrap.servers). */
  readonly controllerBootstrap: string;
  /** Starts a stopped (or killed) node again on its own file and volume, and waits until it has started. */
  restart(id: number): Promise<void>;
  stop(): Promise<void>;
}

interface Plan {
  readonly id: number;
  readonly roles: KraftRole;
  readonly clientPort?: number;
  readonly controllerPort?: number;
  readonly dir: string;
  readonly file: string;
  readonly log: string;
}

const CONTROLLER_ID_BASE = 1000;

/** Settings that make a test node quick; the ZooKeeper-only keys of testBrokerDefaults dropped. */
export function kraftDefaults(brokerCount: number): Record<string, string | number | boolean> {
  const d = testBrokerDefaults(Math.max(1, brokerCount));
  delete d['zookeeper.session.timeout.ms'];
  delete d['controlled.shutdown.max.retries'];
  return d;
}

function listenerKeys(p: Plan, clientName: string): Record<string, string> {
  const listeners: string[] = [];
  const advertised: string[] = [];
  const map = ['CONTROLLER:PLAINTEXT'];
  if (p.clientPort !== undefined) {
    listeners.push(`${clientName}://127.0.0.1:${p.clientPort}`);
    advertised.push(`${clientName}://127.0.0.1:${p.clientPort}`);
    map.push(`${clientName}:PLAINTEXT`);
  }
  if (p.controllerPort !== undefined) {
    listeners.push(`CONTROLLER://127.0.0.1:${p.controllerPort}`);
    advertised.push(`CONTROLLER://127.0.0.1:${p.controllerPort}`);
  }
  const keys: Record<string, string> = {
    listeners: listeners.join(','),
    'listener.security.protocol.map': map.join(','),
    'controller.listener.names': 'CONTROLLER',
  };
  if (p.roles !== 'controller') {
    keys['inter.broker.listener.name'] = clientName;
  }
  keys['advertised.listeners'] = advertised.join(',');
  return keys;
}

/** A KRaft cluster on 127.0.0.1 under `dir`: formatted, started, and every broker serving before it returns. */
export async function startLocalKraftCluster(dir: string, o: KraftClusterOptions): Promise<LocalKraftCluster> {
  const version = o.version ?? KAFKA_KRAFT_VERSION;
  const clusterId = o.clusterId ?? newClusterId();
  const clientName = o.listener ?? 'PLAINTEXT';
  const brokerCount = o.combined ? 0 : (o.brokers ?? 0);
  const ports = await freePorts(o.controllers * (o.combined ? 2 : 1) + brokerCount);
  const take = () => ports.shift()!;
  const plans: Plan[] = [];
  const node = (id: number, roles: KraftRole, clientPort?: number, controllerPort?: number): Plan => {
    const d = join(dir, `node-${id}`);
    return { id, roles, clientPort, controllerPort, dir: d, file: join(d, 'server.properties'), log: join(d, 'server.log') };
  };
  for (let i = 0; i < o.controllers; i++) {
    plans.push(o.combined ? node(CONTROLLER_ID_BASE + i, 'broker,controller', take(), take()) : node(CONTROLLER_ID_BASE + i, 'controller', undefined, take()));
  }
  for (let i = 0; i < brokerCount; i++) plans.push(node(1 + i, 'broker', take()));
  const controllerPlans = plans.filter((p) => p.controllerPort !== undefined);
  const voters = controllerPlans.map((p) => `${p.id}@127.0.0.1:${p.controllerPort}`).join(',');
  const servingCount = plans.filter((p) => p.clientPort !== undefined).length;

  for (const p of plans) {
    mkdirSync(join(p.dir, 'data'), { recursive: true });
    const props = {
      'process.roles': p.roles,
      'node.id': p.id,
      'controller.quorum.voters': voters,
      ...listenerKeys(p, clientName),
      'log.dirs': join(p.dir, 'data'),
      ...kraftDefaults(servingCount),
      ...o.overrides,
    };
    writeFileSync(p.file, renderProperties(props));
  }
  await Promise.all(plans.map((p) => formatStorage(p.file, clusterId, [], version)));

  const launch = (p: Plan): KraftNode => ({
    ...startBroker({ id: p.id, propertiesFile: p.file, logFile: p.log, version }),
    roles: p.roles,
    ...(p.clientPort !== undefined && { clientAddress: `127.0.0.1:${p.clientPort}` }),
    ...(p.controllerPort !== undefined && { controllerAddress: `127.0.0.1:${p.controllerPort}` }),
  });
  const nodes: KraftNode[] = plans.map(launch);
  const restarts = new Map<number, number>();
  const serving = () => nodes.filter((n) => n.clientAddress !== undefined);
  const bootstrap = plans.filter((p) => p.clientPort !== undefined).map((p) => `127.0.0.1:${p.clientPort}`).join(',');

  const waitServing = async () => {
    await Promise.all(nodes.map((n) => waitStarted(n, restarts.get(n.id) ?? 0)));
    if (servingCount === 0) return;
    // Started is logged before a broker is unfenced; the cluster serves once every broker is in the metadata.
    await waitFor(
      `${servingCount} brokers unfenced in cluster ${clusterId}`,
      async () => {
        const out = await kafkaToolOk('kafka-broker-api-versions', ['--bootstrap-server', bootstrap], { version }).catch(() => '');
        return (out.match(/^\S+:\d+ \(id: \d+ rack: /gm) ?? []).length === servingCount;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
  };

  const cluster: LocalKraftCluster = {
    clusterId,
    get nodes() {
      return nodes;
    },
    get controllers() {
      return nodes.filter((n) => n.controllerAddress !== undefined);
    },
    get brokers() {
      return serving();
    },
    bootstrap,
    controllerBootstrap: controllerPlans.map((p) => `127.0.0.1:${p.controllerPort}`).join(','),
    async restart(id) {
      const i = plans.findIndex((p) => p.id === id);
      if (i < 0) throw new Error(`no node ${id} in this cluster`);
      if (nodes[i]!.running()) throw new Error(`node ${id} is still running`);
      restarts.set(id, (restarts.get(id) ?? 0) + 1);
      nodes[i] = launch(plans[i]!);
      await waitStarted(nodes[i]!, restarts.get(id)!);
    },
    async stop() {
      // Brokers first, so that they can still reach a controller for a controlled shutdown.
      await Promise.all(nodes.filter((n) => n.roles === 'broker').map((n) => n.stop()));
      await Promise.all(nodes.filter((n) => n.roles !== 'broker').map((n) => n.stop()));
    },
  };
  try {
    await waitServing();
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}
