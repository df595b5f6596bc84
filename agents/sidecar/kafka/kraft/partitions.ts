/**
 * The partitions a KRaft broker replicates, from the local broker's Metadata answer: its metadata image
 * is the replayed metadata log, where the controller writes every ISR change, and the brokers listed are
 * the live, unfenced ones (a partition led by none of them cannot catch up).
 *
 * A broker that has just restarted applies the metadata log seconds behind the controller while it
 * opens its logs, so for the partitions its own view has it behind on, the view of each partition's
 * leader (which asked the controller for the change) is taken instead, where the leader answers. Pure.
 */
import { outOfSync, type PartitionState } from '../isr.ts';
import type { Metadata } from '../wire/metadata.ts';

export function partitionsFromMetadata(brokerId: number, meta: Pick<Metadata, 'topics'>): PartitionState[] {
  return meta.topics
    .filter((t) => t.errorCode === 0)
    .flatMap((t) => t.partitions.filter((p) => p.replicas.includes(brokerId)).map((p) => ({ topic: t.name, partition: p.partition, replicas: p.replicas, leader: p.leader, isr: p.isr })));
}

export function liveFromMetadata(meta: Pick<Metadata, 'brokers'>): Set<number> {
  return new Set(meta.brokers.map((b) => b.nodeId));
}

/** The leaders of the partitions `brokerId` is behind on in `parts`, other than itself, that are live. */
export function leadersToAsk(brokerId: number, parts: readonly PartitionState[], live: ReadonlySet<number>): number[] {
  return [...new Set(outOfSync(brokerId, parts).map((p) => p.leader ?? -1))].filter((l) => l >= 0 && l !== brokerId && live.has(l)).sort((a, b) => a - b);
}

/** `parts` with the ISR of each partition the broker is behind on taken from its leader's view, where that leader answered and leads it there. */
export function withLeadersView(brokerId: number, parts: readonly PartitionState[], views: ReadonlyMap<number, Pick<Metadata, 'topics'>>): PartitionState[] {
  return parts.map((p) => {
    if (p.leader === undefined || (p.isr ?? []).includes(brokerId)) return p;
    const theirs = views.get(p.leader)?.topics.find((t) => t.name === p.topic && t.errorCode === 0)?.partitions.find((q) => q.partition === p.partition);
    return theirs && theirs.leader === p.leader ? { ...p, isr: theirs.isr } : p;
  });
}
