import { describe, expect, it } from 'vitest';
import { checkMetaProperties, type MetaExpectation } from '../../agents/kafka-init/meta-properties.ts';

const zk: MetaExpectation = { file: '/data/meta.properties', podName: 'kafka-1', id: 1, idFrom: 'ordinal 1 + KAFKA_BROKER_ID_OFFSET 0' };
const CLUSTER = 'MkU3OEVBNTcwNTJENDM2Qg';
const OTHER = '4L6g3nShT-eMCtK--X86sw';
const broker: MetaExpectation = { ...zk, kraft: { clusterId: CLUSTER, offsetApplies: true } };
const controller: MetaExpectation = { file: '/data/meta.properties', podName: 'kafka-controller-1', id: 1001, idFrom: '1000 + ordinal 1', kraft: { clusterId: CLUSTER, offsetApplies: false } };
/** What kafka-storage format of Kafka 4.3.1 writes. */
const formatted = (nodeId: number, clusterId = CLUSTER) => `#\n#Wed Dec 02 13:43:27 UTC 2026\nnode.id=${nodeId}\ndirectory.id=16Aaz-TSEztVIEmd_ISSiA\nversion=1\ncluster.id=${clusterId}\n`;

describe('meta.properties', () => {
  it.each([
    ['no file', zk, undefined, { state: 'absent' }],
    ['the same broker.id', zk, '#Tue\nversion=0\nbroker.id=1\ncluster.id=x\n', { state: 'matches', storedId: 1 }],
    ['a KRaft node.id', zk, 'version=1\nnode.id=1\n', { state: 'matches', storedId: 1 }],
    ['kraft: no file yet (kafka-storage formats it next)', broker, undefined, { state: 'absent' }],
    ['kraft: a broker volume of this cluster', broker, formatted(1), { state: 'matches', storedId: 1 }],
    ['kraft: a controller volume of this cluster', controller, formatted(1001), { state: 'matches', storedId: 1001 }],
  ] as Array<[string, MetaExpectation, string | undefined, unknown]>)('%s passes', (_name, x, text, result) => {
    expect(checkMetaProperties(text, x)).toEqual(result);
  });

  it.each([
    ['no id', zk, 'version=0\ncluster.id=x\n', /has no usable broker.id \(missing\)/],
    ['an id that is no number', zk, 'broker.id=one\n', /has no usable broker.id \("one"\)/],
    ['kraft: no node.id', broker, `version=1\ncluster.id=${CLUSTER}\n`, /has no usable node.id \(missing\)/],
    ['kraft: no cluster.id', broker, 'version=1\nnode.id=1\n', /has no cluster.id; kafka-storage format and Kafka will check it/],
  ] as Array<[string, MetaExpectation, string, RegExp]>)('%s is a warning', (_name, x, text, warning) => {
    const result = checkMetaProperties(text, x);
    expect(result.state).toBe('no-id');
    expect(result.state === 'no-id' && result.warning).toMatch(warning);
  });

  it.each([
    [0, 1, 0, /says broker.id 0, but this pod kafka-1 is broker 1 \(ordinal 1 \+ KAFKA_BROKER_ID_OFFSET 0\)/],
    [7, 101, 100, /says broker.id 7, but this pod kafka-1 is broker 101 \(ordinal 1 \+ KAFKA_BROKER_ID_OFFSET 100\)/],
  ])('stored %i against derived %i refuses, naming both ids and the fixes', (stored, derived, offset, message) => {
    const x = { ...zk, id: derived, idFrom: `ordinal 1 + KAFKA_BROKER_ID_OFFSET ${offset}` };
    expect(() => checkMetaProperties(`broker.id=${stored}\n`, x)).toThrow(message);
    expect(() => checkMetaProperties(`broker.id=${stored}\n`, x)).toThrow(/set KAFKA_BROKER_ID_OFFSET back.*delete \/data\/meta.properties. Nothing was written/);
  });

  it.each([
    ['another cluster', broker, formatted(1, OTHER), 'E_CLUSTER_ID_MISMATCH', new RegExp(`says cluster.id ${OTHER}, but KAFKA_CLUSTER_ID is ${CLUSTER}.*set KAFKA_CLUSTER_ID back to ${OTHER}.*empty /data .*Nothing was written`)],
    ['another cluster and node', controller, formatted(2, OTHER), 'E_CLUSTER_ID_MISMATCH', new RegExp(`says cluster.id ${OTHER} \\(and node.id 2, where this pod is node 1001\\)`)],
    ['a broker volume of another node', broker, formatted(2), 'E_NODE_ID_MISMATCH', /says node.id 2, but this pod kafka-1 is node 1 \(ordinal 1 \+ KAFKA_BROKER_ID_OFFSET 0\).*volume of node 1, or set KAFKA_BROKER_ID_OFFSET back/],
    ['a controller given a broker volume', controller, formatted(1), 'E_NODE_ID_MISMATCH', /says node.id 1, but this pod kafka-controller-1 is node 1001 \(1000 \+ ordinal 1\).*volume of node 1001, or, if this data/],
    ['a ZooKeeper-mode broker volume', broker, `version=0\nbroker.id=1\ncluster.id=${OTHER}\n`, 'E_CLUSTER_ID_MISMATCH', /formatted for another cluster/],
  ] as Array<[string, MetaExpectation, string, string, RegExp]>)('kraft: %s refuses with exit 1, naming both values', (_n, x, text, code, message) => {
    expect(() => checkMetaProperties(text, x)).toThrow(message);
    expect(() => checkMetaProperties(text, x)).toThrow(expect.objectContaining({ code, exitCode: 1 }));
  });

  it('a controller is not told to change the broker offset', () => {
    expect(() => checkMetaProperties(formatted(1), controller)).not.toThrow(/KAFKA_BROKER_ID_OFFSET/);
  });
});
