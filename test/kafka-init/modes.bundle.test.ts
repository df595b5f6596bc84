// dist/kafka-init.js as a process against the Kubernetes API double, for what only the double's record
// of requests shows: the calls each mode makes (and that some make none), with golden server.properties.
// The modes against what a real API server stores, the address-type preference and the ways to reach
// the API are tested in test/kubernetes/kafka-init*.test.ts.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKafkaIdentity } from '../../agents/lib/kafka-identity.ts';
import { expectGolden } from '../support/golden.ts';
import { nodePath, servicePath } from '../support/kube-api-double.ts';
import { REPO_ROOT as ROOT } from '../../images/bake/repo.ts';
import { NAMESPACE, useHarness } from './harness.ts';

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
