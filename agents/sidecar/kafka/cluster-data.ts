/** The cluster data one collection produces: what /metrics shows until the next one. */
import type { PartitionMeta } from './wire/metadata.ts';

/** A partition as Metadata gives it, with the offsets its leader answered. */
export interface PartitionData extends Omit<PartitionMeta, 'errorCode'> {
  readonly topic: string;
  /** Log start offset; undefined when the leader did not answer for it. */
  readonly oldest: number | undefined;
  /** High watermark; undefined when the leader did not answer for it. */
  readonly current: number | undefined;
}

export interface GroupOffsetData {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** High watermark minus the committed offset; undefined when the high watermark is unknown. */
  readonly lag: number | undefined;
}

export interface ClusterData {
  readonly brokerCount: number | undefined;
  readonly topicPartitions: ReadonlyMap<string, number>;
  readonly partitions: readonly PartitionData[];
  readonly groups: readonly GroupOffsetData[];
  readonly dropped: number;
}
