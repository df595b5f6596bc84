// dist/kafka-init.js as a process against the Kubernetes API double: every
// external mode, the address-type preference, and the calls each mode makes.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKafkaIdentity } from '../../agents/lib/kafka-identity.ts';
import { expectGolden } from '../support/golden.ts';
import { node, nodePath, service, servicePath } from '../support/kube-api-double.ts';
import { REPO_ROOT as ROOT } from '../../images/bake/repo.ts';
import { Harness, NAMESPACE, useHarness, warnings } from './harness.ts';

const TEMPLATE = join(ROOT, 'test/fixtures/kafka-init/server.template.properties');
const ZK = 'zoo-0.zoo:2181,zoo-1.zoo:2181,zoo-2.zoo:2181/kafka';

const h = useHarness();

function advertised(properties: string | undefined): string | undefined {
  return /^advertised\.listeners=(.*)$/m.exec(properties ?? '')?.[1];
}

describe('kafka-init golden server.properties', () => {
  const modes = ['none', 'nodeport', 'loadbalancer'] as const;
  const cases = modes.flatMap((mode) => [0, 1, 2].map((ordinal) => [mode, ordinal] as const));

  it.each(cases)('%s mode, kafka-%i', async (mode, ordinal) => {
    h().seedCluster(mode === 'loadbalancer' ? 'LoadBalancer' : 'NodePort');
    const run = await h().run(h().env(ordinal, { KAFKA_EXTERNAL_MODE: mode, KAFKA_CONFIG_TEMPLATE: TEMPLATE, KAFKA_ZOOKEEPER_CONNECT: ZK }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // Paths of this machine's temporary directory are not part of the golden file.
    expectGolden(`kafka-init/kafka-${ordinal}.${mode}.properties`, run.properties!.replaceAll(h().dir, '/tmp/test'));
    const identity = parseKafkaIdentity(run.identity!);
    expect(identity.brokerId).toBe(ordinal);
    expect(identity.rack).toBe(`zone-${'abc'[ordinal]}`);
    expect(identity.endpoints.join(',')).toBe(advertised(run.properties));
    if (ordinal === 0) expectGolden(`kafka-init/kafka-0.${mode}.identity.json`, run.identity!);
    const wanted = mode === 'none' ? [nodePath(`n${ordinal}`)] : [nodePath(`n${ordinal}`), servicePath(NAMESPACE, `outside-${ordinal}`)];
    expect(h().api.paths()).toEqual(wanted);
  });

  it('keeps the template: every line of it is in the output, in order', async () => {
    h().seedCluster();
    const run = await h().run(h().env(1, { KAFKA_CONFIG_TEMPLATE: TEMPLATE }));
    expect(run.code).toBe(0);
    expect(run.properties).toContain(readFileSync(TEMPLATE, 'utf8').trimEnd());
  });
});

describe('kafka-init nodeport: choosing the node address', () => {
  const addresses = (list: Array<[string, string]>) => list;
  it.each([
    ['default preference picks ExternalIP over InternalIP', undefined, addresses([['InternalIP', '10.1.0.1'], ['ExternalIP', '203.0.113.5'], ['Hostname', 'n9']]), '203.0.113.5', false],
    ['ExternalDNS wins over ExternalIP by default', undefined, addresses([['ExternalIP', '203.0.113.5'], ['ExternalDNS', 'n9.example.com']]), 'n9.example.com', false],
    ['InternalIP when the user prefers it', 'InternalIP,ExternalIP', addresses([['ExternalIP', '203.0.113.5'], ['InternalIP', '10.1.0.1']]), '10.1.0.1', false],
    ['the next type when the first is missing', 'ExternalIP,Hostname', addresses([['InternalIP', '10.1.0.1'], ['Hostname', 'n9']]), 'n9', false],
    ['the first of several of one type, with a warning', undefined, addresses([['ExternalIP', '203.0.113.5'], ['ExternalIP', '203.0.113.6']]), '203.0.113.5', true],
    ['an IPv6 address in brackets', 'InternalIP', addresses([['InternalIP', '2001:db8::7']]), '[2001:db8::7]', false],
  ])('%s', async (_name, preference, nodeAddresses, host, warned) => {
    h().api.put(node({ name: 'n9', addresses: nodeAddresses, labels: {} }));
    h().api.put(service({ name: 'outside-4', namespace: NAMESPACE, ports: [{ port: 9094, nodePort: 31004 }] }));
    const env = h().env(4, { NODE_NAME: 'n9', KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_RACK_LABEL: '' });
    if (preference) env.KAFKA_EXTERNAL_ADDRESS_TYPES = preference;
    const run = await h().run(env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(advertised(run.properties)).toBe(`INTERNAL://kafka-4.broker.kafka.svc.cluster.local:9092,EXTERNAL://${host}:31004`);
    expect(warnings(run).some((w) => w.includes('several ExternalIP addresses') && w.includes('203.0.113.6'))).toBe(warned);
  });
});

describe('kafka-init loadbalancer', () => {
  it('advertises the hostname before the ip, on the Service port', async () => {
    h().api.put(service({ name: 'outside-0', namespace: NAMESPACE, type: 'LoadBalancer', ports: [{ port: 19094, targetPort: 9094, nodePort: 30000 }], ingress: [{ ip: '198.51.100.9' }, { hostname: 'lb.example.com' }] }));
    const run = await h().run(h().env(0, { KAFKA_EXTERNAL_MODE: 'loadbalancer', KAFKA_RACK_LABEL: '' }));
    expect(run.code, run.stdout).toBe(0);
    expect(advertised(run.properties)).toContain('EXTERNAL://lb.example.com:19094');
  });

  it('waits until the load balancer gets an address', async () => {
    const pending = service({ name: 'outside-0', namespace: NAMESPACE, type: 'LoadBalancer', ports: [{ port: 9094 }] });
    const path = servicePath(NAMESPACE, 'outside-0');
    h().api.script(path, ...[1, 2, 3].map(() => ({ status: 200, body: pending })));
    h().api.put(service({ name: 'outside-0', namespace: NAMESPACE, type: 'LoadBalancer', ports: [{ port: 9094 }], ingress: [{ ip: '198.51.100.1' }] }));
    const run = await h().run(h().env(0, { KAFKA_EXTERNAL_MODE: 'loadbalancer', KAFKA_RACK_LABEL: '', KAFKA_EXTERNAL_LB_POLL_INTERVAL: '20ms' }));
    expect(run.code, run.stdout).toBe(0);
    expect(advertised(run.properties)).toContain('EXTERNAL://198.51.100.1:9094');
    expect(h().api.paths()).toEqual([path, path, path, path]);
    expect(run.logs.filter((l) => l.msg === 'waiting for the load balancer address')).toHaveLength(3);
  });
});

describe('kafka-init without API calls', () => {
  it.each([
    ['hostport: HOST_IP and the fixed port', { KAFKA_EXTERNAL_MODE: 'hostport', HOST_IP: '192.0.2.7' }, 'EXTERNAL://192.0.2.7:9094'],
    ['hostport with another host port', { KAFKA_EXTERNAL_MODE: 'hostport', HOST_IP: '192.0.2.7', KAFKA_EXTERNAL_HOSTPORT: '19094' }, 'EXTERNAL://192.0.2.7:19094'],
    ['hostport with an IPv6 host', { KAFKA_EXTERNAL_MODE: 'hostport', HOST_IP: '2001:db8::7' }, 'EXTERNAL://[2001:db8::7]:9094'],
    ['explicit host and port templates', { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_HOST: 'kafka-{ordinal}.example.com', KAFKA_EXTERNAL_PORT: '{ordinal+32400}' }, 'EXTERNAL://kafka-2.example.com:32402'],
    ['explicit templates win in loadbalancer mode', { KAFKA_EXTERNAL_MODE: 'loadbalancer', KAFKA_EXTERNAL_HOST: 'b{ordinal}.example.com', KAFKA_EXTERNAL_PORT: '909{ordinal}' }, 'EXTERNAL://b2.example.com:9092'],
    ['internal only', { KAFKA_EXTERNAL_MODE: 'none' }, undefined],
  ])('%s', async (_name, overrides: Record<string, string>, external) => {
    const env = { ...h().env(2, { KAFKA_RACK_LABEL: '', KAFKA_EXTERNAL_CONTAINER_PORT: '9094', ...overrides }) };
    delete env.KUBECONFIG;
    delete env.NODE_NAME;
    const run = await h().run(env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const internal = 'INTERNAL://kafka-2.broker.kafka.svc.cluster.local:9092';
    expect(advertised(run.properties)).toBe(external ? `${internal},${external}` : internal);
    expect(h().api.requests).toEqual([]);
  });

  it('an explicit host still reads the nodePort, and nothing else', async () => {
    h().seedCluster();
    const run = await h().run(h().env(1, { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_EXTERNAL_HOST: 'kafka-{ordinal}.example.com', KAFKA_RACK_LABEL: '' }));
    expect(run.code, run.stdout).toBe(0);
    expect(advertised(run.properties)).toContain('EXTERNAL://kafka-1.example.com:32401');
    expect(h().api.paths()).toEqual([servicePath(NAMESPACE, 'outside-1')]);
  });

  it('hostport with a rack reads only the node', async () => {
    h().seedCluster();
    const run = await h().run(h().env(1, { KAFKA_EXTERNAL_MODE: 'hostport', HOST_IP: '10.0.0.11' }));
    expect(run.code, run.stdout).toBe(0);
    expect(run.properties).toMatch(/^broker\.rack=zone-b$/m);
    expect(h().api.paths()).toEqual([nodePath('n1')]);
  });
});

describe('kafka-init settings sources', () => {
  it('takes the pod name from HOSTNAME when POD_NAME is unset', async () => {
    h().seedCluster();
    const { POD_NAME: _p, ...env } = h().env(1);
    const run = await h().run({ ...env, HOSTNAME: 'kafka-1' });
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.identity!)).toMatchObject({ brokerId: 1, podName: 'kafka-1' });
  });

  it('lets flags win over the environment', async () => {
    const env = h().env(0, { KAFKA_EXTERNAL_MODE: 'nodeport', KAFKA_BROKER_ID_OFFSET: '5' });
    const run = await h().run(env, ['--kafka-external-mode', 'hostport', '--host-ip=192.0.2.9', '--kafka-rack-label', '', '--kafka-broker-id-offset', '10']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.identity!)).toMatchObject({ brokerId: 10, advertisedListeners: { EXTERNAL: '192.0.2.9:9094' } });
    expect(h().api.requests).toEqual([]);
  });
});

describe('kafka-init reruns', () => {
  it('a second run changes nothing', async () => {
    h().seedCluster();
    const env = h().env(0, { KAFKA_EXTERNAL_MODE: 'nodeport' });
    const first = await h().run(env);
    expect(first.code).toBe(0);
    const mtime = statSync(h().path('etc/server.properties')).mtimeMs;
    const second = await h().run(env);
    expect(second.code).toBe(0);
    expect(second.properties).toBe(first.properties);
    expect(second.identity).toBe(first.identity);
    expect(statSync(h().path('etc/server.properties')).mtimeMs).toBe(mtime);
    expect(second.logs.at(-1)).toMatchObject({ msg: 'already initialised; nothing changed', unchanged: true, written: [] });
  });

  it('starts when meta.properties names this broker', async () => {
    h().seedCluster();
    mkdirSync(h().path('data'), { recursive: true });
    h().write('data/meta.properties', '#\nversion=0\nbroker.id=2\ncluster.id=abc\n');
    const run = await h().run(h().env(2));
    expect(run.code, run.stdout).toBe(0);
  });

  it('logs the identity once, as written', async () => {
    h().seedCluster();
    const run = await h().run(h().env(0, { KAFKA_EXTERNAL_MODE: 'nodeport' }));
    const line = run.logs.find((l) => l.msg === 'initialised');
    expect(line?.identity).toEqual(JSON.parse(run.identity!));
    expect(line?.externalFrom).toEqual({ host: 'ExternalIP of node n0', port: 'nodePort of Service outside-0' });
  });
});

describe('kafka-init reaches the API over HTTPS', () => {
  let tls: Harness;
  beforeAll(async () => {
    tls = await Harness.start({ https: true });
    tls.seedCluster();
  });
  afterAll(async () => {
    await tls.close();
  });

  it('with the in-cluster service account', async () => {
    const sa = tls.api.writeServiceAccount(tls.path(''));
    const env = { ...tls.env(1, { KAFKA_EXTERNAL_MODE: 'nodeport', KUBE_SERVICE_ACCOUNT_DIR: sa.dir, ...sa.env }) };
    delete env.KUBECONFIG;
    const run = await tls.run(env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(advertised(run.properties)).toContain('EXTERNAL://203.0.113.11:32401');
    expect(tls.api.requests.every((r) => r.authorization === `Bearer ${tls.api.token}`)).toBe(true);
  });

  it('with a kubeconfig that authenticates with a client certificate', async () => {
    const mtls = await Harness.start({ https: true, clientCert: true });
    try {
      mtls.seedCluster();
      const kubeconfig = mtls.api.writeKubeconfig(mtls.dir, { auth: 'client-cert', file: 'kubeconfig-cert' });
      const run = await mtls.run(mtls.env(1, { KAFKA_EXTERNAL_MODE: 'nodeport', KUBECONFIG: kubeconfig }));
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(mtls.api.requests.map((r) => [r.authorization, r.clientCert])).toEqual([
        [undefined, 'kafka-init'],
        [undefined, 'kafka-init'],
      ]);
    } finally {
      await mtls.close();
    }
  });

  it('with a kubeconfig that skips TLS verification', async () => {
    const text = readFileSync(tls.api.writeKubeconfig(tls.dir), 'utf8').replace(/ +certificate-authority-data: .*\n/, '    insecure-skip-tls-verify: true\n');
    const run = await tls.run(tls.env(0, { KUBECONFIG: tls.write('kubeconfig-insecure', text) }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.properties).toMatch(/^broker\.rack=zone-a$/m);
  });

  it('with a kubeconfig whose CA is a file beside it', async () => {
    const kubeconfig = tls.api.writeKubeconfig(tls.dir, { caFile: true, file: 'kubeconfig-ca-file' });
    const run = await tls.run(tls.env(2, { KAFKA_EXTERNAL_MODE: 'nodeport', KUBECONFIG: kubeconfig }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.properties).toMatch(/^broker\.rack=zone-c$/m);
  });
});
