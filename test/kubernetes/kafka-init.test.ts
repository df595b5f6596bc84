// dist/kafka-init.js against a real API server, as the `kafka` ServiceAccount of manifests/: the RBAC
// objects and outside-N Services of a variant applied, Nodes made as a kubelet would register them, a
// token from the TokenRequest API. nodeport and loadbalancer modes read the Node and the Service as
// the server stores them; without the Role or the ClusterRoleBinding, the server's own 403 comes back
// with the manifest that grants it. (test/kafka-init keeps the API double for what a real server does
// not do on demand: 500s, hangs, slow answers.)
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type K8sObject } from '../manifests/lint/kustomize.ts';
import { sleep } from '../support/wait.ts';
import { apply, kubectl, kubectlOk, renderInto, toYaml, useNamespaces } from './cluster.ts';
import { KafkaInitPod, serviceAccountToken, type InitRun } from './kafka-init-pod.ts';

const namespace = useNamespaces(import.meta.filename);
const run = randomBytes(3).toString('hex');
const ZONE = 'topology.kubernetes.io/zone';
const nodeName = (i: number) => `kt-node-${run}-${i}`;
const pods: KafkaInitPod[] = [];

/** Nodes 0..2 in zones zone-a..c, with the addresses a kubelet reports (documentation ranges: nothing is sent there). */
beforeAll(async () => {
  for (const i of [0, 1, 2]) {
    const node: K8sObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName(i), labels: { [ZONE]: `zone-${'abc'[i]}`, 'app.kubernetes.io/part-of': 'kafka-tests' } } };
    await kubectlOk(['create', '-f', '-'], { input: toYaml([node]) });
    const addresses = [{ type: 'InternalIP', address: `192.0.2.1${i}` }, { type: 'ExternalIP', address: `203.0.113.1${i}` }, { type: 'Hostname', address: nodeName(i) }];
    await kubectlOk(['patch', 'node', nodeName(i), '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { addresses } })]);
  }
});

afterAll(async () => {
  for (const p of pods) p.close();
  await kubectl(['delete', 'node', '--ignore-not-found', '--wait=false', ...[0, 1, 2].map(nodeName)]);
});

const RBAC = new Set(['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);

interface Setup {
  readonly ns: string;
  readonly pod: KafkaInitPod;
  readonly token: string;
}

/** A namespace with the variant's RBAC objects and outside-N Services, less `omit` (kind/name). */
async function setUp(variant: string, omit: readonly string[] = []): Promise<Setup> {
  const ns = await namespace('restricted', `${variant}-${omit.join('-')}`);
  const objs = renderInto(variant, ns);
  const wanted = objs.filter((o) => (RBAC.has(o.kind) || (o.kind === 'Service' && o.metadata.name.startsWith('outside-'))) && !omit.includes(`${o.kind}/${o.metadata.name.replace(`-${ns}`, '')}`));
  const r = await apply(wanted);
  expect(r.code, r.stderr).toBe(0);
  const pod = new KafkaInitPod(objs);
  pods.push(pod);
  return { ns, pod, token: await serviceAccountToken(ns, 'kafka') };
}

function external(r: InitRun): string | undefined {
  return r.identity?.advertisedListeners?.EXTERNAL;
}

describe('kafka-init in nodeport mode (variants/external-nodeport)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp('variants/external-nodeport');
  });
  // nodePorts are the cluster's: give them back for the next test.
  afterAll(() => kubectlOk(['-n', s.ns, 'delete', 'services', '--all']));

  it.each([0, 1, 2])('kafka-%i advertises its node\'s ExternalIP and the nodePort the server stored, rack from the node', async (ordinal) => {
    const r = await s.pod.run({ ordinal, namespace: s.ns, nodeName: nodeName(ordinal) }, s.token);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const nodePort = (await kubectlOk(['-n', s.ns, 'get', 'service', `outside-${ordinal}`, '-o', 'jsonpath={.spec.ports[0].nodePort}'])).trim();
    expect(nodePort).toBe(String(32400 + ordinal));
    expect(external(r)).toBe(`203.0.113.1${ordinal}:${nodePort}`);
    expect(r.identity?.rack).toBe(`zone-${'abc'[ordinal]}`);
    expect(r.properties).toMatch(new RegExp(`^advertised\\.listeners=INTERNAL://kafka-${ordinal}\\.broker\\.${s.ns}\\.svc\\.cluster\\.local:9092,EXTERNAL://203\\.0\\.113\\.1${ordinal}:${nodePort}$`, 'm'));
  });

  it('InternalIP when KAFKA_EXTERNAL_ADDRESS_TYPES prefers it', async () => {
    const r = await s.pod.run({ ordinal: 1, namespace: s.ns, nodeName: nodeName(1) }, s.token, { KAFKA_EXTERNAL_ADDRESS_TYPES: 'InternalIP,ExternalIP' });
    expect(r.code, r.stdout).toBe(0);
    expect(external(r)).toBe('192.0.2.11:32401');
  });

  it('a token the server did not issue is refused (401), once', async () => {
    const r = await s.pod.run({ ordinal: 0, namespace: s.ns, nodeName: nodeName(0) }, 'not-a-token');
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/refused the credentials of the in-cluster service account \(401: Unauthorized\): check the service account token/);
    expect(r.properties).toBeUndefined();
  });

  it('a broker without its Service: the server\'s 404, retried, then what to create', async () => {
    const r = await s.pod.run({ ordinal: 3, namespace: s.ns, nodeName: nodeName(0) }, s.token, { KUBE_API_RETRIES: '1' });
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/Service outside-3 in namespace kt-\S+ not found after 2 attempt\(s\): create it/);
    expect(r.identity).toBeUndefined();
  });

  it('a ClusterIP Service in its place has no nodePort', async () => {
    const svc: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'outside-4', namespace: s.ns }, spec: { type: 'ClusterIP', selector: { app: 'none' }, ports: [{ port: 9094, targetPort: 9094 }] } };
    expect((await apply([svc])).code).toBe(0);
    const r = await s.pod.run({ ordinal: 4, namespace: s.ns, nodeName: nodeName(0) }, s.token);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/Service outside-4 port 9094 has no nodePort \(type ClusterIP\): make it type NodePort/);
  });
});

describe('kafka-init in loadbalancer mode (variants/external-loadbalancer)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp('variants/external-loadbalancer');
  });

  const setIngress = (name: string, ingress: Array<Record<string, string>>) =>
    kubectlOk(['-n', s.ns, 'patch', 'service', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { loadBalancer: { ingress } } })]);

  it('waits until the load balancer has an address, then advertises it on the Service port', async () => {
    const running = s.pod.run({ ordinal: 0, namespace: s.ns, nodeName: nodeName(0) }, s.token, { KAFKA_EXTERNAL_LB_POLL_INTERVAL: '200ms' });
    await sleep(1_500);
    await setIngress('outside-0', [{ hostname: 'outside-0.lb.example.com' }]);
    const r = await running;
    expect(r.code, r.stdout).toBe(0);
    expect(external(r)).toBe('outside-0.lb.example.com:9094');
    expect(r.logs.filter((l) => l.msg === 'waiting for the load balancer address').length).toBeGreaterThan(0);
  });

  it('an ip when the load balancer has no hostname', async () => {
    await setIngress('outside-2', [{ ip: '198.51.100.2' }]);
    const r = await s.pod.run({ ordinal: 2, namespace: s.ns, nodeName: nodeName(2) }, s.token);
    expect(r.code, r.stdout).toBe(0);
    expect(external(r)).toBe('198.51.100.2:9094');
    expect(r.identity?.rack).toBe('zone-c');
  });

  it('a load balancer that never gets an address: the wait ends with what to check', async () => {
    const r = await s.pod.run({ ordinal: 1, namespace: s.ns, nodeName: nodeName(1) }, s.token, { KAFKA_EXTERNAL_LB_WAIT: '1s', KAFKA_EXTERNAL_LB_POLL_INTERVAL: '200ms' });
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/Service outside-1 has no load-balancer address \(status.loadBalancer.ingress\) after 1s/);
  });
});

describe('kafka-init without the RBAC it needs: the server\'s 403, and the manifest that grants it', () => {
  it('without the external component\'s Role (manifests/components/service-reader)', async () => {
    const s = await setUp('variants/external-nodeport', ['Role/kafka-service-reader', 'RoleBinding/kafka-service-reader']);
    const r = await s.pod.run({ ordinal: 0, namespace: s.ns, nodeName: nodeName(0) }, s.token);
    await kubectlOk(['-n', s.ns, 'delete', 'services', '--all']);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(new RegExp(`\\(403: services "outside-0" is forbidden: User "system:serviceaccount:${s.ns}:kafka" cannot get resource "services" in API group "" in the namespace "${s.ns}"\\)`));
    expect(r.error).toMatch(new RegExp(`grant get on services in namespace ${s.ns} \\(Role kafka-service-reader in manifests/components/service-reader/10-rbac-services.yaml`));
    expect(r.properties).toBeUndefined();
  });

  it('without the ClusterRoleBinding to read nodes (manifests/kafka)', async () => {
    const s = await setUp('.', ['ClusterRoleBinding/kafka-node-reader']);
    const r = await s.pod.run({ ordinal: 0, namespace: s.ns, nodeName: nodeName(0) }, s.token);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(new RegExp(`not allowed to read node ${nodeName(0)} \\(403: nodes "${nodeName(0)}" is forbidden: User "system:serviceaccount:${s.ns}:kafka" cannot get resource "nodes"`));
    expect(r.error).toMatch(/grant get on nodes \(ClusterRole kafka-node-reader in manifests\/kafka\/11-rbac-nodes.yaml/);
  });

  it('with them (the default): reads its node for the rack and nothing else', async () => {
    const s = await setUp('.');
    const r = await s.pod.run({ ordinal: 2, namespace: s.ns, nodeName: nodeName(2) }, s.token);
    expect(r.code, r.stdout).toBe(0);
    expect(r.identity?.rack).toBe('zone-c');
    expect(external(r)).toBeUndefined();
  });
});
