/**
 * One collection of cluster data, asking the local broker for metadata, for
 * the offsets of the partitions it leads, and for the groups it coordinates.
 * Only group lag needs other brokers: the high watermarks of partitions they
 * lead, asked of each leader directly.
 */
import type { ClusterData, GroupOffsetData, PartitionData } from './cluster-data.ts';
import { passes, selectShard, type Filter } from './shard.ts';
import type { BrokerClient } from './wire/client.ts';
import { EARLIEST, LATEST, type OffsetAnswer } from './wire/list-offsets.ts';
import type { Metadata } from './wire/metadata.ts';

/** What a collection asks of a broker (BrokerClient, or a fixture in tests). */
export type BrokerApi = Pick<BrokerClient, 'metadata' | 'listOffsets' | 'listGroups' | 'offsetFetch'>;

export interface CollectDeps {
  readonly local: BrokerApi;
  readonly self: number;
  readonly topics: Filter;
  readonly groups: Filter;
  readonly maxPartitions: number;
  /** A client for another broker of the cluster (pooled by the caller). */
  readonly clientFor: (host: string, port: number) => BrokerApi;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

function offsetsByKey(answers: readonly OffsetAnswer[]): Map<string, number> {
  return new Map(answers.filter((a) => a.errorCode === 0 && a.offset >= 0).map((a) => [key(a.topic, a.partition), a.offset]));
}

/** Partitions by topic, each once: a broker refuses a ListOffsets request naming a partition twice. */
function byTopic(items: ReadonlyArray<{ topic: string; partition: number }>): Map<string, number[]> {
  const seen = new Set<string>();
  const m = new Map<string, number[]>();
  for (const i of items) {
    const k = key(i.topic, i.partition);
    if (seen.has(k)) continue;
    seen.add(k);
    const list = m.get(i.topic);
    if (list) list.push(i.partition);
    else m.set(i.topic, [i.partition]);
  }
  return m;
}

export async function collectPartitions(d: CollectDeps, signal: AbortSignal): Promise<Pick<ClusterData, 'brokerCount' | 'topicPartitions' | 'partitions' | 'dropped'>> {
  const meta = await d.local.metadata(null, signal);
  const shard = selectShard(d.self, meta, d.topics, d.maxPartitions);
  const led = shard.topics.flatMap((t) => t.partitions.filter((p) => p.leader === d.self).map((p) => ({ topic: t.topic, partition: p.partition })));
  const request = byTopic(led);
  const [latest, earliest] =
    request.size === 0 ? [new Map<string, number>(), new Map<string, number>()] : (await Promise.all([d.local.listOffsets(request, LATEST, signal), d.local.listOffsets(request, EARLIEST, signal)])).map(offsetsByKey);
  const partitions: PartitionData[] = shard.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.topic,
      partition: p.partition,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.isr,
      current: latest!.get(key(t.topic, p.partition)),
      oldest: earliest!.get(key(t.topic, p.partition)),
    })),
  );
  const topicPartitions = new Map(shard.topics.filter((t) => t.partitionCount !== undefined).map((t) => [t.topic, t.partitionCount!]));
  return { brokerCount: shard.brokerCount, topicPartitions, partitions, dropped: shard.dropped };
}

async function highWatermarks(d: CollectDeps, meta: Metadata, wanted: ReadonlyArray<{ topic: string; partition: number }>, signal: AbortSignal): Promise<Map<string, number>> {
  const leaders = new Map(meta.topics.flatMap((t) => t.partitions.map((p) => [key(t.name, p.partition), p.leader] as const)));
  const byLeader = new Map<number, Array<{ topic: string; partition: number }>>();
  for (const w of wanted) {
    const l = leaders.get(key(w.topic, w.partition));
    if (l === undefined || l < 0) continue;
    const list = byLeader.get(l);
    if (list) list.push(w);
    else byLeader.set(l, [w]);
  }
  const out = new Map<string, number>();
  await Promise.all(
    [...byLeader].map(async ([leader, parts]) => {
      const broker = meta.brokers.find((b) => b.nodeId === leader);
      if (broker === undefined) return;
      const client = leader === d.self ? d.local : d.clientFor(broker.host, broker.port);
      for (const [k, v] of offsetsByKey(await client.listOffsets(byTopic(parts), LATEST, signal))) out.set(k, v);
    }),
  );
  return out;
}

/** OffsetFetch requests in flight at once: thousands of groups must not become thousands of waiters. */
const GROUP_FETCHES_AT_ONCE = 16;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function collectGroups(d: CollectDeps, signal: AbortSignal): Promise<GroupOffsetData[]> {
  const groups = (await d.local.listGroups(signal)).filter((g) => passes(d.groups, g)).sort();
  if (groups.length === 0) return [];
  const committed = (await mapLimited(groups, GROUP_FETCHES_AT_ONCE, async (group) => (await d.local.offsetFetch(group, signal)).map((o) => ({ ...o, group }))))
    .flat()
    .filter((o) => o.errorCode === 0 && o.offset >= 0 && passes(d.topics, o.topic));
  // Every topic (null), never named ones: a Metadata request naming a deleted topic may create it again.
  const meta = await d.local.metadata(null, signal);
  const hw = await highWatermarks(d, meta, committed, signal);
  return committed.map((c) => {
    const high = hw.get(key(c.topic, c.partition));
    return { group: c.group, topic: c.topic, partition: c.partition, offset: c.offset, lag: high === undefined ? undefined : Math.max(0, high - c.offset) };
  });
}
