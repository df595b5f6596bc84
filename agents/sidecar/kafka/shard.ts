/**
 * Which series this sidecar exports, so that the sidecars of a cluster
 * together export each series exactly once:
 * - a partition's series come from the sidecar of its leader; partitions
 *   without a leader come from the cluster owner (the lowest live broker id),
 *   so offline partitions are still seen;
 * - a topic's series (kafka_topic_partitions) come from the leader of its
 *   partition 0, or the cluster owner when that has no leader;
 * - cluster series (kafka_brokers) come from the cluster owner;
 * - a consumer group's series come from its coordinator (ListGroups on the
 *   local broker returns exactly those groups).
 * Every sidecar decides from the same Metadata, so they agree. Pure.
 */
import type { Metadata, PartitionMeta, TopicMeta } from './wire/metadata.ts';

export interface Filter {
  readonly include: RegExp;
  readonly exclude: RegExp;
}

export const passes = (f: Filter, name: string) => f.include.test(name) && !f.exclude.test(name);

export interface TopicShard {
  readonly topic: string;
  /** The topic's partition count, when this sidecar exports the topic's series. */
  readonly partitionCount: number | undefined;
  readonly partitions: readonly PartitionMeta[];
}

export interface Shard {
  readonly brokerCount: number | undefined;
  readonly topics: readonly TopicShard[];
  /** Partitions this sidecar owns but left out because of SIDECAR_MAX_PARTITIONS. */
  readonly dropped: number;
}

export function clusterOwner(meta: Pick<Metadata, 'brokers'>): number | undefined {
  return meta.brokers.length === 0 ? undefined : Math.min(...meta.brokers.map((b) => b.nodeId));
}

export function ownsPartition(self: number, owner: number | undefined, p: Pick<PartitionMeta, 'leader'>): boolean {
  return p.leader >= 0 ? p.leader === self : owner === self;
}

export function ownsTopic(self: number, owner: number | undefined, t: TopicMeta): boolean {
  const first = t.partitions.find((p) => p.partition === 0);
  return first === undefined ? owner === self : ownsPartition(self, owner, first);
}

export function selectShard(self: number, meta: Metadata, topics: Filter, maxPartitions: number): Shard {
  const owner = clusterOwner(meta);
  let budget = maxPartitions;
  let dropped = 0;
  const out: TopicShard[] = [];
  const sorted = [...meta.topics].filter((t) => t.errorCode === 0 && passes(topics, t.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const t of sorted) {
    const mine = t.partitions.filter((p) => ownsPartition(self, owner, p)).sort((a, b) => a.partition - b.partition);
    const kept = mine.slice(0, Math.max(0, budget));
    budget -= kept.length;
    dropped += mine.length - kept.length;
    const partitionCount = ownsTopic(self, owner, t) ? t.partitions.length : undefined;
    if (kept.length > 0 || partitionCount !== undefined) out.push({ topic: t.name, partitionCount, partitions: kept });
  }
  return { brokerCount: owner === self ? meta.brokers.length : undefined, topics: out, dropped };
}
