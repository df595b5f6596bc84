/**
 * Real Kafka brokers for tests: Apache Kafka's jars from Maven Central, installed by test/setup.sh into
 * .cache/kafka/<version> and started with its bin/kafka-server-start.sh on a given server.properties.
 *
 * startBroker runs one broker from any file, optionally inside a test host's network namespace (the
 * `wrap` argv of netns.ts); startLocalKafkaCluster writes its own files for 1 or 3 brokers on 127.0.0.1
 * with free ports, on a given ZooKeeper. Both stop exactly the processes they started. kafkaTool runs
 * Kafka's own command-line tools against them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'node-zookeeper-client';
import { closeZk, connectZk, readZnode } from './kafka-znodes.ts';
import { freePorts } from './ports.ts';
import { KAFKA_ZK_VERSION, kafkaHome } from './versions.ts';
import { GiveUp, waitFor } from './wait.ts';
import { startProcess, type ZkProcess } from './zookeeper.ts';

/** JVM settings for test brokers: a small heap and quick start; two cores serve several brokers. */
export const TEST_BROKER_JVM = {
  KAFKA_HEAP_OPTS: '-Xms192m -Xmx192m',
  KAFKA_JVM_PERFORMANCE_OPTS: '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Djava.awt.headless=true',
};

export interface KafkaBroker {
  readonly id: number;
  readonly propertiesFile: string;
  readonly logFile: string;
  readonly proc: ZkProcess;
  running(): boolean;
  /** SIGTERM (a controlled shutdown) and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait: a crash. */
  kill(): Promise<void>;
  /** SIGSTOP: the JVM stops answering anyone, ZooKeeper included, until resume(). */
  pause(): void;
  resume(): void;
}

export interface BrokerOptions {
  readonly id: number;
  readonly propertiesFile: string;
  readonly logFile: string;
  readonly version?: string;
  /** Argv prefix the launcher runs under (a test host's namespaces). */
  readonly wrap?: readonly string[];
  readonly env?: Record<string, string>;
}

/** Starts one broker in the foreground on `propertiesFile`; it does not wait for it. */
export function startBroker(o: BrokerOptions): KafkaBroker {
  const home = kafkaHome(o.version ?? KAFKA_ZK_VERSION);
  const argv = [...(o.wrap ?? []), join(home, 'bin', 'kafka-server-start.sh'), o.propertiesFile];
  const proc = startProcess(argv, o.logFile, { ...process.env, ...TEST_BROKER_JVM, LOG_DIR: join(o.logFile, '..'), ...o.env });
  const signal = (sig: NodeJS.Signals) => {
    if (proc.pid !== undefined && proc.running()) process.kill(proc.pid, sig);
  };
  return {
    id: o.id,
    propertiesFile: o.propertiesFile,
    logFile: o.logFile,
    proc,
    running: () => proc.running(),
    stop: () => {
      signal('SIGCONT');
      return proc.stop();
    },
    kill: () => proc.kill(),
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
  };
}

/** The line a broker logs once it serves (registered comes earlier: a SIGTERM between the two halts it). */
const STARTED = /\] started \(kafka\.server\.KafkaServer\)|Kafka Server started/g;

function startedCount(b: KafkaBroker): number {
  return existsSync(b.logFile) ? (readFileSync(b.logFile, 'utf8').match(STARTED) ?? []).length : 0;
}

/** Waits until the broker has logged that it started more than `before` times (its log is appended to across restarts). */
export async function waitStarted(b: KafkaBroker, before = 0, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    `broker ${b.id} started`,
    () => {
      if (!b.running()) throw new GiveUp(`broker ${b.id} exited; see ${b.logFile}`);
      return startedCount(b) > before;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

export interface Registration {
  readonly endpoints: string[];
  readonly rack?: string;
  readonly host: string | null;
  readonly port: number;
}

/** The registration /brokers/ids/<id> that a broker wrote in ZooKeeper, or undefined while there is none. */
export async function readRegistration(zk: Client, chroot: string, id: number): Promise<Registration | undefined> {
  const text = await readZnode(zk, `${chroot}/brokers/ids/${id}`);
  return text === undefined ? undefined : (JSON.parse(text) as Registration);
}

/** Waits until every broker of `ids` is registered under `chroot`, and returns the registrations. */
export async function waitRegistered(
  zkConnect: string,
  chroot: string,
  ids: readonly number[],
  { timeoutMs = 90_000, brokers = [] as readonly KafkaBroker[] } = {},
): Promise<Map<number, Registration>> {
  const zk = await connectZk(zkConnect, 10_000);
  try {
    return await waitFor(
      `brokers ${ids.join(', ')} registered in ZooKeeper at ${chroot}`,
      async () => {
        const dead = brokers.find((b) => !b.running());
        if (dead) throw new GiveUp(`broker ${dead.id} exited; see ${dead.logFile}`);
        const regs = await Promise.all(ids.map(async (id) => [id, await readRegistration(zk, chroot, id)] as const));
        return regs.every(([, r]) => r) ? new Map(regs as Array<[number, Registration]>) : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } finally {
    await closeZk(zk);
  }
}

export interface ToolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of Kafka's tools (`kafka-topics`, `kafka-consumer-groups`, ...) and collects its output. */
export function kafkaTool(
  tool: string,
  args: readonly string[],
  { version = KAFKA_ZK_VERSION, timeoutMs = 60_000, input, wrap = [] }: { version?: string; timeoutMs?: number; input?: string; wrap?: readonly string[] } = {},
): Promise<ToolResult> {
  const script = join(kafkaHome(version), 'bin', `${tool}.sh`);
  const argv = [...wrap, script, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, KAFKA_HEAP_OPTS: '-Xmx128m', KAFKA_JVM_PERFORMANCE_OPTS: TEST_BROKER_JVM.KAFKA_JVM_PERFORMANCE_OPTS },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${tool} ${args.join(' ')} took over ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** kafkaTool that fails with the tool's stderr unless it exits 0; returns stdout. */
export async function kafkaToolOk(tool: string, args: readonly string[], opts: Parameters<typeof kafkaTool>[2] = {}): Promise<string> {
  const r = await kafkaTool(tool, args, opts);
  if (r.code !== 0) throw new Error(`${tool} ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

export interface LocalKafkaCluster {
  readonly brokers: readonly KafkaBroker[];
  /** host:port of every broker, comma-separated. */
  readonly bootstrap: string;
  readonly chroot: string;
  /** ZooKeeper connect string with the chroot, as the brokers have it. */
  readonly zookeeperConnect: string;
  address(id: number): { host: string; port: number };
  /**
   * Starts a stopped (or killed) broker again on its own file and volume: once the old process's
   * registration has gone (after a kill, when its session expires), then until the new one has started.
   */
  restart(id: number): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  readonly size: 1 | 3;
  /** ZooKeeper connect string without a chroot. */
  readonly zookeeper: string;
  readonly chroot?: string;
  /** Extra server.properties entries for every broker (they win over the defaults). */
  readonly overrides?: Record<string, string | number | boolean>;
  /** broker.id of the first broker; the others follow. */
  readonly firstId?: number;
  readonly version?: string;
  /** The one listener's name: PLAINTEXT, or INTERNAL as kafka-init names it (and the sidecar's identity file knows). */
  readonly listener?: 'PLAINTEXT' | 'INTERNAL';
}

/** Settings that make a test cluster quick: no rebalance delay, internal topics sized to the cluster. */
export function testBrokerDefaults(size: number): Record<string, string | number | boolean> {
  const rf = Math.min(3, size);
  return {
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': 6,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': Math.min(2, rf),
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': false,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    // The log cleaner's dedupe buffer (128 MiB by default) would not fit the test heap.
    'log.cleaner.dedupe.buffer.size': 16 * 1024 * 1024,
    'zookeeper.session.timeout.ms': 10_000,
    'controlled.shutdown.max.retries': 1,
  };
}

/** The listener keys for one plaintext listener named `name`, bound on `bind` and advertised as `advertise`. */
export function listenerProperties(name: string, bind: string, advertise: string): Record<string, string> {
  const keys: Record<string, string> = { listeners: `${name}://${bind}`, 'advertised.listeners': `${name}://${advertise}` };
  if (name !== 'PLAINTEXT') Object.assign(keys, { 'listener.security.protocol.map': `${name}:PLAINTEXT`, 'inter.broker.listener.name': name });
  return keys;
}

export function renderProperties(entries: Record<string, string | number | boolean>): string {
  return Object.entries(entries).map(([k, v]) => `${k}=${String(v)}`).join('\n') + '\n';
}

/** 1 or 3 brokers on 127.0.0.1 with free ports, data under `dir`, registered and started before it returns. */
export async function startLocalKafkaCluster(dir: string, o: LocalClusterOptions): Promise<LocalKafkaCluster> {
  const chroot = o.chroot ?? '/kafka';
  const firstId = o.firstId ?? 1;
  const ports = await freePorts(o.size);
  const zookeeperConnect = `${o.zookeeper}${chroot}`;
  const files = ports.map((port, i) => {
    const id = firstId + i;
    const brokerDir = join(dir, `broker-${id}`);
    mkdirSync(join(brokerDir, 'data'), { recursive: true });
    const file = join(brokerDir, 'server.properties');
    const props = {
      'broker.id': id,
      ...listenerProperties(o.listener ?? 'PLAINTEXT', `127.0.0.1:${port}`, `127.0.0.1:${port}`),
      'log.dirs': join(brokerDir, 'data'),
      'zookeeper.connect': zookeeperConnect,
      ...testBrokerDefaults(o.size),
      ...o.overrides,
    };
    writeFileSync(file, renderProperties(props));
    return { id, port, file, log: join(brokerDir, 'broker.log') };
  });
  const brokers: KafkaBroker[] = [];
  const launch = (f: (typeof files)[number]) =>
    startBroker({ id: f.id, propertiesFile: f.file, logFile: f.log, ...(o.version && { version: o.version }) });
  for (const f of files) brokers.push(launch(f));
  const cluster: LocalKafkaCluster = {
    brokers,
    bootstrap: ports.map((p) => `127.0.0.1:${p}`).join(','),
    chroot,
    zookeeperConnect,
    address: (id) => ({ host: '127.0.0.1', port: files.find((f) => f.id === id)!.port }),
    async restart(id) {
      const i = files.findIndex((f) => f.id === id);
      if (brokers[i]!.running()) throw new Error(`broker ${id} is still running`);
      const zk = await connectZk(o.zookeeper, 10_000);
      try {
        await waitFor(`the registration of broker ${id}'s previous process to go`, async () => (await readRegistration(zk, chroot, id)) === undefined, {
          timeoutMs: 120_000,
          intervalMs: 250,
        });
      } finally {
        await closeZk(zk);
      }
      const before = startedCount(brokers[i]!);
      brokers[i] = launch(files[i]!);
      await waitRegistered(o.zookeeper, chroot, [id], { brokers: [brokers[i]!] });
      await waitStarted(brokers[i]!, before);
    },
    async stop() {
      await Promise.all(brokers.map((b) => b.stop()));
    },
  };
  try {
    await waitRegistered(o.zookeeper, chroot, files.map((f) => f.id), { brokers });
    await Promise.all(brokers.map((b) => waitStarted(b)));
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}
