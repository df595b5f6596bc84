// End to end: the init container of the rendered kafka StatefulSet, run in its container with the
// template's env, mounts and user, in its pod's own network namespace, reaching the API as a pod does:
// KUBERNETES_SERVICE_HOST/PORT and the mounted service account. kafka-0 asks a real API server (a control
// plane of this file's own, test/kubernetes/control-plane.ts) as the `kafka` ServiceAccount, with the RBAC
// objects of manifests/ and a token from the TokenRequest API; kafka-1 asks the Kubernetes API double,
// for what a real server will not do on demand: never answer.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { node, nodePath, startKubeApiDouble, type KubeApiDouble } from '../support/kube-api-double.ts';
import { podman } from '../../images/bake/podman.ts';
import { waitFor } from '../support/wait.ts';
import { parseProperties } from '../../agents/lib/properties.ts';
import { startControlPlane, type ControlPlane } from '../kubernetes/control-plane.ts';
import { kubectlOk, toYaml } from '../kubernetes/cluster.ts';
import { createNode } from '../kubernetes/kafka-init-pod.ts';
import { imageMapper } from './images.ts';
import { configData, findObject, renderedManifests } from './manifests.ts';
import { StatefulSetPods, type InitResult } from './pods/runner.ts';
import { relayIntoNetns, type Relay } from './relay.ts';

const images = inject('e2eImages');
const prefix = `e2e-kafka-${randomBytes(3).toString('hex')}`;
const API_PORT = 6443;
const ZONE = 'europe-north1-b';
const RBAC = new Set(['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding']);

let cp: ControlPlane;
let api: KubeApiDouble;
let pods: StatefulSetPods;
const relays: Relay[] = [];
let runDir: string;
let result: InitResult[];

beforeAll(async () => {
  if (!images) throw new Error('podman is not available (run as root after test/setup.sh)');
  const objects = renderedManifests();
  const sts = findObject(objects, 'StatefulSet', 'kafka');
  const namespace = sts.metadata.namespace ?? 'default';
  runDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  mkdirSync(join(runDir, 'control-plane'));
  cp = await startControlPlane(join(runDir, 'control-plane'));
  const kubeconfig = cp.kubeconfig;
  await kubectlOk(['apply', '--server-side', '-f', '-'], { kubeconfig, input: toYaml(objects.filter((o) => RBAC.has(o.kind))) });
  const token = (await kubectlOk(['-n', namespace, 'create', 'token', 'kafka', '--duration=10m'], { kubeconfig })).trim();
  // The double takes the same token, so one service account folder serves both pods.
  api = await startKubeApiDouble({ https: true, token });
  const sa = join(runDir, 'serviceaccount');
  mkdirSync(sa, { recursive: true });
  chmodSync(sa, 0o755);
  writeFileSync(join(sa, 'token'), token, { mode: 0o644 });
  // Both servers' CAs: kafka-0's pod reaches the real one, kafka-1's the double.
  writeFileSync(join(sa, 'ca.crt'), readFileSync(cp.caCert, 'utf8') + api.caPem!, { mode: 0o644 });
  writeFileSync(join(sa, 'namespace'), namespace, { mode: 0o644 });
  pods = new StatefulSetPods(sts, {
    prefix,
    runDir,
    mapImage: imageMapper(images),
    data: configData(objects),
    kubernetesApi: { serviceAccountDir: sa, host: '127.0.0.1', port: API_PORT },
  });
  const facts = pods.facts(0);
  await createNode(facts.nodeName, { 'topology.kubernetes.io/zone': ZONE }, [['InternalIP', facts.hostIP]], kubeconfig);
  api.put(node({ name: pods.facts(1).nodeName, labels: { 'topology.kubernetes.io/zone': ZONE }, addresses: [['InternalIP', pods.facts(1).hostIP]] }));
  relays.push(await relayIntoNetns(pods.host(0).netns, API_PORT, { host: '127.0.0.1', port: cp.port }, runDir));
  relays.push(await relayIntoNetns(pods.host(1).netns, API_PORT, { host: '127.0.0.1', port: api.port }, runDir));
  result = await pods.runInit(0);
});

afterAll(async () => {
  for (const r of relays) await r.stop();
  pods?.destroy();
  await api?.close();
  await cp?.stop();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
});

describe('kafka-0 init container from manifests/, as a container', () => {
  it('runs to completion, reading its node from the real API server as the kafka ServiceAccount', () => {
    expect(result.map((r) => [r.container, r.exitCode]), result.map((r) => r.output.split("\n").filter((l) => !l.includes("effective configuration")).join("\n")).join("\n")).toEqual([['kafka-init', 0]]);
    // Only the real server was asked: the double has not seen kafka-0.
    expect(api.requests).toEqual([]);
  });

  it('writes server.properties for broker 0: rack from the node, its own DNS name, the template kept', () => {
    const text = readFileSync(join(pods.volumeDir(0, 'config'), 'server.properties'), 'utf8');
    const props = new Map(parseProperties(text).map((e) => [e.key, e.value]));
    const dns = `${pods.fqdn(0)}:9092`;
    expect(props.get('broker.id')).toBe('0');
    expect(props.get('broker.rack')).toBe(ZONE);
    expect(props.get('advertised.listeners')).toContain(dns);
    expect(props.get('log.dirs')).toMatch(/^\/var\/lib\/kafka\/data/);
    expect(props.get('zookeeper.connect')).toMatch(/zoo/);
    // A key of the ConfigMap template survives.
    const template = configData(renderedManifests()).configMaps;
    const tpl = Object.values(template).find((cm) => 'server.properties' in cm)!['server.properties']!;
    const someKey = parseProperties(tpl)[0]!;
    expect(props.get(someKey.key)).toBe(someKey.value);
  });

  it('writes identity.json that agrees with server.properties', () => {
    const identity = JSON.parse(readFileSync(join(pods.volumeDir(0, 'config'), 'identity.json'), 'utf8')) as Record<string, unknown>;
    expect(identity).toMatchObject({ brokerId: 0, rack: ZONE, podName: 'kafka-0' });
    expect(JSON.stringify(identity.endpoints)).toContain(`${pods.fqdn(0)}:9092`);
  });
});

describe('kafka-1 init container, stopped while the API does not answer', () => {
  it('podman stop ends it at once (SIGTERM to node as PID 1), exit 143, nothing written', async () => {
    api.always(nodePath(pods.facts(1).nodeName), { hang: true });
    const before = api.requests.length;
    const run = pods.runInit(1);
    await waitFor('kafka-1 to ask for its node', () => api.requests.slice(before).some((r) => r.answered === 'hang'), { timeoutMs: 20_000, intervalMs: 50 });
    const t0 = Date.now();
    podman(['stop', '-t', '10', pods.containerName(1, 'kafka-init')]);
    const stopMs = Date.now() - t0;
    const [r] = await run;
    expect(stopMs, 'podman stop waits 10 s, then kills, when SIGTERM is ignored').toBeLessThan(3000);
    expect(r!.exitCode, r!.output).toBe(143);
    expect(r!.output).toContain('stopping on signal');
    expect(existsSync(join(pods.volumeDir(1, 'config'), 'server.properties'))).toBe(false);
    console.log(`kafka-init: podman stop took ${stopMs} ms`);
  });
});
