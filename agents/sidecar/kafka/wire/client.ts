/**
 * The requests the sidecar makes of one broker address, with versions agreed
 * through ApiVersions. One connection, reused; reopened after an error.
 */
import type { Reader } from './codec.ts';
import { decodeApiVersions, encodeApiVersions, pickVersion, API_VERSIONS, type ApiRanges } from './api-versions.ts';
import { KafkaConnection, type Address } from './connection.ts';
import { decodeListGroups, decodeOffsetFetch, encodeListGroups, encodeOffsetFetch, LIST_GROUPS, LIST_GROUPS_VERSION, OFFSET_FETCH, OFFSET_FETCH_VERSION, type CommittedOffset } from './groups.ts';
import { decodeDescribeCluster, encodeDescribeCluster, DESCRIBE_CLUSTER, DESCRIBE_CLUSTER_VERSION, type DescribedCluster } from './describe-cluster.ts';
import { decodeDescribeQuorum, encodeDescribeQuorum, DESCRIBE_QUORUM, DESCRIBE_QUORUM_VERSION, type QuorumState } from './describe-quorum.ts';
import { decodeListOffsets, encodeListOffsets, LIST_OFFSETS, LIST_OFFSETS_VERSION, type OffsetAnswer } from './list-offsets.ts';
import { decodeMetadata, encodeMetadata, METADATA, METADATA_VERSIONS, type Metadata } from './metadata.ts';

export class KafkaErrorCode extends Error {
  constructor(what: string, readonly code: number) {
    super(`${what} failed with Kafka error code ${code}`);
  }
}

export class BrokerClient {
  private readonly conn: KafkaConnection;
  private apis: ApiRanges | undefined;

  constructor(readonly address: Address) {
    this.conn = new KafkaConnection(address);
  }

  async apiVersions(signal?: AbortSignal): Promise<ApiRanges> {
    try {
      const { errorCode, apis } = decodeApiVersions(await this.conn.request(API_VERSIONS, 0, encodeApiVersions(), signal));
      if (errorCode !== 0) throw new KafkaErrorCode('ApiVersions', errorCode);
      this.apis = apis;
      return apis;
    } catch (e) {
      this.apis = undefined;
      throw e;
    }
  }

  private async version(key: number, name: string, ours: { min: number; max: number }, signal?: AbortSignal): Promise<number> {
    const apis = this.apis ?? (await this.apiVersions(signal));
    const v = pickVersion(apis, key, ours);
    if (v === undefined) throw new Error(`broker ${this.address.host}:${this.address.port} does not speak ${name} v${ours.min}-v${ours.max}`);
    return v;
  }

  private async call<T>(
    key: number,
    name: string,
    ours: { min: number; max: number },
    body: (v: number) => Buffer,
    decode: (v: number, r: Reader) => T,
    signal?: AbortSignal,
    flexible = false,
  ): Promise<T> {
    const v = await this.version(key, name, ours, signal);
    try {
      return decode(v, await this.conn.request(key, v, body(v), signal, flexible));
    } catch (e) {
      this.apis = undefined;
      throw e;
    }
  }

  /** Every topic (null) or the named ones; autoCreate asks the broker to create missing ones (v4+). */
  metadata(topics: readonly string[] | null, signal?: AbortSignal, autoCreate = false): Promise<Metadata> {
    return this.call(METADATA, 'Metadata', METADATA_VERSIONS, (v) => encodeMetadata(v, topics, autoCreate), decodeMetadata, signal);
  }

  listOffsets(topics: ReadonlyMap<string, readonly number[]>, timestamp: number, signal?: AbortSignal): Promise<OffsetAnswer[]> {
    const fixed = { min: LIST_OFFSETS_VERSION, max: LIST_OFFSETS_VERSION };
    return this.call(LIST_OFFSETS, 'ListOffsets', fixed, () => encodeListOffsets(topics, timestamp), (_v, r) => decodeListOffsets(r), signal);
  }

  async listGroups(signal?: AbortSignal): Promise<string[]> {
    const fixed = { min: LIST_GROUPS_VERSION, max: LIST_GROUPS_VERSION };
    const { errorCode, groups } = await this.call(LIST_GROUPS, 'ListGroups', fixed, () => encodeListGroups(), (_v, r) => decodeListGroups(r), signal);
    if (errorCode !== 0) throw new KafkaErrorCode('ListGroups', errorCode);
    return groups;
  }

  async offsetFetch(group: string, signal?: AbortSignal): Promise<CommittedOffset[]> {
    const fixed = { min: OFFSET_FETCH_VERSION, max: OFFSET_FETCH_VERSION };
    const { errorCode, offsets } = await this.call(OFFSET_FETCH, 'OffsetFetch', fixed, () => encodeOffsetFetch(group), (_v, r) => decodeOffsetFetch(r), signal);
    if (errorCode !== 0) throw new KafkaErrorCode(`OffsetFetch for group ${group}`, errorCode);
    return offsets;
  }

  /** The brokers (fenced ones too) or, asked of a controller with ENDPOINT_CONTROLLERS, the controllers. */
  describeCluster(endpointType: number, signal?: AbortSignal): Promise<DescribedCluster> {
    const fixed = { min: DESCRIBE_CLUSTER_VERSION, max: DESCRIBE_CLUSTER_VERSION };
    return this.call(DESCRIBE_CLUSTER, 'DescribeCluster', fixed, () => encodeDescribeCluster(endpointType), (_v, r) => decodeDescribeCluster(r), signal, true);
  }

  /** The metadata quorum as its leader sees it (a follower answers with an error code). */
  describeQuorum(signal?: AbortSignal): Promise<QuorumState> {
    const fixed = { min: DESCRIBE_QUORUM_VERSION, max: DESCRIBE_QUORUM_VERSION };
    return this.call(DESCRIBE_QUORUM, 'DescribeQuorum', fixed, () => encodeDescribeQuorum(), (_v, r) => decodeDescribeQuorum(r), signal, true);
  }

  close(): void {
    this.conn.close();
  }
}
