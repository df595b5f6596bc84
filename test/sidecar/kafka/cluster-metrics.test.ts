import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { KafkaIdentity } from '../../../agents/lib/kafka-identity.ts';
import { brokerInfo, brokerInfoOf, clusterMetrics } from '../../../agents/sidecar/kafka/cluster-metrics.ts';
import { metricsRenderer } from '../../../agents/sidecar/http/server.ts';
import { collectGroups, collectPartitions, type CollectDeps } from '../../../agents/sidecar/kafka/collect.ts';
import { settings } from '../../../agents/sidecar/settings.ts';
import { expectGolden } from '../../support/golden.ts';
import { testIdentity } from '../../support/kafka-identity.ts';
import { fakeBroker, FIXTURE_METADATA } from './fake-cluster.ts';

const signal = new AbortController().signal;

function deps(self: number, overrides: Partial<CollectDeps> = {}): CollectDeps {
  const brokers = new Map(FIXTURE_METADATA.brokers.map((b) => [b.host, fakeBroker(b.nodeId)]));
  return {
    local: fakeBroker(self),
    self,
    topics: { include: settings.topicInclude.default!, exclude: settings.topicExclude.default! },
    groups: { include: settings.groupInclude.default!, exclude: settings.groupExclude.default! },
    maxPartitions: 20_000,
    clientFor: (host) => brokers.get(host)!,
    ...overrides,
  };
}

async function metricsOf(self: number, d = deps(self)): Promise<string> {
  const m = clusterMetrics();
  m.setPartitions(await collectPartitions(d, signal));
  m.setGroups(await collectGroups(d, signal));
  return m.text();
}

/** Sample lines of a family, without HELP/TYPE. */
function series(text: string, family: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${family}{`) || l.startsWith(`${family} `));
}

const identity: KafkaIdentity = testIdentity({
  brokerId: 0,
  rack: 'zone-a',
  internal: 'kafka-0.broker.kafka.svc.cluster.local:9092',
  external: '203.0.113.10:31090',
  zookeeperConnect: 'zoo:2181/kafka',
});

describe('kafka cluster metrics', () => {
  it('renders broker 0\'s shard of a fixed cluster as the golden /metrics text', async () => {
    const registry = new Registry();
    brokerInfo(registry, brokerInfoOf(identity));
    const render = metricsRenderer({ registry, readiness: () => { throw new Error('unused'); }, extraMetrics: () => cluster });
    const cluster = await metricsOf(0);
    expectGolden('sidecar/kafka.metrics.txt', String(await render()));
  });

  it('three sidecars export disjoint partition series whose union is every partition', async () => {
    const texts = await Promise.all([0, 1, 2].map((id) => metricsOf(id)));
    const all = FIXTURE_METADATA.topics
      .filter((t) => !t.name.startsWith('__'))
      .flatMap((t) => t.partitions.map((p) => `{topic="${t.name}",partition="${p.partition}"}`));
    for (const family of ['kafka_topic_partition_leader', 'kafka_topic_partition_in_sync_replica', 'kafka_topic_partition_under_replicated_partition']) {
      const per = texts.map((t) => series(t, family).map((l) => l.slice(family.length, l.lastIndexOf(' '))));
      const union = per.flat();
      expect(new Set(union).size, `${family} repeats a series`).toBe(union.length);
      expect([...union].sort()).toEqual([...all].sort());
    }
    for (const family of ['kafka_brokers', 'kafka_topic_partitions', 'kafka_consumergroup_current_offset']) {
      const union = texts.flatMap((t) => series(t, family).map((l) => l.slice(0, l.lastIndexOf(' '))));
      expect(new Set(union).size, `${family} repeats a series`).toBe(union.length);
    }
    expect(texts.flatMap((t) => series(t, 'kafka_topic_partitions')).sort()).toEqual(['kafka_topic_partitions{topic="orders"} 4', 'kafka_topic_partitions{topic="payments"} 2']);
    expect(texts.flatMap((t) => series(t, 'kafka_brokers'))).toEqual(['kafka_brokers 3']);
  });

  it('two sidecars (one broker gone from the shard) still cover each partition at most once', async () => {
    const texts = await Promise.all([1, 2].map((id) => metricsOf(id)));
    const union = texts.flatMap((t) => series(t, 'kafka_topic_partition_leader'));
    expect(new Set(union).size).toBe(union.length);
  });

  it.each([
    ['the leader\'s high watermark minus the committed offset', 'billing', 'payments', 0, 7],
    ['a partition led by another broker', 'billing', 'orders', 1, 1100 - 1090],
    ['never below zero', 'shipping', 'orders', 3, 0],
    ['a partition another group of the same coordinator commits on too', 'refunds', 'payments', 0, 12],
  ])('consumer-group lag: %s', async (_name, group, topic, partition, lag) => {
    const coordinator = { billing: 0, shipping: 2, refunds: 0 }[group]!;
    const text = await metricsOf(coordinator);
    expect(text).toContain(`kafka_consumergroup_lag{consumergroup="${group}",topic="${topic}",partition="${partition}"} ${lag}`);
  });

  it.each([
    ['include', { include: /^(?:pay.*)$/, exclude: /^(?!)$/ }, ['payments']],
    ['exclude', { include: /^(?:.*)$/, exclude: /^(?:orders|__.*)$/ }, ['payments']],
    ['defaults leave out internal topics', { include: /^(?:.*)$/, exclude: /^(?:__.*)$/ }, ['orders', 'payments']],
  ])('topic %s patterns bound the exported topics', async (_name, topics, want) => {
    const texts = await Promise.all([0, 1, 2].map((id) => metricsOf(id, deps(id, { topics }))));
    const seen = new Set(texts.flatMap((t) => series(t, 'kafka_topic_partition_leader')).map((l) => /topic="([^"]+)"/.exec(l)![1]));
    expect([...seen].sort()).toEqual(want);
  });

  it('SIDECAR_MAX_PARTITIONS caps the partitions and counts the rest', async () => {
    const text = await metricsOf(1, deps(1, { maxPartitions: 1 }));
    expect(series(text, 'kafka_topic_partition_leader')).toHaveLength(1);
    expect(text).toContain('sidecar_kafka_partitions_dropped 1');
  });
});
