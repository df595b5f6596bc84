/** Metadata (key 3) v1-v4: brokers, controller, topics with leader, replicas and ISR. Pure encode/decode. */
import { Writer, type Reader } from './codec.ts';

export const METADATA = 3;
export const METADATA_VERSIONS = { min: 1, max: 4 } as const;

export interface BrokerMeta {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface PartitionMeta {
  readonly errorCode: number;
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicMeta {
  readonly errorCode: number;
  readonly name: string;
  readonly internal: boolean;
  readonly partitions: readonly PartitionMeta[];
}

export interface Metadata {
  readonly brokers: readonly BrokerMeta[];
  readonly clusterId: string | null;
  readonly controllerId: number;
  readonly topics: readonly TopicMeta[];
}

/** topics null asks for every topic; autoCreate only matters from v4 (older versions always auto-create named topics). */
export function encodeMetadata(version: number, topics: readonly string[] | null, autoCreate = false): Buffer {
  const w = new Writer().array(topics, (x, t) => x.string(t));
  if (version >= 4) w.bool(autoCreate);
  return w.bytes();
}

export function decodeMetadata(version: number, r: Reader): Metadata {
  if (version >= 3) r.int32(); // throttle_time_ms
  const brokers = r.array((x) => ({ nodeId: x.int32(), host: x.string(), port: x.int32(), rack: x.nullableString() }));
  const clusterId = version >= 2 ? r.nullableString() : null;
  const controllerId = r.int32();
  const topics = r.array((x) => ({
    errorCode: x.int16(),
    name: x.string(),
    internal: x.bool(),
    partitions: x.array((p) => ({
      errorCode: p.int16(),
      partition: p.int32(),
      leader: p.int32(),
      replicas: p.array((q) => q.int32()),
      isr: p.array((q) => q.int32()),
    })),
  }));
  return { brokers, clusterId, controllerId, topics };
}
