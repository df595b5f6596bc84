// dist/kafka-init.js in kraft mode: server.properties of each role as a golden file (broker, broker with
// external access, controller, combined node), what it must not contain (anything of ZooKeeper), that
// no identity.json is written, and the refusals: bad settings exit 2, a volume of another cluster or
// node exits 1, each naming the setting or both values, with nothing changed.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../agents/lib/properties.ts';
import { expectGolden } from '../support/golden.ts';
import { nodePath } from '../support/kube-api-double.ts';
import { errorMessage, useHarness } from './harness.ts';

const h = useHarness((x) => x.seedCluster());
const CLUSTER = 'MkU3OEVBNTcwNTJENDM2Qg';
const OTHER = '4L6g3nShT-eMCtK--X86sw';
const TEMPLATE = 'num.partitions=3\ndefault.replication.factor=3\n';

const KRAFT = { KAFKA_METADATA_MODE: 'kraft', KAFKA_CLUSTER_ID: CLUSTER, KAFKA_CONTROLLER_REPLICAS: '3' };
const ROLES: Array<[string, number, Record<string, string>]> = [
  ['broker', 1, { KAFKA_PROCESS_ROLES: 'broker' }],
  ['broker.nodeport', 1, { KAFKA_PROCESS_ROLES: 'broker', KAFKA_EXTERNAL_MODE: 'nodeport' }],
  ['controller', 1, { KAFKA_PROCESS_ROLES: 'controller', POD_NAME: 'kafka-controller-1', KAFKA_RACK_LABEL: '' }],
  ['combined', 0, { KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_CONTROLLER_STATEFULSET: 'kafka', KAFKA_CONTROLLER_SERVICE: 'broker', KAFKA_CONTROLLER_REPLICAS: '1' }],
];

const keys = (text: string) => new Map(parseProperties(text).map((e) => [e.key, e.value]));

describe('kafka-init in kraft mode', () => {
  it.each(ROLES)('%s: server.properties matches its golden file, and nothing of ZooKeeper', async (role, ordinal, env) => {
    const template = h().write('template.properties', TEMPLATE);
    const run = await h().run(h().env(ordinal, { ...KRAFT, KAFKA_CONFIG_TEMPLATE: template, ...env }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expectGolden(`kafka-init/kraft.${role}.properties`, run.properties!.replaceAll(h().dir, '/tmp/test'));
    const k = keys(run.properties!);
    for (const zk of ['zookeeper.connect', 'broker.id', 'zookeeper.session.timeout.ms']) expect(k.has(zk), zk).toBe(false);
    expect(k.get('controller.listener.names')).toBe('CONTROLLER');
    expect(run.identity).toBeUndefined();
  });

  it('a controller reads nothing from the API (no rack, no external address)', async () => {
    const run = await h().run(h().env(0, { ...KRAFT, KAFKA_PROCESS_ROLES: 'controller', POD_NAME: 'kafka-controller-0', NODE_NAME: '' }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(h().api.paths()).toEqual([]);
  });

  it('a broker reads its node for broker.rack, as in ZooKeeper mode', async () => {
    const run = await h().run(h().env(2, { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker' }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(keys(run.properties!).get('broker.rack')).toBe('zone-c');
    expect(h().api.paths()).toEqual([nodePath('n2')]);
  });

  it.each([
    ['kraft without a cluster id', { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker', KAFKA_CLUSTER_ID: '' }, /KAFKA_CLUSTER_ID is not set, but KAFKA_METADATA_MODE is kraft/],
    ['a malformed cluster id', { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker', KAFKA_CLUSTER_ID: 'my-cluster' }, /KAFKA_CLUSTER_ID.*must be a KRaft cluster id/],
    ['zookeeper mode with process roles', { KAFKA_PROCESS_ROLES: 'broker' }, /KAFKA_PROCESS_ROLES is set, but KAFKA_METADATA_MODE is zookeeper/],
    ['unknown roles', { ...KRAFT, KAFKA_PROCESS_ROLES: 'voter' }, /KAFKA_PROCESS_ROLES.*must be broker, controller or broker,controller/],
    ['a template that sets process.roles', { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker', KAFKA_CONFIG_TEMPLATE: 'process.roles=controller\n' }, /sets process.roles, which this agent derives/],
    ['a template that sets zookeeper.connect', { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker', KAFKA_CONFIG_TEMPLATE: 'zookeeper.connect=zk:2181\n' }, /sets zookeeper.connect, which this agent derives/],
  ])('%s exits 2 naming the setting, nothing written', async (_n, env, message) => {
    const e: Record<string, string> = { ...env };
    if (e.KAFKA_CONFIG_TEMPLATE !== undefined) e.KAFKA_CONFIG_TEMPLATE = h().write('template.properties', e.KAFKA_CONFIG_TEMPLATE);
    const run = await h().run(h().env(0, e));
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(errorMessage(run)).toMatch(message);
    expect(run.properties).toBeUndefined();
  });

  it.each([
    ['another cluster', `node.id=1\ndirectory.id=zIXXPTi6M5Byd-S2OTeWdw\nversion=1\ncluster.id=${OTHER}\n`, new RegExp(`says cluster.id ${OTHER}, but KAFKA_CLUSTER_ID is ${CLUSTER}`)],
    ['another node', `node.id=2\ndirectory.id=zIXXPTi6M5Byd-S2OTeWdw\nversion=1\ncluster.id=${CLUSTER}\n`, /says node.id 2, but this pod kafka-1 is node 1/],
  ])('a volume of %s exits 1 before anything is written, the volume untouched', async (_n, meta, message) => {
    mkdirSync(h().path('data'), { recursive: true });
    const file = h().write('data/meta.properties', meta);
    const before = statSync(file).mtimeMs;
    const run = await h().run(h().env(1, { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker' }));
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(errorMessage(run)).toMatch(message);
    expect(run.termination).toMatch(/Nothing was written/);
    expect(run.properties).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(meta);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('writes the same file again on a volume kafka-storage formatted for it', async () => {
    const first = await h().run(h().env(1, { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker' }));
    writeFileSync(h().path('data/meta.properties'), `node.id=1\nversion=1\ncluster.id=${CLUSTER}\n`);
    const again = await h().run(h().env(1, { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker' }));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.properties).toBe(first.properties);
  });
});
