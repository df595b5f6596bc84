// dist/kafka-init.js against a real API server, as the `kafka` ServiceAccount of manifests/: the RBAC
// objects and outside-N Services of a variant applied, Nodes made as a kubelet would register them, a
// token from the TokenRequest API. nodeport and loadbalancer modes read the Node and the Service as
// the server stores them; without the Role or the ClusterRoleBinding, the server's own 403 comes back
// with the manifest that grants it. (test/kafka-init keeps the API double for what a real server does
// not do on demand: 500s, hangs, slow answers.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type K8sObject } from '../manifests/lint/kustomize.ts';
import { sleep } from '../support/wait.ts';
import { apply, kubectl, kubectlOk } from './cluster.ts';
import { createNode, useKafkaInitCluster, type InitRun, type Setup } from './kafka-init-pod.ts';

const { nodeName, setUp } = useKafkaInitCluster(import.meta.filename);

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

  it('the hostname before the ip, on the Service port (not the container port)', async () => {
    const svc: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'outside-3', namespace: s.ns }, spec: { type: 'LoadBalancer', selector: { app: 'none' }, ports: [{ port: 19094, targetPort: 9094 }] } };
    expect((await apply([svc])).code).toBe(0);
    await setIngress('outside-3', [{ ip: '198.51.100.9' }, { hostname: 'lb.example.com' }]);
    const r = await s.pod.run({ ordinal: 3, namespace: s.ns, nodeName: nodeName(0) }, s.token);
    expect(r.code, r.error).toBe(0);
    expect(external(r)).toBe('lb.example.com:19094');
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

describe('kafka-init reads the Node as the server stores it', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp('variants/external-nodeport');
  });
  afterAll(() => kubectlOk(['-n', s.ns, 'delete', 'services', '--all']));

  it('a node without the rack label: a warning and no broker.rack', async () => {
    const r = await s.pod.run({ ordinal: 0, namespace: s.ns, nodeName: nodeName(0) }, s.token, { KAFKA_RACK_LABEL: 'example.com/rack' });
    expect(r.code, r.stdout).toBe(0);
    expect(r.properties).not.toMatch(/^broker\.rack=/m);
    expect(r.logs.filter((l) => l.level === 'warn').map((l) => l.msg)).toContainEqual(expect.stringMatching(new RegExp(`node ${nodeName(0)} has no label example.com/rack; broker.rack is not set`)));
  });

  it('a node without the rack label when KAFKA_RACK_REQUIRED: refused, with the kubectl label to fix it', async () => {
    const r = await s.pod.run({ ordinal: 0, namespace: s.ns, nodeName: nodeName(0) }, s.token, { KAFKA_RACK_LABEL: 'example.com/rack', KAFKA_RACK_REQUIRED: 'true' });
    expect(r.code).toBe(1);
    expect(r.error).toMatch(new RegExp(`kubectl label node ${nodeName(0)} example.com/rack=<zone>`));
    expect(r.properties).toBeUndefined();
  });

  it('a node without any preferred address type: refused, listing what it has', async () => {
    const r = await s.pod.run({ ordinal: 0, namespace: s.ns, nodeName: nodeName(0) }, s.token, { KAFKA_EXTERNAL_ADDRESS_TYPES: 'ExternalDNS' });
    expect(r.code).toBe(1);
    expect(r.error).toContain(`node ${nodeName(0)} has no address of type ExternalDNS (it has: InternalIP 192.0.2.10, ExternalIP 203.0.113.10, Hostname ${nodeName(0)})`);
  });

  it('a Service with no port targeting the container port: refused, listing its ports', async () => {
    const svc: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'outside-6', namespace: s.ns }, spec: { type: 'NodePort', selector: { app: 'none' }, ports: [{ name: 'a', port: 1, targetPort: 2 }, { name: 'b', port: 3, targetPort: 4 }] } };
    expect((await apply([svc])).code).toBe(0);
    const r = await s.pod.run({ ordinal: 6, namespace: s.ns, nodeName: nodeName(0) }, s.token);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/has no port targeting container port 9094 \(KAFKA_EXTERNAL_CONTAINER_PORT\) \(its ports: a 1->2, b 3->4\)/);
  });
});

describe('kafka-init in hostport mode (variants/external-hostport)', () => {
  it('advertises HOST_IP and the hostPort, its rack from the node', async () => {
    const s = await setUp('variants/external-hostport');
    const r = await s.pod.run({ ordinal: 1, namespace: s.ns, nodeName: nodeName(1), hostIP: '192.0.2.11' }, s.token);
    expect(r.code, r.stdout).toBe(0);
    expect(external(r)).toBe('192.0.2.11:9094');
    expect(r.identity?.rack).toBe('zone-b');
  });
});

describe('kafka-init nodeport: choosing among the node\'s addresses', () => {
  let s: Setup;
  const made: string[] = [];
  beforeAll(async () => {
    // The Role to read Services, and one Service of our own (any free nodePort) instead of outside-0..2.
    s = await setUp('variants/external-nodeport', ['Service/outside-0', 'Service/outside-1', 'Service/outside-2']);
    const svc: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'outside-4', namespace: s.ns }, spec: { type: 'NodePort', selector: { app: 'none' }, ports: [{ port: 9094, targetPort: 9094 }] } };
    expect((await apply([svc])).code).toBe(0);
  });
  afterAll(() => kubectl(['delete', 'node', '--ignore-not-found', '--wait=false', ...made]));

  /** (type, address) pairs, typed as such for it.each. */
  const list = (l: Array<[string, string]>) => l;
  it.each([
    ['the default preference picks ExternalIP over InternalIP', undefined, list([['InternalIP', '192.0.2.1'], ['ExternalIP', '203.0.113.5'], ['Hostname', 'n9']]), '203.0.113.5', false],
    ['ExternalDNS wins over ExternalIP by default', undefined, list([['ExternalIP', '203.0.113.5'], ['ExternalDNS', 'n9.example.com']]), 'n9.example.com', false],
    ['InternalIP when the user prefers it', 'InternalIP,ExternalIP', list([['ExternalIP', '203.0.113.5'], ['InternalIP', '192.0.2.1']]), '192.0.2.1', false],
    ['the next type when the first is missing', 'ExternalIP,Hostname', list([['InternalIP', '192.0.2.1'], ['Hostname', 'n9']]), 'n9', false],
    ['the first of several of one type, with a warning', undefined, list([['ExternalIP', '203.0.113.5'], ['ExternalIP', '203.0.113.6']]), '203.0.113.5', true],
    ['an IPv6 address in brackets', 'InternalIP', list([['InternalIP', '2001:db8::7']]), '[2001:db8::7]', false],
  ])('%s', async (_name, preference, addresses, host, warned) => {
    const name = `${nodeName(0)}-addr-${made.length}`;
    made.push(name);
    await createNode(name, {}, addresses);
    const r = await s.pod.run({ ordinal: 4, namespace: s.ns, nodeName: name }, s.token, { KAFKA_RACK_LABEL: '', ...(preference && { KAFKA_EXTERNAL_ADDRESS_TYPES: preference }) });
    expect(r.code, r.error).toBe(0);
    const nodePort = (await kubectlOk(['-n', s.ns, 'get', 'service', 'outside-4', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).trim();
    expect(external(r)).toBe(`${host}:${nodePort}`);
    const warnings = r.logs.filter((l) => l.level === 'warn').map((l) => String(l.msg));
    expect(warnings.some((w) => w.includes('several ExternalIP addresses') && w.includes('203.0.113.6'))).toBe(warned);
  });
});
