/** identity.json contents as kafka-init writes them (agents/lib/kafka-identity.ts), for tests that play kafka-init. */
import { identityEndpoints, KAFKA_IDENTITY_VERSION, type KafkaIdentity } from '../../agents/lib/kafka-identity.ts';

export function testIdentity(o: { brokerId: number; rack?: string | null; internal: string; external?: string; zookeeperConnect: string }): KafkaIdentity {
  const advertisedListeners = { INTERNAL: o.internal, ...(o.external !== undefined && { EXTERNAL: o.external }) };
  return {
    version: KAFKA_IDENTITY_VERSION,
    brokerId: o.brokerId,
    rack: o.rack ?? null,
    podName: `kafka-${o.brokerId}`,
    advertisedListeners,
    listenerSecurityProtocolMap: { INTERNAL: 'PLAINTEXT', ...(o.external !== undefined && { EXTERNAL: 'PLAINTEXT' }) },
    interBrokerListenerName: 'INTERNAL',
    endpoints: identityEndpoints(advertisedListeners),
    zookeeperConnect: o.zookeeperConnect,
  };
}
