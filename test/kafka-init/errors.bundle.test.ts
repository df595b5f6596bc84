// Failures of dist/kafka-init.js against the Kubernetes API double, kept for what a real API server
// does not do on demand (500s, 503s from a proxy, slow answers, no answer) and for what only the
// double's record of requests shows (how often a call was retried, that none was made): the exit code,
// a message that names the cause and the fix, the termination log, nothing half-written. The server's
// own 401, 403 and 404, a foreign CA, missing labels and addresses, and Services without the port
// are tested against a real API server in test/kubernetes/kafka-init*.test.ts.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodePath, serverError, servicePath, type Reply } from '../support/kube-api-double.ts';
import { freePort } from '../support/ports.ts';
import { errorMessage, NAMESPACE, useHarness, warnings, type Run } from './harness.ts';

const h = useHarness((x) => x.seedCluster());

/** Nothing written: no outputs, no temporary files beside them. */
function expectNothingWritten(run: Run): void {
  expect(run.properties).toBeUndefined();
  expect(run.identity).toBeUndefined();
  let leftovers: string[] = [];
  try {
    leftovers = readdirSync(h().path('etc'));
  } catch {
    // the directory was never made
  }
  expect(leftovers).toEqual([]);
}

function expectFailure(run: Run, code: number, message: RegExp): void {
  expect(run.code, run.stdout + run.stderr).toBe(code);
  expect(errorMessage(run)).toMatch(message);
  expect(run.termination).toBe(`${errorMessage(run)}\n`);
}

const NODE = nodePath('n0');
const SERVICE = servicePath(NAMESPACE, 'outside-0');

describe('kafka-init Kubernetes API failures', () => {
  it.each([
    ['500', serverError(), /failed after 3 attempt\(s\) \(HTTP 500: Internal error occurred: etcdserver: request timed out\)/],
    ['503 without a Status body', { status: 503, body: 'upstream connect error' }, /HTTP 503: upstream connect error/],
    ['a slow answer', { status: 200, body: {}, delayMs: 3_000 }, /cannot read Service outside-0 .* after 3 attempt\(s\) \(ETIMEDOUT: no answer within 150 ms \(KUBE_API_TIMEOUT\)\)/],
    ['no answer at all', { hang: true }, /ETIMEDOUT: no answer within 150 ms/],
  ] as Array<[string, Reply, RegExp]>)('%s: retried KUBE_API_RETRIES times, then a clear error', async (_name, reply, message) => {
    h().api.always(SERVICE, reply);
    const run = await h().run(h().env(0, { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_RACK_LABEL: '', KUBE_API_TIMEOUT: '150ms' }));
    expectFailure(run, 1, message);
    expectNothingWritten(run);
    expect(h().api.paths()).toEqual([NODE, SERVICE, SERVICE, SERVICE]);
    // The Service's retries; on a loaded machine the node read may need one too (its connection slower than 150 ms).
    expect(warnings(run).filter((w) => w.includes('retrying') && w.includes('Service outside-0'))).toHaveLength(2);
  });

  it.each([
    ['500', serverError()],
    ['a hang', { hang: true }],
  ] as Array<[string, Reply]>)('recovers when %s is followed by an answer', async (_name, reply) => {
    h().api.script(SERVICE, reply);
    const run = await h().run(h().env(0, { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_RACK_LABEL: '', KUBE_API_TIMEOUT: '150ms' }));
    expect(run.code, run.stdout).toBe(0);
    expect(h().api.paths()).toEqual([NODE, SERVICE, SERVICE]);
  });

  it('a refused connection is retried, then fails', async () => {
    const closed = await freePort();
    const kubeconfig = h().write('kubeconfig-closed', `apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${closed}\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n`);
    const run = await h().run(h().env(0, { KUBECONFIG: kubeconfig }));
    expectFailure(run, 1, /cannot read node n0 from the Kubernetes API at http:\/\/127\.0\.0\.1:\d+ after 3 attempt\(s\) \(ECONNREFUSED/);
    expectNothingWritten(run);
  });
});

describe('kafka-init meta.properties', () => {
  it('refuses a volume of another broker and touches nothing', async () => {
    mkdirSync(h().path('data'), { recursive: true });
    const meta = '#Tue Nov 24 10:00:00 UTC 2026\nversion=0\nbroker.id=0\ncluster.id=q1w2e3\n';
    writeFileSync(h().path('data/meta.properties'), meta);
    const run = await h().run(h().env(1));
    expectFailure(run, 1, /meta.properties says broker.id 0, but this pod kafka-1 is broker 1 \(ordinal 1 \+ KAFKA_BROKER_ID_OFFSET 0\); Kafka would stop with InconsistentBrokerIdException.*give this pod the volume of broker 1.*Nothing was written/);
    expect(readFileSync(h().path('data/meta.properties'), 'utf8')).toBe(meta);
    expect(readdirSync(h().path('data'))).toEqual(['meta.properties']);
    expectNothingWritten(run);
    expect(h().api.requests).toEqual([]);
  });
});

describe('kafka-init bad configuration: exit 2, nothing written, no API call', () => {
  const template = (text: string) => h().write('template.properties', text);
  it.each([
    ['a pod name without ordinal', { POD_NAME: 'kafka' }, /POD_NAME "kafka" has no ordinal/],
    ['no namespace', { POD_NAMESPACE: '' }, /invalid setting --pod-namespace \(\$POD_NAMESPACE\): must be a DNS label/],
    ['an unknown mode', { KAFKA_EXTERNAL_MODE: 'ingress' }, /--kafka-external-mode .*must be one of none, nodeport, loadbalancer, hostport, got "ingress"/],
    ['zookeeper.connect without port', { KAFKA_ZOOKEEPER_CONNECT: 'zookeeper' }, /KAFKA_ZOOKEEPER_CONNECT.*"zookeeper" has no port/],
    ['zookeeper.connect with a bad chroot', { KAFKA_ZOOKEEPER_CONNECT: 'zk:2181/kafka/' }, /invalid chroot "\/kafka\/"/],
    ['zookeeper.connect with a bad port', { KAFKA_ZOOKEEPER_CONNECT: 'zk:2181,zk2:99999' }, /has port 99999/],
    ['an unknown address type', { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_ADDRESS_TYPES: 'ExternalIP,PublicIP' }, /has unknown item\(s\) PublicIP; allowed: ExternalDNS, ExternalIP, InternalDNS, InternalIP, Hostname/],
    ['hostport without HOST_IP', { KAFKA_EXTERNAL_MODE: 'hostport', KAFKA_RACK_LABEL: '' }, /HOST_IP is not set: set HOST_IP from the downward API \(fieldRef status.hostIP\)/],
    ['HOST_IP that is no IP', { KAFKA_EXTERNAL_MODE: 'hostport', HOST_IP: 'node-1' }, /--host-ip .*must be an IP address/],
    ['a rack without NODE_NAME', { NODE_NAME: '' }, /NODE_NAME is not set, but broker.rack comes from the node label topology.kubernetes.io\/zone.*or set KAFKA_RACK_LABEL to empty/],
    ['nodeport without NODE_NAME', { NODE_NAME: '', KAFKA_RACK_LABEL: '', KAFKA_EXTERNAL_MODE: 'nodeport' }, /NODE_NAME is not set, but nodeport mode advertises an address of the node.*or set KAFKA_EXTERNAL_HOST/],
    ['a port template out of range', { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_PORT: '{ordinal+70000}' }, /KAFKA_EXTERNAL_PORT gives port "70000" for this broker/],
    ['an unknown placeholder', { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_HOST: '{pod}.example.com' }, /unknown placeholder \{pod\}; use \{ordinal\} or \{ordinal\+N\}/],
    ['a host template that is no host', { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_HOST: 'kafka_{ordinal}' }, /KAFKA_EXTERNAL_HOST gives host "kafka_0", which is neither an IP address nor a DNS name/],
    ['an external host with mode none', { KAFKA_EXTERNAL_HOST: 'kafka.example.com' }, /KAFKA_EXTERNAL_HOST is set but KAFKA_EXTERNAL_MODE is none/],
    ['one port for both listeners', { KAFKA_EXTERNAL_MODE: 'hostport', HOST_IP: '10.0.0.1', KAFKA_EXTERNAL_CONTAINER_PORT: '9092' }, /KAFKA_EXTERNAL_CONTAINER_PORT and KAFKA_INTERNAL_PORT are both 9092/],
    ['a Service template that is no name', { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_SERVICE_TEMPLATE: '{ordinal}-outside' }, /KAFKA_EXTERNAL_SERVICE_TEMPLATE gives "0-outside", which is not a valid Service name/],
    ['a negative id offset', { KAFKA_BROKER_ID_OFFSET: '-1' }, /--kafka-broker-id-offset .*must be an integer from 0 to 1000000, got -1/],
    ['an id above reserved.broker.max.id', { KAFKA_BROKER_ID_OFFSET: '1000', POD_NAME: 'kafka-1' }, /broker.id 1001 \(ordinal 1 \+ KAFKA_BROKER_ID_OFFSET 1000\) is above reserved.broker.max.id 1000/],
    ['a relative output path', { KAFKA_CONFIG_OUT: 'server.properties' }, /--kafka-config-out .*must be an absolute path/],
    ['a bad timeout', { KUBE_API_TIMEOUT: '5' }, /--kube-api-timeout .*must be a duration like 500ms/],
    ['a rack label that is no label', { KAFKA_RACK_LABEL: 'zone label' }, /must be a node label key like topology.kubernetes.io\/zone/],
  ])('%s', async (_name, overrides: Record<string, string>, message) => {
    const run = await h().run(h().env(0, overrides));
    expectFailure(run, 2, message);
    expectNothingWritten(run);
    expect(h().api.requests).toEqual([]);
  });

  it.each([
    ['an owned key', 'num.partitions=3\n# ours\nadvertised.listeners=PLAINTEXT://x:9092\n', /KAFKA_CONFIG_TEMPLATE .*template.properties line 3 sets advertised.listeners, which this agent derives; remove it from the template/],
    ['broker.id', 'broker.id=7\n', /line 1 sets broker.id.*it is the ordinal \+ KAFKA_BROKER_ID_OFFSET/],
    ['a key that contradicts inter.broker.listener.name', 'security.inter.broker.protocol=SSL\n', /sets security.inter.broker.protocol.*brokers replicate over the INTERNAL listener/],
    ['a key set twice', 'num.partitions=3\nnum.partitions=6\n', /sets num.partitions twice \(lines 1 and 2\); keep one/],
  ])('a template with %s', async (_name, text, message) => {
    const run = await h().run(h().env(0, { KAFKA_CONFIG_TEMPLATE: template(text) }));
    expectFailure(run, 2, message);
    expectNothingWritten(run);
    expect(h().api.requests).toEqual([]);
  });

  it.each([
    ['a missing template', () => ({ KAFKA_CONFIG_TEMPLATE: h().path('missing.properties') }), /KAFKA_CONFIG_TEMPLATE .*missing.properties does not exist: mount the ConfigMap there/],
    ['a missing kubeconfig', () => ({ KUBECONFIG: h().path('no-kubeconfig') }), /KUBECONFIG .*no-kubeconfig: no such file/],
    ['a kubeconfig without current-context', () => ({ KUBECONFIG: h().write('kc-empty', 'apiVersion: v1\nclusters: []\n') }), /KUBECONFIG: .*kc-empty has no current-context/],
    ['a kubeconfig that is not YAML', () => ({ KUBECONFIG: h().write('kc-bad', 'clusters: [\n') }), /KUBECONFIG: .*kc-bad is not valid YAML/],
    ['no cluster and no kubeconfig', () => ({ KUBECONFIG: '' }), /KUBERNETES_SERVICE_HOST is not set, so this is not a pod with API access: run in the cluster, or set KUBECONFIG/],
    ['a pod without its service account token', () => ({ KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBE_SERVICE_ACCOUNT_DIR: h().path('no-sa') }),
      /service account token .*no-sa\/token does not exist: the pod needs its service account's token mounted \(automountServiceAccountToken must not be false\), or set KUBECONFIG/],
    ['a kubeconfig naming a CA file that is missing', () => ({ KUBECONFIG: h().write('kc-ca', `current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1", certificate-authority: missing-ca.crt}\n`) }),
      /KUBECONFIG: certificate-authority .*missing-ca.crt does not exist/],
  ])('%s', async (_name, overrides, message) => {
    const run = await h().run(h().env(0, overrides()));
    expectFailure(run, 2, message);
    expectNothingWritten(run);
  });

  it('an output directory that cannot be made is a runtime failure', async () => {
    const file = h().write('a-file', '');
    const run = await h().run(h().env(0, { KAFKA_CONFIG_OUT: `${file}/server.properties` }));
    expectFailure(run, 1, /KAFKA_CONFIG_OUT .*a-file: a file is where a directory must be: remove it, or point KAFKA_CONFIG_OUT at a path whose parents are directories \(EEXIST on create\)/);
  });
});

describe('kafka-init --help', () => {
  it('lists every setting with its variable and exits 0', async () => {
    const run = await h().run({}, ['--help']);
    expect(run.code).toBe(0);
    for (const env of ['POD_NAME', 'KAFKA_EXTERNAL_MODE', 'KAFKA_EXTERNAL_ADDRESS_TYPES', 'KAFKA_RACK_LABEL', 'KUBECONFIG', 'KUBE_API_TIMEOUT']) {
      expect(run.stdout).toContain(`$${env}`);
    }
  });
});
