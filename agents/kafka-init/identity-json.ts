/** The identity written for the sidecar (agents/lib/kafka-identity.ts has its shape). Pure. */
import { identityEndpoints, KAFKA_IDENTITY_VERSION, type KafkaIdentity } from '../lib/kafka-identity.ts';
import type { Listeners } from './listeners.ts';

export function buildIdentity(input: {
  brokerId: number;
  rack: string | null;
  podName: string;
  listeners: Listeners;
  zookeeperConnect: string;
}): KafkaIdentity {
  return {
    version: KAFKA_IDENTITY_VERSION,
    brokerId: input.brokerId,
    rack: input.rack,
    podName: input.podName,
    advertisedListeners: input.listeners.advertised,
    listenerSecurityProtocolMap: input.listeners.protocols,
    interBrokerListenerName: 'INTERNAL',
    endpoints: identityEndpoints(input.listeners.advertised),
    zookeeperConnect: input.zookeeperConnect,
  };
}
