/**
 * DescribeCluster (key 60) v2, flexible: the brokers the answering node knows, each with the host and
 * port of the listener the request came in on, and whether it is fenced. Asked of a broker it lists
 * brokers (fenced ones too, since IncludeFencedBrokers is set); asked of a controller with endpoint type
 * 2 it lists the controllers and names the quorum leader as ControllerId. Pure encode/decode.
 */
import { Writer, type Reader } from './codec.ts';

export const DESCRIBE_CLUSTER = 60;
export const DESCRIBE_CLUSTER_VERSION = 2;

export const ENDPOINT_BROKERS = 1;
export const ENDPOINT_CONTROLLERS = 2;

export interface ClusterNode {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
  readonly fenced: boolean;
}

export interface DescribedCluster {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly clusterId: string;
  /** The quorum leader when a controller answers; some live broker when a broker does. */
  readonly controllerId: number;
  readonly nodes: readonly ClusterNode[];
}

export function encodeDescribeCluster(endpointType: number): Buffer {
  return new Writer()
    .bool(false) // IncludeClusterAuthorizedOperations
    .int8(endpointType)
    .bool(true) // IncludeFencedBrokers
    .noTaggedFields()
    .bytes();
}

export function decodeDescribeCluster(r: Reader): DescribedCluster {
  return r.struct((x) => {
    x.int32(); // ThrottleTimeMs
    const errorCode = x.int16();
    const errorMessage = x.compactNullableString();
    x.int8(); // EndpointType
    const clusterId = x.compactString();
    const controllerId = x.int32();
    const nodes = x.compactArray((b) => b.struct((y) => ({ id: y.int32(), host: y.compactString(), port: y.int32(), rack: y.compactNullableString(), fenced: y.bool() })));
    x.int32(); // ClusterAuthorizedOperations
    return { errorCode, errorMessage, clusterId, controllerId, nodes };
  });
}
