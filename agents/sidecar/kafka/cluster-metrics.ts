/**
 * Cluster series in kafka_exporter's names, set from the last collection.
 * Setting is synchronous, so a scrape sees one whole collection or the one
 * before it, never half of each.
 */
import { Gauge, type Registry } from 'prom-client';
import type { KafkaIdentity } from '../../lib/kafka-identity.ts';
import type { ClusterData } from './cluster-data.ts';

const TP = ['topic', 'partition'] as const;
const GTP = ['consumergroup', 'topic', 'partition'] as const;

export interface ClusterMetrics {
  setPartitions(data: Pick<ClusterData, 'brokerCount' | 'topicPartitions' | 'partitions' | 'dropped'>): void;
  setGroups(groups: ClusterData['groups']): void;
}

export function brokerInfo(registry: Registry, identity: KafkaIdentity): void {
  const g = new Gauge({
    name: 'kafka_broker_info',
    help: 'This pod\'s broker identity from identity.json, always 1',
    labelNames: ['broker_id', 'pod', 'rack', 'internal', 'external'],
    registers: [registry],
  });
  g.set(
    {
      broker_id: String(identity.brokerId),
      pod: identity.podName,
      rack: identity.rack ?? '',
      internal: identity.advertisedListeners.INTERNAL,
      external: identity.advertisedListeners.EXTERNAL ?? '',
    },
    1,
  );
}

export function clusterMetrics(registry: Registry): ClusterMetrics {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames: [...labelNames], registers: [registry] });
  // Registered only while this sidecar owns it: an unlabelled gauge cannot be absent otherwise.
  const brokers = new Gauge({ name: 'kafka_brokers', help: 'Number of brokers in the cluster (exported by the sidecar of the lowest broker id)', registers: [] });
  const partitions = gauge('kafka_topic_partitions', 'Number of partitions of the topic (exported by the sidecar of the leader of partition 0)', ['topic']);
  const current = gauge('kafka_topic_partition_current_offset', 'High watermark of the partition (exported by the sidecar of its leader)', TP);
  const oldest = gauge('kafka_topic_partition_oldest_offset', 'Log start offset of the partition', TP);
  const inSync = gauge('kafka_topic_partition_in_sync_replica', 'Number of in-sync replicas of the partition', TP);
  const replicas = gauge('kafka_topic_partition_replicas', 'Number of replicas of the partition', TP);
  const leader = gauge('kafka_topic_partition_leader', 'Broker id of the partition\'s leader (-1: none)', TP);
  const preferred = gauge('kafka_topic_partition_leader_is_preferred', 'Whether the leader is the preferred (first) replica', TP);
  const under = gauge('kafka_topic_partition_under_replicated_partition', 'Whether the partition has fewer in-sync replicas than replicas', TP);
  const groupOffset = gauge('kafka_consumergroup_current_offset', 'Committed offset of the group on the partition (exported by the sidecar of the group\'s coordinator)', GTP);
  const lag = gauge('kafka_consumergroup_lag', 'High watermark minus the group\'s committed offset', GTP);
  const dropped = gauge('sidecar_kafka_partitions_dropped', 'Partitions this sidecar owns but does not export because of SIDECAR_MAX_PARTITIONS', []);
  const partitionGauges = [partitions, current, oldest, inSync, replicas, leader, preferred, under];

  return {
    setPartitions(d) {
      for (const g of partitionGauges) g.reset();
      const owned = registry.getSingleMetric('kafka_brokers') !== undefined;
      if (d.brokerCount === undefined && owned) registry.removeSingleMetric('kafka_brokers');
      if (d.brokerCount !== undefined) {
        if (!owned) registry.registerMetric(brokers);
        brokers.set(d.brokerCount);
      }
      for (const [topic, n] of d.topicPartitions) partitions.set({ topic }, n);
      for (const p of d.partitions) {
        const l = { topic: p.topic, partition: String(p.partition) };
        if (p.current !== undefined) current.set(l, p.current);
        if (p.oldest !== undefined) oldest.set(l, p.oldest);
        inSync.set(l, p.isr.length);
        replicas.set(l, p.replicas.length);
        leader.set(l, p.leader);
        preferred.set(l, p.replicas[0] === p.leader ? 1 : 0);
        under.set(l, p.isr.length < p.replicas.length ? 1 : 0);
      }
      dropped.set(d.dropped);
    },
    setGroups(groups) {
      groupOffset.reset();
      lag.reset();
      for (const g of groups) {
        const l = { consumergroup: g.group, topic: g.topic, partition: String(g.partition) };
        groupOffset.set(l, g.offset);
        if (g.lag !== undefined) lag.set(l, g.lag);
      }
    },
  };
}
