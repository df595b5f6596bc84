/**
 * A fixed cluster for collection tests: each fake broker answers as a real one
 * does (ListOffsets only for partitions it leads, ListGroups only for groups it
 * coordinates), so several sidecars over it can be compared.
 */
import type { BrokerApi } from '../../../agents/sidecar/kafka/collect.ts';
import { EARLIEST } from '../../../agents/sidecar/kafka/wire/list-offsets.ts';
import type { Metadata } from '../../../agents/sidecar/kafka/wire/metadata.ts';

const NOT_LEADER = 6;

export const FIXTURE_METADATA: Metadata = {
  brokers: [0, 1, 2].map((id) => ({ nodeId: id, host: `kafka-${id}.broker.kafka.svc.cluster.local`, port: 9092, rack: `zone-${'abc'[id]}` })),
  clusterId: 'fixture',
  controllerId: 1,
  topics: [
    {
      errorCode: 0,
      name: 'orders',
      internal: false,
      partitions: [
        { errorCode: 0, partition: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2] },
        { errorCode: 0, partition: 1, leader: 1, replicas: [1, 2, 0], isr: [1, 2] },
        { errorCode: 0, partition: 2, leader: 2, replicas: [2, 0, 1], isr: [2, 0, 1] },
        { errorCode: 0, partition: 3, leader: 1, replicas: [0, 1, 2], isr: [1, 2, 0] },
      ],
    },
    {
      errorCode: 0,
      name: 'payments',
      internal: false,
      partitions: [
        { errorCode: 0, partition: 0, leader: 2, replicas: [2, 1], isr: [2, 1] },
        { errorCode: 5, partition: 1, leader: -1, replicas: [1, 0], isr: [1] },
      ],
    },
    {
      errorCode: 0,
      name: '__consumer_offsets',
      internal: true,
      partitions: [{ errorCode: 0, partition: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2] }],
    },
  ],
};

/** Log start offsets are 10 * partition; high watermarks 1000 + 100 * partition (+ 7 for payments). */
export function fixtureOffset(topic: string, partition: number, timestamp: number): number {
  return timestamp === EARLIEST ? 10 * partition : 1000 + 100 * partition + (topic === 'payments' ? 7 : 0);
}

export const FIXTURE_GROUPS: Record<string, { coordinator: number; offsets: Array<[string, number, number]> }> = {
  billing: { coordinator: 0, offsets: [['payments', 0, 1000], ['orders', 1, 1090]] },
  // Shares payments-0 with billing: the lag request must name that partition once.
  refunds: { coordinator: 0, offsets: [['payments', 0, 995]] },
  shipping: { coordinator: 2, offsets: [['orders', 0, 990], ['orders', 2, 1200], ['orders', 3, 1400]] },
  audit: { coordinator: 1, offsets: [['orders', 0, 500]] },
};

export function fakeBroker(id: number, meta: Metadata = FIXTURE_METADATA): BrokerApi {
  const leaderOf = (topic: string, partition: number) =>
    meta.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partition === partition)?.leader;
  return {
    async metadata(topics) {
      return topics === null ? meta : { ...meta, topics: meta.topics.filter((t) => topics.includes(t.name)) };
    },
    async listOffsets(request, timestamp) {
      // A real broker answers a request that names a partition twice with INVALID_REQUEST for all of it.
      for (const [topic, partitions] of request) {
        if (new Set(partitions).size !== partitions.length) throw new Error(`INVALID_REQUEST: ${topic} has a partition twice (${partitions.join(',')})`);
      }
      return [...request].flatMap(([topic, partitions]) =>
        partitions.map((partition) =>
          leaderOf(topic, partition) === id
            ? { topic, partition, errorCode: 0, offset: fixtureOffset(topic, partition, timestamp) }
            : { topic, partition, errorCode: NOT_LEADER, offset: -1 },
        ),
      );
    },
    async listGroups() {
      return Object.entries(FIXTURE_GROUPS)
        .filter(([, g]) => g.coordinator === id)
        .map(([name]) => name);
    },
    async offsetFetch(group) {
      return (FIXTURE_GROUPS[group]?.offsets ?? []).map(([topic, partition, offset]) => ({ topic, partition, offset, errorCode: 0 }));
    },
  };
}
