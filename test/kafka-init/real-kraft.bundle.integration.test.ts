// Integration: kafka-init (the bundle) renders server.properties for a KRaft cluster of 3 controllers
// (kafka-controller-0..2, Service controller) and 3 brokers (kafka-0..2, Service broker); each volume is
// formatted as the manifests' kafka-storage init container does (kafka-storage format --ignore-formatted
// with KAFKA_CLUSTER_ID and that file), and real Kafka 4.3.1 starts from exactly those files, each node
// in its own network namespace with its pod's hostname and an /etc/hosts that resolves the headless
// Services' names, as cluster DNS would. Then:
//   - the quorum has a leader among the three controllers and all three brokers as observers;
//   - a client in the cluster creates a replicated topic; a client outside (host `outside`, which knows no
//     cluster name) produces to it on the brokers' EXTERNAL listener (hostport mode, as
//     components/external-hostport sets it), and what it wrote is consumed in the cluster on INTERNAL;
//   - the static quorum can be upgraded to a dynamic one (kraft.version 1), the way out of static voters;
//   - kafka-init and the format step run again on the used volumes change nothing (formatted once);
//   - a volume of another cluster id, or of another node, is refused by kafka-init: exit 1, the
//     message names both values, and the volume and the old server.properties are untouched.
// Stand-in: DNS by hosts files.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLogsIfFailed } from '../support/failure-logs.ts';
import { kafkaToolOk, renderProperties, startBroker, waitStarted, type KafkaBroker } from '../support/kafka.ts';
import { describeQuorum, formatStorage, kraftDefaults, newClusterId } from '../support/kraft.ts';
import { createTestNetwork, type TestNetwork } from '../support/netns.ts';
import { runBundle, type BundleResult } from '../support/run-bundle.ts';
import { KAFKA_KRAFT_VERSION as version } from '../support/versions.ts';
import { waitFor } from '../support/wait.ts';

const NAMESPACE = 'kafka';
const fqdn = (pod: string) => `${pod}.${pod.startsWith('kafka-controller') ? 'controller' : 'broker'}.${NAMESPACE}.svc.cluster.local`;
const CONTROLLERS = ['kafka-controller-0', 'kafka-controller-1', 'kafka-controller-2'];
const BROKERS = ['kafka-0', 'kafka-1', 'kafka-2'];
const PODS = [...CONTROLLERS, ...BROKERS];
const nodeId = (pod: string) => (pod.startsWith('kafka-controller') ? 1000 : 0) + Number(pod.split('-').pop());

/** Every file under dir with a hash of its content and its mtime: what "untouched" compares. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const f = join(e.parentPath, e.name);
    if (e.isFile()) out[relative(dir, f)] = `${createHash('sha256').update(readFileSync(f)).digest('hex')} ${statSync(f).mtimeMs}`;
  }
  return out;
}

describe(`kafka-init's files run a real Kafka ${version} KRaft cluster of 3 controllers and 3 brokers`, () => {
  const clusterId = newClusterId();
  let root: string;
  let net: TestNetwork;
  let hostsFile: string;
  const nodes: KafkaBroker[] = [];
  const host = (name: string) => net.hosts.find((h) => h.name === name)!;
  const pod = (name: string) => join(root, name);
  const inside = () => net.execArgv(host('client'), hostsFile);

  const kafkaInit = (name: string, env: Record<string, string> = {}): Promise<BundleResult> => {
    writeFileSync(join(pod(name), 'termination-log'), '');
    return runBundle('kafka-init', {
      env: {
        POD_NAME: name,
        POD_NAMESPACE: NAMESPACE,
        KAFKA_METADATA_MODE: 'kraft',
        KAFKA_PROCESS_ROLES: name.startsWith('kafka-controller') ? 'controller' : 'broker',
        ...(!name.startsWith('kafka-controller') && { KAFKA_EXTERNAL_MODE: 'hostport', HOST_IP: host(name).ip }),
        KAFKA_CLUSTER_ID: clusterId,
        KAFKA_CONTROLLER_REPLICAS: '3',
        KAFKA_RACK_LABEL: '',
        KAFKA_DATA_DIR: join(pod(name), 'data'),
        KAFKA_CONFIG_TEMPLATE: join(root, 'template.properties'),
        KAFKA_CONFIG_OUT: join(pod(name), 'server.properties'),
        TERMINATION_MESSAGE_PATH: join(pod(name), 'termination-log'),
        ...env,
      },
    });
  };
  /** The manifests' second init container: format once, a no-op on a formatted volume. */
  const format = (name: string) => formatStorage(join(pod(name), 'server.properties'), clusterId, ['--ignore-formatted']);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kafka-init-kraft-'));
    net = createTestNetwork([...PODS, 'client', 'outside']);
    hostsFile = join(root, 'hosts');
    writeFileSync(hostsFile, ['127.0.0.1 localhost', ...PODS.map((p) => `${host(p).ip} ${fqdn(p)} ${p}`)].join('\n') + '\n');
    writeFileSync(join(root, 'hosts.outside'), '127.0.0.1 localhost\n');
    writeFileSync(
      join(root, 'template.properties'),
      renderProperties({ ...kraftDefaults(3), 'default.replication.factor': 3, 'min.insync.replicas': 2 }),
    );
    const started = Date.now();
    for (const p of PODS) {
      mkdirSync(pod(p), { recursive: true });
      const r = await kafkaInit(p);
      expect(r.code, r.stderr + r.stdout).toBe(0);
    }
    await Promise.all(PODS.map(format));
    const formatted = Date.now();
    for (const p of PODS) {
      nodes.push(startBroker({ id: nodeId(p), propertiesFile: join(pod(p), 'server.properties'), logFile: join(pod(p), 'server.log'), version, wrap: net.execArgv(host(p), hostsFile) }));
    }
    await Promise.all(nodes.map((n) => waitStarted(n)));
    console.log(`kafka-init + format of 6 nodes: ${formatted - started} ms; every node started: ${Date.now() - formatted} ms`);
  }, 300_000);

  afterAll(async (suite) => {
    // Brokers first, so that they can still reach a controller for a controlled shutdown.
    await Promise.all(nodes.filter((n) => n.id < 1000).map((n) => n.stop()));
    await Promise.all(nodes.filter((n) => n.id >= 1000).map((n) => n.stop()));
    net?.destroy();
    keepLogsIfFailed(suite, __filename, root);
    rmSync(root, { recursive: true, force: true });
  });

  it('every volume is formatted for the one cluster id and its own node id', () => {
    for (const p of PODS) {
      const meta = readFileSync(join(pod(p), 'data', 'meta.properties'), 'latin1');
      expect(meta).toMatch(new RegExp(`^cluster\\.id=${clusterId}$`, 'm'));
      expect(meta).toMatch(new RegExp(`^node\\.id=${nodeId(p)}$`, 'm'));
      expect(meta).toMatch(/^version=1$/m);
    }
  });

  it('forms a quorum: a leader among the controllers, the three brokers registered as observers', async () => {
    const bootstrap = CONTROLLERS.map((c) => `${fqdn(c)}:9093`).join(',');
    const t0 = Date.now();
    const status = await waitFor(
      'a quorum leader and three brokers',
      async () => {
        const s = await describeQuorum(bootstrap, { wrap: inside() }).catch(() => undefined);
        return s && s.leaderId >= 1000 && s.observers.length === 3 ? s : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    console.log(`quorum with 3 observers seen after ${Date.now() - t0} ms more`);
    expect(status.voters).toEqual([1000, 1001, 1002]);
    expect(status.observers).toEqual([0, 1, 2]);
    expect([1000, 1001, 1002]).toContain(status.leaderId);
  }, 180_000);

  it('a topic made in the cluster, written from outside on EXTERNAL, read in the cluster on INTERNAL', async () => {
    const bootstrap = BROKERS.map((b) => `${fqdn(b)}:9092`).join(',');
    const t0 = Date.now();
    await waitFor(
      'three brokers serving',
      async () => ((await kafkaToolOk('kafka-broker-api-versions', ['--bootstrap-server', bootstrap], { version, wrap: inside() }).catch(() => '')).match(/ \(id: \d+ rack: /g) ?? []).length === 3,
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    console.log(`three brokers serving after ${Date.now() - t0} ms`);
    await kafkaToolOk('kafka-topics', ['--bootstrap-server', bootstrap, '--create', '--topic', 'orders', '--partitions', '3', '--replication-factor', '3'], { version, wrap: inside() });
    const messages = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const external = BROKERS.map((b) => `${host(b).ip}:9094`).join(',');
    const outside = net.execArgv(host('outside'), join(root, 'hosts.outside'));
    await kafkaToolOk('kafka-console-producer', ['--bootstrap-server', external, '--topic', 'orders', '--producer-property', 'acks=all'], { version, wrap: outside, input: messages.join('\n') + '\n' });
    const read = await kafkaToolOk(
      'kafka-console-consumer',
      ['--bootstrap-server', `${fqdn('kafka-2')}:9092`, '--topic', 'orders', '--from-beginning', '--max-messages', String(messages.length), '--timeout-ms', '30000'],
      { version, wrap: inside() },
    );
    expect(read.trim().split('\n').sort()).toEqual([...messages].sort());
    console.log(`topic created, 30 messages produced (EXTERNAL) and consumed (INTERNAL): ${Date.now() - t0} ms`);
    const described = await kafkaToolOk('kafka-topics', ['--bootstrap-server', bootstrap, '--describe', '--topic', 'orders'], { version, wrap: inside() });
    expect(described.match(/Isr: [0-2],[0-2],[0-2]/g)).toHaveLength(3);
  }, 300_000);

  it('the static quorum can become a dynamic one later (kraft.version 0 -> 1)', async () => {
    const bootstrap = CONTROLLERS.map((c) => `${fqdn(c)}:9093`).join(',');
    const level = async () => /Feature: kraft\.version\s.*FinalizedVersionLevel: (\d+)/.exec(await kafkaToolOk('kafka-features', ['--bootstrap-controller', bootstrap, 'describe'], { version, wrap: inside() }))?.[1];
    expect(await level()).toBe('0');
    expect(await kafkaToolOk('kafka-features', ['--bootstrap-controller', bootstrap, 'upgrade', '--feature', 'kraft.version=1'], { version, wrap: inside() })).toMatch(/kraft\.version was upgraded to 1/);
    expect(await level()).toBe('1');
  }, 120_000);

  describe('after the cluster stopped', () => {
    beforeAll(async () => {
      await Promise.all(nodes.filter((n) => n.id < 1000).map((n) => n.stop()));
      await Promise.all(nodes.filter((n) => n.id >= 1000).map((n) => n.stop()));
    }, 120_000);

    it('kafka-init and the format step again change no volume (formatted exactly once)', async () => {
      for (const p of ['kafka-controller-0', 'kafka-1']) {
        const before = snapshot(join(pod(p), 'data'));
        const config = readFileSync(join(pod(p), 'server.properties'), 'latin1');
        const r = await kafkaInit(p);
        expect(r.code, r.stderr + r.stdout).toBe(0);
        expect(await format(p)).toMatch(/already formatted/);
        expect(snapshot(join(pod(p), 'data'))).toEqual(before);
        expect(readFileSync(join(pod(p), 'server.properties'), 'latin1')).toBe(config);
      }
    });

    it.each([
      ['another cluster id', 'kafka-1', 'kafka-1', (other: string) => ({ KAFKA_CLUSTER_ID: other }), (other: string) => new RegExp(`says cluster.id ${clusterId}, but KAFKA_CLUSTER_ID is ${other}`)],
      ['another node (a controller volume mounted on the next controller)', 'kafka-controller-0', 'kafka-controller-1', () => ({}), () => /says node.id 1000, but this pod kafka-controller-1 is node 1001 \(1000 \+ ordinal 1\)/],
    ])('a volume of %s is refused: exit 1, both values named, nothing changed', async (_n, volumeOf, podName, env, message) => {
      const other = newClusterId();
      const data = join(pod(volumeOf), 'data');
      const out = join(pod(podName), 'server.properties');
      const before = snapshot(data);
      const config = readFileSync(out, 'latin1');
      const r = await kafkaInit(podName, { KAFKA_DATA_DIR: data, ...env(other) });
      expect(r.code, r.stderr + r.stdout).toBe(1);
      expect(readFileSync(join(pod(podName), 'termination-log'), 'utf8')).toMatch(message(other));
      expect(readFileSync(join(pod(podName), 'termination-log'), 'utf8')).toMatch(/Nothing was written/);
      expect(snapshot(data)).toEqual(before);
      expect(readFileSync(out, 'latin1')).toBe(config);
    });
  });
});
