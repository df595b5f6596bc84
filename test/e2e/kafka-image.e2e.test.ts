// End to end: the apache/kafka stand-in (test/e2e/images/kafka) run as the manifests run the official
// image: the kafka container's command, user and mounts from the rendered StatefulSet (read-only root,
// uid 1000, server.properties in /etc/kafka-broker, data in /var/lib/kafka/data, logs and /tmp as volumes), against a
// real ZooKeeper on this machine; the tools as the test Jobs run them, each in a container of its own.
// Both reach each other on 127.0.0.1 (the containers share the host's network), on free ports.
//
// What a stand-in cannot show: the official image's own launcher scripts (bin/kafka-server-start.sh and
// the tools are ours, test/kafka/bin), its JVM defaults (heap, GC flags), its base OS and Java build
// (Alpine and Temurin 21 there, Debian 12 and Debian's OpenJDK 17 here), and its environment-to-config
// entrypoint /etc/kafka/docker/run (our manifests do not use it). Its paths, user, volumes and Kafka jars
// are the official image's.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readRegistration, renderProperties, type Registration, TEST_BROKER_JVM, testBrokerDefaults, waitRegistered } from '../support/kafka.ts';
import { closeZk, connectZk } from '../support/kafka-znodes.ts';
import { MANIFESTS } from '../manifests/lint/kustomize.ts';
import { podman, podmanAsync, podmanRaw } from '../../images/bake/podman.ts';
import { freePort } from '../support/ports.ts';
import { KAFKA_ZK_VERSION } from '../support/versions.ts';
import { startLocalEnsemble, type LocalEnsemble } from '../support/zookeeper.ts';
import { findObject, renderedManifests } from './manifests.ts';

const images = inject('e2eImages');
const prefix = `e2e-kimg-${randomBytes(3).toString('hex')}`;
const BROKER_ID = 1;
const TOPIC = 'test-basic';
// Less than the StatefulSet's terminationGracePeriodSeconds (120): a clean stop of one small broker is quick.
const STOP_GRACE_S = 60;

interface KafkaContainer {
  command: string[];
  env: Array<{ name: string; value?: string }>;
  volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  securityContext: { readOnlyRootFilesystem?: boolean };
}

const made: string[] = [];
const figures: Record<string, string> = {};
let dir: string;
let zk: LocalEnsemble;
let chroot: string;
let port: number;
let broker: string;
let kafka: KafkaContainer;
let podUser: { runAsUser: number; runAsGroup: number };
/** Host directory behind each of the kafka container's volume mounts, by mount path. */
const volumes = new Map<string, string>();
/** log.dirs as the manifest's kafka-init sets it (KAFKA_DATA_DIR). */
let logDirs: string;
/** Where a path inside the container lives on this machine: under the volume mounted deepest above it. */
function hostPath(inContainer: string): string {
  const mount = [...volumes.keys()].filter((m) => inContainer === m || inContainer.startsWith(`${m}/`)).sort((a, b) => b.length - a.length)[0];
  if (!mount) throw new Error(`${inContainer} is on no volume of the kafka container`);
  return join(volumes.get(mount)!, inContainer.slice(mount.length));
}
let startedAt: number;
/** podman run options of the broker container but its name and command. */
let runArgs: string[];
let registered: Promise<{ regs: Map<number, Registration>; ms: number } | { error: string }>;

function image(): string {
  if (!images) throw new Error('podman is not available (run as root after test/setup.sh)');
  return images.kafka;
}

/** The tools the manifests call, as absolute paths in the image. */
function toolsInManifests(): string[] {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.yaml')) {
        const text = readFileSync(join(d, e.name), 'utf8');
        // The KRaft files run apache/kafka 4.x, not the 3.9 image this stand-in plays.
        if (/image: apache\/kafka:4\./.test(text)) continue;
        for (const m of text.matchAll(/\/opt\/kafka\/bin\/[\w.-]+/g)) found.add(m[0]);
      }
    }
  };
  walk(MANIFESTS);
  return [...found].sort();
}

/** podman run of a Kafka tool as the test Jobs run one: read-only root, uid 1000, logs and /tmp as volumes. */
async function tool(argv: readonly string[], timeoutMs = 90_000): Promise<string> {
  const r = await podmanAsync(
    [
      'run', '--rm', '--network', 'host', '--read-only', '--read-only-tmpfs=false', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      '--user', `${podUser.runAsUser}:${podUser.runAsGroup}`, '--tmpfs', '/opt/kafka/logs:mode=1777', '--tmpfs', '/tmp:mode=1777',
      '--env', 'KAFKA_HEAP_OPTS=-Xmx128m', '--env', `KAFKA_JVM_PERFORMANCE_OPTS=${TEST_BROKER_JVM.KAFKA_JVM_PERFORMANCE_OPTS}`,
      image(), ...argv,
    ],
    { timeoutMs },
  );
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function brokerLogs(): string {
  const r = podmanRaw(['logs', broker]);
  return r.stdout + r.stderr;
}

beforeAll(async () => {
  const objects = renderedManifests();
  const sts = findObject(objects, 'StatefulSet', 'kafka');
  const pod = sts.spec.template.spec;
  podUser = pod.securityContext;
  kafka = (pod.containers as Array<KafkaContainer & { name: string }>).find((c) => c.name === 'kafka')!;
  const init = (pod.initContainers as Array<KafkaContainer & { name: string }>).find((c) => c.name === 'kafka-init')!;
  logDirs = init.env.find((e) => e.name === 'KAFKA_DATA_DIR')!.value!;
  dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  zk = await startLocalEnsemble(join(dir, 'zk'), 1);
  chroot = `/${prefix}`;
  port = await freePort();
  // What kafka-init writes into the config volume, for this machine: the broker on 127.0.0.1:<free port>.
  const props = renderProperties({
    'broker.id': BROKER_ID,
    listeners: `PLAINTEXT://127.0.0.1:${port}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'log.dirs': logDirs,
    'zookeeper.connect': `${zk.connectString}${chroot}`,
    ...testBrokerDefaults(1),
  });
  // emptyDirs are 0777; the data volume belongs to the pod's fsGroup (1000), as the kubelet leaves it.
  for (const m of kafka.volumeMounts) {
    const host = join(dir, 'volumes', m.name);
    mkdirSync(host, { recursive: true });
    if (m.name === 'data') chownSync(host, podUser.runAsUser, podUser.runAsGroup);
    else chmodSync(host, 0o777);
    volumes.set(m.mountPath, host);
  }
  writeFileSync(join(volumes.get('/etc/kafka-broker')!, 'server.properties'), props, { mode: 0o644 });
  broker = `${prefix}-broker`;
  made.push(broker);
  const env = Object.fromEntries(kafka.env.map((e) => [e.name, e.value ?? '']));
  // Two cores: the test heap and GC instead of the manifest's 1 GiB.
  Object.assign(env, TEST_BROKER_JVM);
  runArgs = [
    '--network', 'host', '--user', `${podUser.runAsUser}:${podUser.runAsGroup}`,
    ...(kafka.securityContext.readOnlyRootFilesystem ? ['--read-only', '--read-only-tmpfs=false'] : []),
    '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    // No --image-volume: the data volume is mounted at exactly the image's VOLUME, so the runtime adds
    // nothing over it (the last test shows what it does otherwise).
    ...kafka.volumeMounts.flatMap((m) => ['--volume', `${volumes.get(m.mountPath)}:${m.mountPath}${m.readOnly ? ':ro' : ''}`]),
    ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
  ];
  startedAt = Date.now();
  podman(['run', '-d', '--name', broker, ...runArgs, '--entrypoint', JSON.stringify(kafka.command), image()]);
  // Watched from the start, so the cold start is timed while the other tests run.
  registered = waitRegistered(zk.connectString, chroot, [BROKER_ID], { timeoutMs: 120_000 }).then(
    (regs) => ({ regs, ms: Date.now() - startedAt }),
    (e: unknown) => ({ error: `${String(e)}\nbroker log:\n${brokerLogs().slice(-4000)}` }),
  );
}, 180_000);

afterAll(async () => {
  if (made.length > 0) podmanRaw(['rm', '-f', '-t', '0', ...made]);
  await zk?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (Object.keys(figures).length > 0) console.log(`kafka stand-in:\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
});

/** The broker registered, as every case that talks to it needs (each waits itself; none counts on an earlier case). */
async function serving(): Promise<{ regs: Map<number, { endpoints: string[] }>; ms: number }> {
  const r = await registered;
  if ('error' in r) throw new Error(r.error);
  return r;
}

const createTopic = () => ['/opt/kafka/bin/kafka-topics.sh', '--bootstrap-server', `127.0.0.1:${port}`, '--create', '--if-not-exists', '--topic', TOPIC];

describe(`apache/kafka:${KAFKA_ZK_VERSION} stand-in, run as the kafka StatefulSet runs it`, () => {
  it('the broker runs as uid 1000, not root, and registers in ZooKeeper with its listener', async () => {
    const r = await serving();
    figures['cold start to registration'] = `${r.ms} ms after podman run -d`;
    expect(r.regs.get(BROKER_ID)!.endpoints).toEqual([`PLAINTEXT://127.0.0.1:${port}`]);
    const client = await connectZk(zk.connectString, 10_000);
    try {
      expect((await readRegistration(client, chroot, BROKER_ID))?.port).toBe(port);
    } finally {
      await closeZk(client);
    }
    const status = podman(['exec', broker, 'sh', '-c', "awk '/^(Uid|Gid):/{print $2}' /proc/1/status; readlink /proc/1/exe"]);
    expect(status.split('\n')).toEqual(['1000', '1000', expect.stringMatching(/\/java$/)]);
    // Its files on the data volume: meta.properties with this broker's id, owned by uid 1000.
    const meta = join(hostPath(logDirs), 'meta.properties');
    expect(readFileSync(meta, 'utf8')).toMatch(new RegExp(`^broker\\.id=${BROKER_ID}$`, 'm'));
    expect(statSync(meta).uid).toBe(1000);
  });

  it('the tools the test Jobs run work from the image: kafka-topics --create --if-not-exists (twice) and --describe, console producer and consumer', async () => {
    await serving();
    const bootstrap = `127.0.0.1:${port}`;
    const create = createTopic();
    const t0 = Date.now();
    await tool(create);
    figures['kafka-topics --create in a container'] = `${Date.now() - t0} ms`;
    await tool(create); // the Job runs again and succeeds
    expect(await tool(['/opt/kafka/bin/kafka-topics.sh', '--bootstrap-server', bootstrap, '--describe', '--topic', TOPIC])).toMatch(
      new RegExp(`Topic: ${TOPIC}\\s.*PartitionCount: 1`),
    );
    // As the producer Deployment: sh -c '... | kafka-console-producer.sh ... --producer-property acks=all'.
    await tool([
      'sh', '-c',
      `printf 'one\\ntwo\\n' | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server ${bootstrap} --topic ${TOPIC} --producer-property acks=all`,
    ]);
    const consumed = await tool([
      '/opt/kafka/bin/kafka-console-consumer.sh', '--bootstrap-server', bootstrap, '--topic', TOPIC, '--group', 'test-basic-consumer',
      '--from-beginning', '--max-messages', '2', '--timeout-ms', '60000',
    ]);
    expect(consumed.trim().split('\n')).toEqual(['one', 'two']);
  });

  it('podman stop (SIGTERM) ends the broker with a controlled shutdown within its grace, having written only to its volumes', async () => {
    await serving();
    await tool(createTopic()); // a partition on the data volume, whether or not the tools case ran
    const t0 = Date.now();
    podman(['stop', '-t', String(STOP_GRACE_S), broker], { timeoutMs: (STOP_GRACE_S + 30) * 1000 });
    const stopMs = Date.now() - t0;
    figures['podman stop'] = `${stopMs} ms`;
    const state = JSON.parse(podman(['inspect', '--format', '{{json .State}}', broker])) as { ExitCode: number };
    const logs = brokerLogs();
    expect(stopMs, 'stopped by SIGTERM, not killed at the end of the grace').toBeLessThan(STOP_GRACE_S * 1000 - 5000);
    expect([0, 143], logs.slice(-3000)).toContain(state.ExitCode);
    expect(logs).toMatch(/Controlled shutdown request returned successfully/);
    expect(logs).toMatch(new RegExp(`\\[KafkaServer id=${BROKER_ID}\\] shut down completed`));
    // Read-only root: the container's own layer holds no more than podman's mount points for any
    // container (a baseline that ran `true` with the same options); what it wrote is in its volumes.
    const baseline = `${prefix}-baseline`;
    made.push(baseline);
    podman(['run', '--name', baseline, ...runArgs, '--entrypoint', '["true"]', image()]);
    expect(podman(['diff', broker])).toBe(podman(['diff', baseline]));
    expect(readdirSync(hostPath(logDirs))).toContain(`${TOPIC}-0`);
    expect(existsSync(join(hostPath(logDirs), '.kafka_cleanshutdown')), 'the clean-shutdown marker').toBe(true);
  });

  it('has every tool the manifests call, and is laid out and owned as the official image', () => {
    const tools = toolsInManifests();
    // The broker's start script (the kafka StatefulSet) and the topic Job's tool (manifests/test), at least.
    expect(tools).toEqual(expect.arrayContaining(['/opt/kafka/bin/kafka-server-start.sh', '/opt/kafka/bin/kafka-topics.sh']));
    const sh = (cmd: string) => podman(['run', '--rm', '--network', 'none', '--entrypoint', '["sh","-c"]', image(), cmd]);
    expect(sh(`for t in ${tools.join(' ')}; do test -x "$t" || echo "missing $t"; done`)).toBe('');
    expect(sh('id')).toMatch(/^uid=1000\(appuser\) gid=1000\(appuser\)/);
    expect(sh('stat -c "%n %U:%G" /opt/kafka /opt/kafka/bin /opt/kafka/config /opt/kafka/libs /opt/kafka/logs /var/lib/kafka/data')).toBe(
      ['/opt/kafka', '/opt/kafka/bin', '/opt/kafka/config', '/opt/kafka/libs', '/opt/kafka/logs'].map((p) => `${p} appuser:appuser`).join('\n') +
        '\n/var/lib/kafka/data appuser:root',
    );
    expect(sh('cat /opt/kafka/VERSION')).toBe(KAFKA_ZK_VERSION);
    const size = Number(podman(['image', 'inspect', '--format', '{{.Size}}', image()]));
    figures['image size'] = `${(size / 1e6).toFixed(0)} MB (zookeeper stand-in ${(Number(podman(['image', 'inspect', '--format', '{{.Size}}', images!.zookeeper])) / 1e6).toFixed(0)} MB)`;
  });

  it('declares the official image\'s VOLUME /var/lib/kafka/data, which a runtime that mounts image volumes (podman, containerd) puts over a volume mounted at /var/lib/kafka', () => {
    const cfg = JSON.parse(podman(['image', 'inspect', '--format', '{{json .Config.Volumes}}', image()])) as Record<string, unknown>;
    expect(Object.keys(cfg).sort()).toEqual(['/etc/kafka/secrets', '/mnt/shared/config', '/var/lib/kafka/data']);
    const data = join(dir, 'volumes', 'image-volume-check');
    mkdirSync(data, { recursive: true });
    const mounts = podman(['run', '--rm', '--network', 'none', '--read-only', '-v', `${data}:/var/lib/kafka`, '--entrypoint', '["sh","-c"]', image(), "awk '{print $5}' /proc/self/mountinfo"]);
    expect(mounts.split('\n')).toEqual(expect.arrayContaining(['/var/lib/kafka', '/var/lib/kafka/data']));
    // The manifest mounts the data volume at exactly that path, so the broker's data is on it (the
    // offline volumes check refuses a manifest that mounts it higher).
    expect(kafka.volumeMounts.find((m) => m.name === 'data')?.mountPath).toBe('/var/lib/kafka/data');
  });

  it('cannot show the official image\'s launcher scripts, JVM defaults (heap, GC flags), base OS and Java build, or its environment-to-config entrypoint: its default command says so and exits 2', () => {
    const r = podmanRaw(['run', '--rm', '--network', 'none', '--read-only', image()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no environment-to-config entrypoint/);
  });
});
