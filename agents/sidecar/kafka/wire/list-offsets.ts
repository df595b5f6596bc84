/** ListOffsets (key 2) v1: a partition's earliest (-2) or latest (-1) offset. Pure encode/decode. */
import { Writer, type Reader } from './codec.ts';

export const LIST_OFFSETS = 2;
export const LIST_OFFSETS_VERSION = 1;
export const LATEST = -1;
export const EARLIEST = -2;

export interface OffsetAnswer {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly offset: number;
}

export function encodeListOffsets(topics: ReadonlyMap<string, readonly number[]>, timestamp: number): Buffer {
  return new Writer()
    .int32(-1) // replica_id: a client, not a follower
    .array([...topics], (w, [topic, partitions]) => w.string(topic).array(partitions, (x, p) => x.int32(p).int64(timestamp)))
    .bytes();
}

export function decodeListOffsets(r: Reader): OffsetAnswer[] {
  return r.topicPartitions((p, topic) => {
    const partition = p.int32();
    const errorCode = p.int16();
    p.int64(); // timestamp
    return { topic, partition, errorCode, offset: p.int64() };
  });
}
