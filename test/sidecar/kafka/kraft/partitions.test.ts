import { describe, expect, it } from 'vitest';
import { leadersToAsk, partitionsFromMetadata, withLeadersView } from '../../../../agents/sidecar/kafka/kraft/partitions.ts';
import type { Metadata, TopicMeta } from '../../../../agents/sidecar/kafka/wire/metadata.ts';

const topic = (name: string, partitions: Array<[number, number, number[], number[]]>, errorCode = 0): TopicMeta => ({
  errorCode,
  name,
  internal: false,
  partitions: partitions.map(([partition, leader, replicas, isr]) => ({ errorCode: 0, partition, leader, replicas, isr })),
});
/** Broker 3's own view, just restarted: behind on orders-0 (led by 1) and orders-1 (led by 2), in sync on orders-2 (its own). */
const mine: Pick<Metadata, 'topics'> = {
  topics: [
    topic('orders', [[0, 1, [1, 2, 3], [1, 2]], [1, 2, [2, 3, 1], [2, 1]], [2, 3, [3, 1, 2], [3, 1, 2]]]),
    topic('other', [[0, 2, [1, 2], [1, 2]]]),
    topic('gone', [[0, 1, [3], []]], 3),
  ],
};

describe('the partitions a KRaft broker replicates', () => {
  const parts = partitionsFromMetadata(3, mine);

  it('are those with it as a replica, of topics without an error', () => {
    expect(parts.map((p) => `${p.topic}-${p.partition}`)).toEqual(['orders-0', 'orders-1', 'orders-2']);
  });

  it.each([
    [new Set([1, 2, 3]), [1, 2]],
    [new Set([2, 3]), [2]],
  ])('the leaders asked are those it is behind on, live (%j): %j', (live, want) => {
    expect(leadersToAsk(3, parts, live)).toEqual(want);
  });

  it.each([
    ['both leaders have it back in the ISR', { 1: [[0, 1, [1, 2, 3], [1, 2, 3]]], 2: [[1, 2, [2, 3, 1], [2, 1, 3]]] }, []],
    ['one leader does', { 1: [[0, 1, [1, 2, 3], [1, 2, 3]]], 2: [[1, 2, [2, 3, 1], [2, 1]]] }, ['orders-1']],
    ['a leader that did not answer', { 1: [[0, 1, [1, 2, 3], [1, 2, 3]]] }, ['orders-1']],
    ['a view where the partition has another leader by now', { 1: [[0, 2, [1, 2, 3], [1, 2, 3]]], 2: [[1, 2, [2, 3, 1], [2, 1, 3]]] }, ['orders-0']],
  ] as Array<[string, Record<number, Array<[number, number, number[], number[]]>>, string[]]>)('with the leaders\' views, when %s, it is behind on %j', (_what, views, behind) => {
    const byLeader = new Map(Object.entries(views).map(([l, ps]) => [Number(l), { topics: [topic('orders', ps)] }]));
    const merged = withLeadersView(3, parts, byLeader);
    expect(merged.filter((p) => !(p.isr ?? []).includes(3)).map((p) => `${p.topic}-${p.partition}`)).toEqual(behind);
  });
});
