import { describe, expect, it } from 'vitest';
import { clusterOwner, ownsPartition, ownsTopic, selectShard } from '../../../agents/sidecar/kafka/shard.ts';
import { FIXTURE_METADATA } from './fake-cluster.ts';

const all = { include: /^(?:.*)$/, exclude: /^(?!)$/ };

describe('shard selection', () => {
  it.each([
    ['the leader owns a partition', 1, 0, { leader: 1 }, true],
    ['others do not', 2, 0, { leader: 1 }, false],
    ['a leaderless partition belongs to the cluster owner', 0, 0, { leader: -1 }, true],
    ['... and to no one else', 1, 0, { leader: -1 }, false],
  ])('%s', (_name, self, owner, p, want) => {
    expect(ownsPartition(self, owner, p)).toBe(want);
  });

  it('the cluster owner is the lowest broker id', () => {
    expect(clusterOwner(FIXTURE_METADATA)).toBe(0);
    expect(clusterOwner({ brokers: [] })).toBeUndefined();
  });

  it('a topic belongs to the leader of its partition 0', () => {
    const orders = FIXTURE_METADATA.topics.find((t) => t.name === 'orders')!;
    expect([0, 1, 2].filter((id) => ownsTopic(id, 0, orders))).toEqual([0]);
  });

  it.each([0, 1, 2])('broker %i exports exactly the partitions it leads (plus leaderless ones for the owner)', (self) => {
    const shard = selectShard(self, FIXTURE_METADATA, all, 100);
    const got = shard.topics.flatMap((t) => t.partitions.map((p) => `${t.topic}-${p.partition}`)).sort();
    const want = FIXTURE_METADATA.topics
      .flatMap((t) => t.partitions.filter((p) => p.leader === self || (p.leader < 0 && self === 0)).map((p) => `${t.name}-${p.partition}`))
      .sort();
    expect(got).toEqual(want);
    expect(shard.brokerCount).toBe(self === 0 ? 3 : undefined);
  });
});
