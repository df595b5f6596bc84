/**
 * Is the broker caught up? Every partition that has it as a replica must have
 * it in the ISR. A partition it is behind on is either catching up (its leader
 * is a live, registered broker: waiting helps) or stuck (no leader, or a leader
 * that is not registered: the partition is offline and waiting cannot help).
 * Pure: the partitions and live brokers come from ZooKeeper (zk/partitions.ts).
 */
import { fail, pass, type CheckOutcome, type CheckResult } from '../checks/check.ts';

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

/** Why waiting cannot help a partition the broker is behind on; undefined when it can (the leader is live, or the controller has yet to write a state). */
export function whyStuck(p: PartitionState, live: ReadonlySet<number>): string | undefined {
  if (p.leader === undefined) return undefined;
  if (p.leader < 0) return 'no leader: offline';
  if (!live.has(p.leader)) return `leader ${p.leader} is not registered: offline`;
  return undefined;
}

/** What the verdict needs from a failing isr check: how many partitions are behind, split by whether waiting helps. */
export interface IsrDetail {
  readonly replicas: number;
  /** Behind a live leader (or without a state yet): they catch up in time. */
  readonly catchingUp: number;
  /** No leader, or a leader that is not registered: waiting cannot help. */
  readonly stuck: number;
}

/** The detail of an isr result that compared partitions; undefined when the check could not read them (unknown is not safe). */
export function isrDetailOf(result: CheckResult | undefined): IsrDetail | undefined {
  const d = result?.detail as Partial<IsrDetail> | undefined;
  return typeof d?.catchingUp === 'number' && typeof d?.stuck === 'number' ? (d as IsrDetail) : undefined;
}

/** "a, b, c, d, e and 2 more" */
export function listSome(names: readonly string[], most = 5): string {
  const more = names.length > most ? ` and ${names.length - most} more` : '';
  return `${names.slice(0, most).join(', ')}${more}`;
}

export function isrOutcome(brokerId: number, partitions: readonly PartitionState[], live: ReadonlySet<number>): CheckOutcome {
  const mine = partitions.filter((p) => p.replicas.includes(brokerId));
  const behind = outOfSync(brokerId, partitions);
  if (behind.length === 0) return pass(`in the ISR of all ${mine.length} partitions it replicates`, { replicas: mine.length });
  const catchingUp: string[] = [];
  const stuck: string[] = [];
  for (const p of behind) {
    const why = whyStuck(p, live);
    if (why === undefined) catchingUp.push(partitionName(p));
    else stuck.push(`${partitionName(p)} (${why})`);
  }
  const parts = [
    ...(catchingUp.length > 0 ? [`catching up on ${listSome(catchingUp)}`] : []),
    ...(stuck.length > 0 ? [`cannot catch up on ${listSome(stuck)}`] : []),
  ];
  const detail: IsrDetail = { replicas: mine.length, catchingUp: catchingUp.length, stuck: stuck.length };
  return fail(`broker ${brokerId} is not in the ISR of ${behind.length} of its ${mine.length} partitions: ${parts.join('; ')}`, { outOfSync: behind.length, ...detail });
}
