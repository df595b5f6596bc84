import { describe, expect, it } from 'vitest';
import { parseProcessRoles, planKraft, type KraftSettings } from '../../agents/kafka-init/kraft-plan.ts';
import { parsePodName } from '../../agents/lib/pod-name.ts';
import { KRAFT_DEFAULTS } from './kraft-settings.ts';

const CLUSTER = 'MkU3OEVBNTcwNTJENDM2Qg';
const kraft: KraftSettings = {
  ...KRAFT_DEFAULTS,
  metadataMode: 'kraft',
  processRoles: 'broker',
  clusterId: CLUSTER,
  controllerReplicas: 3,
  internalPort: 9092,
  externalMode: 'none',
  externalContainerPort: 9094,
};
const plan = (pod: string, o: Partial<KraftSettings> = {}) => planKraft({ ...kraft, ...o }, parsePodName(pod));
const dedicatedVoters = [0, 1, 2].map((i) => `${1000 + i}@kafka-controller-${i}.controller.kafka.svc.cluster.local:9093`).join(',');

describe('process roles', () => {
  it.each([
    ['broker', 'broker'],
    ['controller', 'controller'],
    ['broker,controller', 'broker,controller'],
    [' controller , broker ', 'broker,controller'],
  ])('%j is %s', (raw, roles) => expect(parseProcessRoles(raw)).toBe(roles));

  it.each(['', 'brokers', 'broker,broker', 'broker,controller,voter', ','])('%j is refused', (raw) => {
    expect(() => parseProcessRoles(raw)).toThrow(/must be broker, controller or broker,controller/);
  });
});

describe('the kraft plan', () => {
  it.each([
    ['a broker', 'kafka-2', {}, 2, 'ordinal 2 + KAFKA_BROKER_ID_OFFSET 0', undefined, dedicatedVoters],
    ['a broker with an offset', 'kafka-2', { brokerIdOffset: 100 }, 102, 'ordinal 2 + KAFKA_BROKER_ID_OFFSET 100', undefined, dedicatedVoters],
    ['a controller', 'kafka-controller-1', { processRoles: 'controller' }, 1001, '1000 + ordinal 1', 'kafka-controller-1.controller.kafka.svc.cluster.local', dedicatedVoters],
    ['a controller ignores the broker offset', 'kafka-controller-0', { processRoles: 'controller', brokerIdOffset: 5 }, 1000, '1000 + ordinal 0', 'kafka-controller-0.controller.kafka.svc.cluster.local', dedicatedVoters],
    [
      'a combined node',
      'kafka-0',
      { processRoles: 'broker,controller', controllerStatefulSet: 'kafka', controllerService: 'broker', controllerReplicas: 1, controllerPort: 9193 },
      0,
      'ordinal 0 + KAFKA_BROKER_ID_OFFSET 0',
      'kafka-0.broker.kafka.svc.cluster.local',
      '0@kafka-0.broker.kafka.svc.cluster.local:9193',
    ],
  ] as Array<[string, string, Partial<KraftSettings>, number, string, string | undefined, string]>)('%s: node.id, controller host and voters', (_n, pod, o, nodeId, from, host, voters) => {
    const p = plan(pod, o)!;
    expect(p).toMatchObject({ nodeId, nodeIdFrom: from, controllerHost: host, voters, clusterId: CLUSTER });
  });

  it('brokers and controllers never share an id', () => {
    const ids = new Set<number>();
    for (let i = 0; i < 3; i++) {
      ids.add(plan(`kafka-${i}`)!.nodeId);
      ids.add(plan(`kafka-controller-${i}`, { processRoles: 'controller' })!.nodeId);
    }
    expect(ids.size).toBe(6);
  });

  it.each([
    ['zookeeper mode with process roles', 'kafka-0', { metadataMode: 'zookeeper' }, 'KAFKA_PROCESS_ROLES', /KAFKA_PROCESS_ROLES is set, but KAFKA_METADATA_MODE is zookeeper.*set KAFKA_METADATA_MODE=kraft/],
    ['zookeeper mode with a cluster id', 'kafka-0', { metadataMode: 'zookeeper', processRoles: undefined }, 'KAFKA_CLUSTER_ID', /KAFKA_CLUSTER_ID is set, but KAFKA_METADATA_MODE is zookeeper/],
    ['zookeeper mode with controller replicas', 'kafka-0', { metadataMode: 'zookeeper', processRoles: undefined, clusterId: undefined }, 'KAFKA_CONTROLLER_REPLICAS', /KAFKA_CONTROLLER_REPLICAS is set/],
    ['kraft without roles', 'kafka-0', { processRoles: undefined }, 'KAFKA_PROCESS_ROLES', /KAFKA_PROCESS_ROLES is not set, but KAFKA_METADATA_MODE is kraft/],
    ['kraft without a cluster id', 'kafka-0', { clusterId: undefined }, 'KAFKA_CLUSTER_ID', /KAFKA_CLUSTER_ID is not set.*random-uuid/],
    ['kraft without controller replicas', 'kafka-0', { controllerReplicas: undefined }, 'KAFKA_CONTROLLER_REPLICAS', /KAFKA_CONTROLLER_REPLICAS is not set/],
    ['a controller port shared with INTERNAL', 'kafka-0', { controllerPort: 9092 }, 'KAFKA_CONTROLLER_PORT', /KAFKA_CONTROLLER_PORT 9092 is also the port of another listener/],
    ['a controller port shared with EXTERNAL', 'kafka-0', { controllerPort: 9094, externalMode: 'nodeport' }, 'KAFKA_CONTROLLER_PORT', /port of another listener/],
    ['external access on a controller', 'kafka-controller-0', { processRoles: 'controller', externalMode: 'hostport' }, 'KAFKA_EXTERNAL_MODE', /controllers serve no clients/],
    ['a controller of another StatefulSet', 'kafka-0', { processRoles: 'controller' }, 'KAFKA_CONTROLLER_STATEFULSET', /KAFKA_CONTROLLER_STATEFULSET is kafka-controller.*set KAFKA_CONTROLLER_STATEFULSET=kafka/],
    ['a controller beyond the replicas', 'kafka-controller-3', { processRoles: 'controller' }, 'KAFKA_CONTROLLER_REPLICAS', /KAFKA_CONTROLLER_REPLICAS is 3, so only ordinals 0-2 vote/],
    ['a combined node with two Services', 'kafka-0', { processRoles: 'broker,controller', controllerStatefulSet: 'kafka' }, 'KAFKA_CONTROLLER_SERVICE', /KAFKA_CONTROLLER_SERVICE is controller and KAFKA_HEADLESS_SERVICE is broker/],
    ['a broker id where controllers begin', 'kafka-2', { brokerIdOffset: 998 }, 'KAFKA_BROKER_ID_OFFSET', /node.id 1000 \(ordinal 2 \+ KAFKA_BROKER_ID_OFFSET 998\) is 1000 or more/],
  ] as Array<[string, string, Partial<KraftSettings>, string, RegExp]>)('refuses %s, naming %s', (_n, pod, o, setting, message) => {
    let err: unknown;
    try {
      plan(pod, o);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ setting, exitCode: 2 });
    expect((err as Error).message).toMatch(message);
  });
});
