/**
 * The partitions a KRaft broker replicates, from the local broker's Metadata answer: its metadata image
 * is the replayed metadata log, where the controller writes every ISR change, and the brokers listed are
 * the live, unfenced ones (a partition led by none of them cannot catch up). Pure.
 */
import type { PartitionState } from '../isr.ts';
import type { Metadata } from '../wire/metadata.ts';

export function partitionsFromMetadata(brokerId: number, meta: Pick<Metadata, 'topics'>): PartitionState[] {
  return meta.topics
    .filter((t) => t.errorCode === 0)
    .flatMap((t) => t.partitions.filter((p) => p.replicas.includes(brokerId)).map((p) => ({ topic: t.name, partition: p.partition, replicas: p.replicas, leader: p.leader, isr: p.isr })));
}

export function liveFromMetadata(meta: Pick<Metadata, 'brokers'>): Set<number> {
  return new Set(meta.brokers.map((b) => b.nodeId));
}
