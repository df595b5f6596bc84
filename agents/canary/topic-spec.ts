/** The topic the canary creates when it is missing, from the number of brokers. */
export interface TopicSpec {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

/**
 * A partition per broker, so that every broker leads canary traffic; replication factor 3, or every
 * broker when there are fewer; min.insync.replicas 2 where there are 3 replicas, so that acks=all means
 * two copies and one broker may be down.
 */
export function topicSpec(brokers: number): TopicSpec {
  if (!Number.isInteger(brokers) || brokers < 1) throw new RangeError(`a topic needs at least one broker, got ${brokers}`);
  const replicationFactor = Math.min(3, brokers);
  return {
    partitions: brokers,
    replicationFactor,
    configs: replicationFactor >= 3 ? { 'min.insync.replicas': '2' } : {},
  };
}
