/**
 * DescribeQuorum (key 55) v2, flexible: the state of the metadata log's Raft quorum (__cluster_metadata
 * partition 0) as its leader sees it: leader, epoch, high watermark, and each voter's and observer's log
 * end offset and fetch times (on the leader's clock). Only the leader answers it; the others answer
 * NOT_LEADER_OR_FOLLOWER. Pure encode/decode.
 */
import { Writer, type Reader } from './codec.ts';

export const DESCRIBE_QUORUM = 55;
export const DESCRIBE_QUORUM_VERSION = 2;
export const METADATA_TOPIC = '__cluster_metadata';

export interface ReplicaState {
  readonly id: number;
  readonly logEndOffset: number;
  /** Leader wall-clock ms of its last fetch; -1 for the leader itself or when unknown. */
  readonly lastFetchTimestamp: number;
  /** Leader wall-clock ms of the offset the replica last fetched; the leader's current time for the leader itself. */
  readonly lastCaughtUpTimestamp: number;
}

export interface QuorumState {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  readonly voters: readonly ReplicaState[];
  readonly observers: readonly ReplicaState[];
  /** The controllers' listeners, by node id. */
  readonly nodes: ReadonlyMap<number, ReadonlyArray<{ name: string; host: string; port: number }>>;
}

export function encodeDescribeQuorum(): Buffer {
  return new Writer()
    .compactArray([METADATA_TOPIC], (w, topic) => w.compactString(topic).compactArray([0], (x, p) => x.int32(p).noTaggedFields()).noTaggedFields())
    .noTaggedFields()
    .bytes();
}

const replica = (r: Reader): ReplicaState =>
  r.struct((x) => {
    const id = x.int32();
    x.uuid(); // ReplicaDirectoryId
    return { id, logEndOffset: x.int64(), lastFetchTimestamp: x.int64(), lastCaughtUpTimestamp: x.int64() };
  });

interface PartitionAnswer {
  readonly partition: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  readonly voters: ReplicaState[];
  readonly observers: ReplicaState[];
}

export function decodeDescribeQuorum(r: Reader): QuorumState {
  return r.struct((x) => {
    const errorCode = x.int16();
    const errorMessage = x.compactNullableString();
    const partitions = x
      .compactArray((t) =>
        t.struct((y) => {
          const topic = y.compactString();
          const parts = y.compactArray((p) =>
            p.struct((z): PartitionAnswer => ({
              partition: z.int32(),
              errorCode: z.int16(),
              errorMessage: z.compactNullableString(),
              leaderId: z.int32(),
              leaderEpoch: z.int32(),
              highWatermark: z.int64(),
              voters: z.compactArray(replica),
              observers: z.compactArray(replica),
            })),
          );
          return parts.map((p) => ({ topic, ...p }));
        }),
      )
      .flat();
    const nodes = new Map(
      x.compactArray((n) => n.struct((y) => [y.int32(), y.compactArray((l) => l.struct((z) => ({ name: z.compactString(), host: z.compactString(), port: z.uint16() })))] as const)),
    );
    const p = partitions.find((q) => q.topic === METADATA_TOPIC && q.partition === 0);
    if (errorCode !== 0 || p === undefined) {
      return { errorCode: errorCode !== 0 ? errorCode : -1, errorMessage: errorMessage ?? `no ${METADATA_TOPIC}-0 in the answer`, leaderId: -1, leaderEpoch: -1, highWatermark: -1, voters: [], observers: [], nodes };
    }
    const { errorCode: pe, errorMessage: pm, leaderId, leaderEpoch, highWatermark, voters, observers } = p;
    return { errorCode: pe, errorMessage: pm, leaderId, leaderEpoch, highWatermark, voters, observers, nodes };
  });
}
