/**
 * Is the broker caught up? Every partition that has it as a replica must have
 * it in the ISR. Pure: the partitions come from ZooKeeper (zk/partitions.ts).
 */
import { fail, pass, type CheckOutcome } from '../checks/check.ts';

export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** Replica assignment from /brokers/topics/<topic>. */
  readonly replicas: readonly number[];
  /** From .../partitions/<p>/state; undefined when that znode does not exist yet. */
  readonly leader: number | undefined;
  readonly isr: readonly number[] | undefined;
}

export const partitionName = (p: Pick<PartitionState, 'topic' | 'partition'>) => `${p.topic}-${p.partition}`;

/** Partitions that have the broker as a replica but not in the ISR (or no state yet). */
export function outOfSync(brokerId: number, partitions: readonly PartitionState[]): PartitionState[] {
  return partitions.filter((p) => p.replicas.includes(brokerId) && !(p.isr ?? []).includes(brokerId));
}

export function isrOutcome(brokerId: number, partitions: readonly PartitionState[]): CheckOutcome {
  const mine = partitions.filter((p) => p.replicas.includes(brokerId));
  const behind = outOfSync(brokerId, partitions);
  if (behind.length === 0) return pass(`in the ISR of all ${mine.length} partitions it replicates`, { replicas: mine.length });
  const names = behind.slice(0, 5).map(partitionName).join(', ');
  const more = behind.length > 5 ? ` and ${behind.length - 5} more` : '';
  return fail(`broker ${brokerId} is not in the ISR of ${behind.length} of its ${mine.length} partitions: ${names}${more}`, {
    outOfSync: behind.length,
    replicas: mine.length,
  });
}
