// End to end: the whole stack under faults. The zoo and kafka StatefulSets of variants/external-nodeport
// (init containers, servers, sidecars) and the canary Deployment of manifests/test, as podman containers
// in one pod network; kafka-init reads its node and its outside-N Service from a real API server (a
// control plane of this file's own); the NodePorts are played on the node's address (the bridge's).
// Each fault runs with the service-mode canary producing, then the canary-check Job's container must
// exit 0. What each fault cost is printed as a table and written to .cache/test-logs/stack-e2e.json;
// only "nothing lost" and the checks' exits are asserted, never timings.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MANIFESTS, type K8sObject } from '../manifests/lint/kustomize.ts';
import { startControlPlane, type ControlPlane } from '../kubernetes/control-plane.ts';
import { kubectlOk, toYaml } from '../kubernetes/cluster.ts';
import { createNode } from '../kubernetes/kafka-init-pod.ts';
import { createTestNetwork, type TestNetwork } from '../support/netns.ts';
import { waitFor } from '../support/wait.ts';
import { zkMode } from '../support/zookeeper.ts';
import { CACHE_DIR } from '../../images/bake/podman.ts';
import { imageMapper } from './images.ts';
import { configData, findObject, renderedManifests } from './manifests.ts';
import { StatefulSetPods } from './pods/runner.ts';
import { relayIntoNetns, type Relay } from './relay.ts';
import { playNodePorts, type NodePorts } from './stack/node-ports.ts';
import { costOf, FaultMonitor, type Cost } from './stack/monitor.ts';
import { RestartPolicyAlways } from './stack/restarts.ts';

const images = inject('e2eImages');
const prefix = `e2e-stack-${randomBytes(3).toString('hex')}`;
const API_PORT = 6443;
const ZONE = 'europe-north1-b';
const NODE = 'e2e-node';
const TOPIC = 'canary';
const MIN_ISR = 2;
// The check Job runs 2 minutes in the manifest; here 20 s after each fault, at its rate of 50/s.
const CHECK_DURATION = '20s';
const API_KINDS = new Set(['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Service']);

let net: TestNetwork;
let cp: ControlPlane;
let zoo: StatefulSetPods;
let kafka: StatefulSetPods;
let canary: StatefulSetPods;
let check: StatefulSetPods;
let nodePorts: NodePorts;
let outside: Kafka;
let admin: Admin;
let monitor: FaultMonitor;
let kubelet: RestartPolicyAlways;
const relays: Relay[] = [];
let runDir: string;
const costs: Cost[] = [];
const canaryRestarts: string[] = [];
const t0 = Date.now();

const ordinals = (p: StatefulSetPods) => Array.from({ length: p.replicas }, (_, i) => i);
const isReady = (s: number) => s >= 200 && s < 400;

/** A Deployment's or a Job's pod template as a one-pod set, named <name>-0. */
function onePod(o: K8sObject): K8sObject {
  return { ...o, kind: 'StatefulSet', spec: { replicas: 1, serviceName: o.metadata.name, template: o.spec.template } };
}

function setEnv(o: K8sObject, container: string, name: string, value: string): void {
  const c = o.spec.template.spec.containers.find((x: { name: string }) => x.name === container);
  const e = c.env.find((x: { name: string }) => x.name === name);
  if (e) e.value = value;
  else c.env.push({ name, value });
}

async function brokersReady(which = ordinals(kafka), timeoutMs = 240_000): Promise<void> {
  await waitFor(
    `${which.map((i) => kafka.podName(i)).join(', ')} ready (sidecar /readyz)`,
    async () => {
      const r = await Promise.all(which.map((i) => kafka.readiness(i, 'kafka')));
      if (r.every((p) => isReady(p.status))) return true;
      throw new Error(r.map((p, j) => `${kafka.podName(which[j]!)} ${p.status} ${p.body.slice(0, 160)}`).join(' | '));
    },
    { timeoutMs, intervalMs: 500 },
  );
}

async function zooModes(): Promise<Array<string | undefined>> {
  return Promise.all(ordinals(zoo).map((i) => zkMode(zoo.host(i).ip, 2181)));
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 1000 });
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('timeout', () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(false));
  });
}

/** Every broker ready by its sidecar and its port open, and the service-mode canary ready. */
async function recovered(): Promise<void> {
  await brokersReady();
  await waitFor('every broker port open', async () => (await Promise.all(ordinals(kafka).map((i) => tcpOpen(kafka.host(i).ip, 9092)))).every(Boolean), { timeoutMs: 120_000, intervalMs: 500 });
  await waitFor('the canary ready', async () => isReady((await canary.readiness(0, 'canary')).status), { timeoutMs: 120_000, intervalMs: 1000 });
}

/** A StatefulSet's rolling update: the highest ordinal first, each pod deleted, started again and gated before the next. */
async function rollingRestart(gate: (ordinal: number) => Promise<unknown>): Promise<void> {
  for (const k of [...ordinals(kafka)].reverse()) {
    await kafka.stopPod(k);
    await kafka.startPod(k);
    await gate(k);
  }
}

/** Runs one fault with the monitor on, waits for recovery, then the job-mode check; records the cost. */
async function fault(name: string, act: () => Promise<void>, { restarts = false } = {}): Promise<Cost> {
  await recovered();
  const before = await monitor.canary();
  const restartsBefore = kubelet.restarts.length;
  monitor.start();
  if (restarts) kubelet.watch();
  let samples;
  try {
    await act();
    await recovered();
  } finally {
    kubelet.unwatch();
    samples = await monitor.stop();
  }
  const [job] = await check.runJob(0, 300_000);
  const after = await monitor.canary();
  const cost = costOf(name, samples, before, after);
  cost.checkExit = job?.exitCode;
  cost.restarts = kubelet.restarts.length - restartsBefore;
  costs.push(cost);
  if (job?.exitCode !== 0) console.log(`canary-check after "${name}":\n${job?.terminationMessage}\n${job?.output.slice(-3000)}`);
  return cost;
}

function table(rows: readonly Cost[]): string {
  const head = ['fault', 's', 'unready s', 'max URP', 'under min ISR s', 'max under min ISR', 'sent', 'lost', 'dup', 'produce errors', 'worst latency <= s', 'restarts', 'check exit'];
  const body = rows.map((c) => [c.fault, c.seconds.toFixed(0), c.unreadySeconds.toFixed(0), c.maxUnderReplicated, c.underMinIsrSeconds.toFixed(0), c.maxUnderMinIsr, c.sent, c.lost, c.duplicated, c.produceErrors, c.worstLatencySeconds, c.restarts ?? 0, c.checkExit ?? '-']);
  return [head, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

beforeAll(async () => {
  if (!images) throw new Error('podman is not available (run as root after test/setup.sh)');
  const objects = renderedManifests(join(MANIFESTS, 'variants/external-nodeport'));
  const tests = renderedManifests(join(MANIFESTS, 'test'));
  const zooSts = findObject(objects, 'StatefulSet', 'zoo');
  const kafkaSts = findObject(objects, 'StatefulSet', 'kafka');
  const namespace = kafkaSts.metadata.namespace ?? 'default';
  const data = configData(objects);
  const mapImage = imageMapper(images);
  runDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  net = createTestNetwork([]);

  // The API kafka-init reads: RBAC, the Services (outside-N with their nodePorts), the node.
  mkdirSync(join(runDir, 'control-plane'));
  cp = await startControlPlane(join(runDir, 'control-plane'));
  const kubeconfig = cp.kubeconfig;
  await kubectlOk(['apply', '--server-side', '-f', '-'], { kubeconfig, input: toYaml(objects.filter((o) => API_KINDS.has(o.kind))) });
  await createNode(NODE, { 'topology.kubernetes.io/zone': ZONE }, [['InternalIP', net.gateway]], kubeconfig);
  const token = (await kubectlOk(['-n', namespace, 'create', 'token', 'kafka', '--duration=1h'], { kubeconfig })).trim();
  const sa = join(runDir, 'serviceaccount');
  mkdirSync(sa, { recursive: true });
  chmodSync(sa, 0o755);
  writeFileSync(join(sa, 'token'), token, { mode: 0o644 });
  writeFileSync(join(sa, 'ca.crt'), readFileSync(cp.caCert, 'utf8'), { mode: 0o644 });
  writeFileSync(join(sa, 'namespace'), namespace, { mode: 0o644 });

  // ClusterIP Services as names with every endpoint's address (the clients try each in turn).
  zoo = new StatefulSetPods(zooSts, { prefix, runDir, mapImage, data, network: net });
  const zooIps = ordinals(zoo).map((i) => zoo.host(i).ip);
  const zooHosts = Object.fromEntries(ordinals(zoo).map((i) => [zoo.fqdn(i), zoo.host(i).ip]));
  kafka = new StatefulSetPods(kafkaSts, {
    prefix, runDir, mapImage, data, network: net,
    extraHosts: { zookeeper: zooIps, ...zooHosts },
    kubernetesApi: { serviceAccountDir: sa, host: '127.0.0.1', port: API_PORT },
  });
  const kafkaHosts = { kafka: ordinals(kafka).map((i) => kafka.host(i).ip), ...Object.fromEntries(ordinals(kafka).map((i) => [kafka.fqdn(i), kafka.host(i).ip])) };
  canary = new StatefulSetPods(onePod(findObject(tests, 'Deployment', 'canary')), { prefix, runDir, mapImage, data, network: net, extraHosts: kafkaHosts });
  const job = onePod(findObject(tests, 'Job', 'canary-check'));
  setEnv(job, 'canary', 'CANARY_DURATION', CHECK_DURATION);
  check = new StatefulSetPods(job, { prefix, runDir, mapImage, data, network: net, extraHosts: kafkaHosts });
  for (const i of ordinals(kafka)) relays.push(await relayIntoNetns(kafka.host(i).netns, API_PORT, { host: '127.0.0.1', port: cp.port }, runDir));

  // The outside-N Services as the API server stored them, played on the node's address.
  const routes = [];
  for (const i of ordinals(kafka)) {
    const svc = JSON.parse(await kubectlOk(['-n', namespace, 'get', 'service', `outside-${i}`, '-o', 'json'], { kubeconfig }));
    routes.push({ nodePort: svc.spec.ports[0].nodePort as number, podIP: kafka.host(i).ip, targetPort: 9094 });
  }
  nodePorts = await playNodePorts(net.gateway, routes);

  // podManagementPolicy Parallel; started one after the other here (two cores).
  for (const i of ordinals(zoo)) await zoo.startPod(i);
  for (const i of ordinals(kafka)) await kafka.startPod(i);
  await brokersReady(undefined, 400_000);
  await canary.startPod(0);
  // restartPolicy Always: a canary that exits is started again, as the kubelet would (counted, and said).
  await waitFor('the canary ready', async () => {
    if (!canary.running(0, 'canary')) {
      canaryRestarts.push(canary.logs(0, 'canary').trim().split('\n').at(-1) ?? '');
      canary.restartContainer(0, 'canary');
    }
    return isReady((await canary.readiness(0, 'canary')).status);
  }, { timeoutMs: 180_000, intervalMs: 1000 });
  if (canaryRestarts.length > 0) console.log(`stack e2e: the canary was restarted ${canaryRestarts.length} time(s) before it was ready; it had said:\n${canaryRestarts.join('\n')}`);

  outside = new Kafka({ clientId: 'outside', brokers: [`${net.gateway}:${routes[0]!.nodePort}`], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  admin = outside.admin();
  await admin.connect();
  kubelet = new RestartPolicyAlways([
    ...ordinals(kafka).flatMap((i) => ['kafka', 'sidecar'].map((c) => kafka.containerName(i, c))),
    ...ordinals(zoo).flatMap((i) => ['zookeeper', 'sidecar'].map((c) => zoo.containerName(i, c))),
    canary.containerName(0, 'canary'),
  ]);
  monitor = new FaultMonitor(kafka, admin, TOPIC, MIN_ISR, { host: canary.host(0).ip, port: 9405 });
  console.log(`stack e2e: up in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});

afterAll(async () => {
  kubelet?.unwatch();
  await admin?.disconnect().catch(() => {});
  await nodePorts?.close();
  for (const r of relays) await r.stop();
  for (const p of [check, canary, kafka, zoo]) p?.destroy();
  net?.destroy();
  await cp?.stop();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  if (costs.length > 0) {
    const seconds = (Date.now() - t0) / 1000;
    console.log(`stack e2e, what each fault cost (${seconds.toFixed(0)} s in all):\n${table(costs)}`);
    mkdirSync(join(CACHE_DIR, 'test-logs'), { recursive: true });
    writeFileSync(join(CACHE_DIR, 'test-logs', 'stack-e2e.json'), `${JSON.stringify({ at: new Date().toISOString(), seconds, costs }, null, 2)}\n`);
  }
});

describe('the stack from manifests/, as containers', () => {
  it('a client outside the pods gets 3 brokers at the node address and its nodePorts, and produces', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual([32400, 32401, 32402].map((p) => `${net.gateway}:${p}`));
    await admin.createTopics({ topics: [{ topic: 'outside', numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    const producer = outside.producer({ idempotent: true });
    await producer.connect();
    try {
      const r = await producer.send({ topic: 'outside', acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ key: String(i), value: `outside ${i}` })) });
      expect(r.every((x) => x.errorCode === 0)).toBe(true);
    } finally {
      await producer.disconnect();
    }
    const offsets = await admin.fetchTopicOffsets('outside');
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(30);
  });

  it('the canary produces and consumes inside, and its topic has min.insync.replicas 2 on 3 replicas', async () => {
    const md = await admin.fetchTopicMetadata({ topics: [TOPIC] });
    expect(md.topics[0]!.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);
    const c = await waitFor('the canary to receive', async () => {
      const c = await monitor.canary();
      return c.received > 0 ? c : undefined;
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    expect(c.lost).toBe(0);
  });
});

/** What every fault must cost: nothing acknowledged lost, and the canary-check Job after it passing. */
function expectNothingLost(cost: Cost): void {
  expect(cost.lost, 'acknowledged messages lost').toBe(0);
  expect(cost.checkExit, 'canary-check exit code').toBe(0);
}

describe('the stack under faults: nothing acknowledged is lost, and the check Job passes', () => {
  it('a broker container killed (-9), restarted as the kubelet does', async () => {
    const cost = await fault('broker kill -9', async () => {
      kafka.killContainer(1, 'kafka');
      // The sidecar notices within its check interval; until then /readyz still says what it last saw.
      await waitFor('kafka-1 unready', async () => !isReady((await kafka.readiness(1, 'kafka')).status), { timeoutMs: 60_000, intervalMs: 200 });
    }, { restarts: true });
    expectNothingLost(cost);
  }, 600_000);

  it('the ZooKeeper leader killed (-9), restarted', async () => {
    const cost = await fault('zookeeper leader kill -9', async () => {
      const leader = await waitFor('a zookeeper leader', async () => {
        const i = (await zooModes()).indexOf('leader');
        return i >= 0 ? i : undefined;
      });
      zoo.killContainer(leader, 'zookeeper');
      await waitFor('a new leader', async () => {
        const m = await zooModes();
        return m.some((x, i) => i !== leader && x === 'leader') ? true : undefined;
      }, { timeoutMs: 60_000, intervalMs: 250 });
      await waitFor('the old leader back as a follower', async () => ((await zooModes())[leader] === 'follower' ? true : undefined), { timeoutMs: 120_000, intervalMs: 500 });
    }, { restarts: true });
    expectNothingLost(cost);
  }, 600_000);

  it('a broker\'s network cut for 30 s and restored', async () => {
    const cost = await fault('broker network cut 30 s', async () => {
      kafka.cut(1);
      try {
        await new Promise((r) => setTimeout(r, 30_000));
      } finally {
        kafka.heal(1);
      }
    }, { restarts: true });
    expectNothingLost(cost);
  }, 600_000);

  it('a rolling restart in StatefulSet order (kafka-2 first), each next pod waiting for the previous one\'s sidecar /readyz', async () => {
    const cost = await fault('rolling restart, gated by /readyz', () => rollingRestart((k) => brokersReady([k])));
    expectNothingLost(cost);
  }, 600_000);

  it('the same rolling restart gated by a TCP-port probe (what it costs is reported, not asserted)', async () => {
    const cost = await fault('rolling restart, gated by a TCP probe', () =>
      rollingRestart((k) => waitFor(`${kafka.podName(k)} port 9092 open`, () => tcpOpen(kafka.host(k).ip, 9092), { timeoutMs: 240_000, intervalMs: 500 })),
    );
    expectNothingLost(cost);
  }, 600_000);
});
