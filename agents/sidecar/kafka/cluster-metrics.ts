/**
 * Cluster series in kafka_exporter's names, rendered as text when a collection
 * finishes; scrapes append that text as it is, so they never wait on the
 * cluster and never see half of a collection.
 */
import { Gauge, type Registry } from 'prom-client';
import type { KafkaIdentity } from '../../lib/kafka-identity.ts';
import { formatValue, gaugeHeader, labelText, renderGauges, type Family, type Labels } from '../metrics/exposition.ts';
import type { ClusterData, GroupOffsetData, PartitionData } from './cluster-data.ts';

export type PartitionPart = Pick<ClusterData, 'brokerCount' | 'topicPartitions' | 'partitions' | 'dropped'>;

export interface ClusterMetrics {
  setPartitions(data: PartitionPart): void;
  setGroups(groups: ClusterData['groups']): void;
  /** The text of the latest collections ('' before the first). */
  text(): string;
}

/** What kafka_broker_info says: from identity.json with ZooKeeper metadata, from server.properties with KRaft. */
export interface BrokerInfo {
  readonly brokerId: number;
  readonly podName: string;
  readonly rack: string | null;
  /** Advertised host:port of the internal (inter-broker) listener. */
  readonly internal: string;
  readonly external: string | undefined;
}

export const brokerInfoOf = (identity: KafkaIdentity): BrokerInfo => ({
  brokerId: identity.brokerId,
  podName: identity.podName,
  rack: identity.rack,
  internal: identity.advertisedListeners.INTERNAL,
  external: identity.advertisedListeners.EXTERNAL,
});

export function brokerInfo(registry: Registry, info: BrokerInfo): void {
  const g = new Gauge({
    name: 'kafka_broker_info',
    help: 'This pod\'s broker: id, pod, rack and the advertised internal and external listeners; always 1',
    labelNames: ['broker_id', 'pod', 'rack', 'internal', 'external'],
    registers: [registry],
  });
  g.set({ broker_id: String(info.brokerId), pod: info.podName, rack: info.rack ?? '', internal: info.internal, external: info.external ?? '' }, 1);
}

/** kafka_controller_info: this pod's KRaft controller. */
export function controllerInfo(registry: Registry, info: { nodeId: number; podName: string; controller: string }): void {
  const g = new Gauge({
    name: 'kafka_controller_info',
    help: 'This pod\'s KRaft controller: node id, pod and the advertised controller listener; always 1',
    labelNames: ['node_id', 'pod', 'controller'],
    registers: [registry],
  });
  g.set({ node_id: String(info.nodeId), pod: info.podName, controller: info.controller }, 1);
}

const gtp = (g: GroupOffsetData): Labels => ({ consumergroup: g.group, topic: g.topic, partition: String(g.partition) });

/** One series per partition, named by a family; undefined values are left out. */
interface PartitionFamily {
  readonly name: string;
  readonly help: string;
  value(p: PartitionData): number | undefined;
}

export const PARTITION_FAMILIES: readonly PartitionFamily[] = [
  { name: 'kafka_topic_partition_current_offset', help: 'High watermark of the partition (exported by the sidecar of its leader)', value: (p) => p.current },
  { name: 'kafka_topic_partition_oldest_offset', help: 'Log start offset of the partition', value: (p) => p.oldest },
  { name: 'kafka_topic_partition_in_sync_replica', help: 'Number of in-sync replicas of the partition', value: (p) => p.isr.length },
  { name: 'kafka_topic_partition_replicas', help: 'Number of replicas of the partition', value: (p) => p.replicas.length },
  { name: 'kafka_topic_partition_leader', help: 'Broker id of the partition\'s leader (-1: none)', value: (p) => p.leader },
  { name: 'kafka_topic_partition_leader_is_preferred', help: 'Whether the leader is the preferred (first) replica', value: (p) => (p.replicas[0] === p.leader ? 1 : 0) },
  { name: 'kafka_topic_partition_under_replicated_partition', help: 'Whether the partition has fewer in-sync replicas than replicas', value: (p) => (p.isr.length < p.replicas.length ? 1 : 0) },
];

/**
 * The partition-level text: ~8 series per partition, so each partition's
 * label text is built once and shared by every family.
 */
export function renderPartitions(partitions: readonly PartitionData[]): string {
  const labels = partitions.map((p) => labelText({ topic: p.topic, partition: String(p.partition) }));
  const blocks: string[] = [];
  for (const f of PARTITION_FAMILIES) {
    const lines: string[] = [];
    partitions.forEach((p, i) => {
      const v = f.value(p);
      if (v !== undefined) lines.push(`${f.name}${labels[i]} ${formatValue(v)}\n`);
    });
    if (lines.length > 0) blocks.push(gaugeHeader(f.name, f.help) + lines.join(''));
  }
  return blocks.join('\n');
}

/** kafka_brokers, kafka_topic_partitions and the dropped count. */
export function clusterFamilies(d: PartitionPart): Family[] {
  return [
    { name: 'kafka_brokers', help: 'Number of brokers in the cluster (exported by the sidecar of the lowest broker id)', samples: d.brokerCount === undefined ? [] : [[undefined, d.brokerCount]] },
    { name: 'kafka_topic_partitions', help: 'Number of partitions of the topic (exported by the sidecar of the leader of partition 0)', samples: [...d.topicPartitions].map(([topic, n]) => [{ topic }, n] as const) },
    { name: 'sidecar_kafka_partitions_dropped', help: 'Partitions this sidecar owns but does not export because of SIDECAR_MAX_PARTITIONS', samples: [[undefined, d.dropped]] },
  ];
}

export function groupFamilies(groups: ClusterData['groups']): Family[] {
  return [
    { name: 'kafka_consumergroup_current_offset', help: 'Committed offset of the group on the partition (exported by the sidecar of the group\'s coordinator)', samples: groups.map((g) => [gtp(g), g.offset] as const) },
    { name: 'kafka_consumergroup_lag', help: 'High watermark minus the group\'s committed offset', samples: groups.flatMap((g) => (g.lag === undefined ? [] : [[gtp(g), g.lag] as const])) },
  ];
}

export function clusterMetrics(): ClusterMetrics {
  let partitions = '';
  let groups = '';
  return {
    setPartitions(d) {
      partitions = [renderGauges(clusterFamilies(d)), renderPartitions(d.partitions)].filter((t) => t !== '').join('\n');
    },
    setGroups(g) {
      groups = renderGauges(groupFamilies(g));
    },
    text: () => [partitions, groups].filter((t) => t !== '').join('\n'),
  };
}
