/**
 * ListGroups (key 16) v0 and OffsetFetch (key 9) v2. A broker's ListGroups
 * answer holds exactly the groups it coordinates, which is how the metrics are
 * sharded by group. Pure encode/decode.
 */
import { Writer, type Reader } from './codec.ts';

export const LIST_GROUPS = 16;
export const LIST_GROUPS_VERSION = 0;
export const OFFSET_FETCH = 9;
export const OFFSET_FETCH_VERSION = 2;

export function encodeListGroups(): Buffer {
  return new Writer().bytes();
}

export function decodeListGroups(r: Reader): { errorCode: number; groups: string[] } {
  const errorCode = r.int16();
  const groups = r.array((g) => {
    const id = g.string();
    g.string(); // protocol_type
    return id;
  });
  return { errorCode, groups };
}

export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly errorCode: number;
}

/** topics null: every partition the group has committed. */
export function encodeOffsetFetch(group: string): Buffer {
  return new Writer().string(group).array(null, () => undefined).bytes();
}

export function decodeOffsetFetch(r: Reader): { errorCode: number; offsets: CommittedOffset[] } {
  const offsets = r.topicPartitions((p, topic) => {
    const partition = p.int32();
    const offset = p.int64();
    p.nullableString(); // metadata
    return { topic, partition, offset, errorCode: p.int16() };
  });
  return { offsets, errorCode: r.int16() };
}
