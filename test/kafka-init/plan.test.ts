import { describe, expect, it } from 'vitest';
import { planBroker, type PlanSettings } from '../../agents/kafka-init/plan.ts';
import { EXTERNAL_DEFAULTS } from './external/settings.ts';
import { KRAFT_DEFAULTS } from './kraft-settings.ts';

const base: PlanSettings = {
  ...KRAFT_DEFAULTS,
  podName: 'kafka-2',
  namespace: 'kafka',
  headlessService: 'broker',
  clusterDomain: 'cluster.local',
  rackLabel: 'topology.kubernetes.io/zone',
  dataDir: '/var/lib/kafka/data',
  configTemplate: undefined,
  configOut: '/etc/kafka-broker/server.properties',
  identityOut: '/etc/kafka-broker/identity.json',
  ...EXTERNAL_DEFAULTS,
};

describe('the broker plan', () => {
  it('has no kraft part in zookeeper mode', () => {
    expect(planBroker(base).kraft).toBeUndefined();
  });

  it('names the broker after its pod, Service, namespace and domain', () => {
    const plan = planBroker({ ...base, podName: 'kafka-2.broker.kafka.svc.cluster.local', clusterDomain: 'example.org' });
    expect(plan.pod.ordinal).toBe(2);
    expect(plan.internalHost).toBe('kafka-2.broker.kafka.svc.example.org');
  });

  it.each([
    ['rack on', {}, { node: 'n2', label: 'topology.kubernetes.io/zone' }],
    ['rack off', { rackLabel: '' }, undefined],
    ['rack off, nodeport', { rackLabel: '', externalMode: 'nodeport' }, undefined],
    ['a kraft broker', { metadataMode: 'kraft', processRoles: 'broker', clusterId: 'MkU3OEVBNTcwNTJENDM2Qg', controllerReplicas: 3 }, { node: 'n2', label: 'topology.kubernetes.io/zone' }],
    ['a kraft controller (no broker.rack)', { podName: 'kafka-controller-2', metadataMode: 'kraft', processRoles: 'controller', clusterId: 'MkU3OEVBNTcwNTJENDM2Qg', controllerReplicas: 3 }, undefined],
  ] as Array<[string, Partial<PlanSettings>, unknown]>)('reads the node for the rack only when racks are on, on a broker: %s', (_name, overrides, rackFrom) => {
    expect(planBroker({ ...base, ...overrides }).rackFrom).toEqual(rackFrom);
  });

  it.each([
    ['for the rack', {}, /broker.rack comes from the node label.*or set KAFKA_RACK_LABEL to empty/],
    ['for the nodeport address', { rackLabel: '', externalMode: 'nodeport' }, /nodeport mode advertises an address of the node.*or set KAFKA_EXTERNAL_HOST/],
  ] as Array<[string, Partial<PlanSettings>, RegExp]>)('needs NODE_NAME %s', (_name, overrides, message) => {
    expect(() => planBroker({ ...base, ...overrides, nodeName: undefined })).toThrow(message);
  });
});
