// Integration: kafka-mode metrics on a real cluster. Three Kafka 3.9 brokers on a real ZooKeeper, one
// sidecar beside each, real topics, real consumer groups (kafkajs consumers that consume, commit and
// stop while a producer goes on). What the sidecars export must be what Kafka's own tools print
// (kafka-topics --describe, kafka-get-offsets, kafka-consumer-groups --describe), each series from
// exactly one sidecar: a partition's from its leader's, a group's from its coordinator's. So again after
// leaders move: a broker stopped, restarted, and a preferred leader election. And the requests the wire
// codec sends are within the versions the real broker advertises.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickVersion, API_VERSIONS } from '../../../agents/sidecar/kafka/wire/api-versions.ts';
import { BrokerClient } from '../../../agents/sidecar/kafka/wire/client.ts';
import { KafkaConnection } from '../../../agents/sidecar/kafka/wire/connection.ts';
import { LIST_GROUPS, LIST_GROUPS_VERSION, OFFSET_FETCH, OFFSET_FETCH_VERSION } from '../../../agents/sidecar/kafka/wire/groups.ts';
import { LATEST, LIST_OFFSETS, LIST_OFFSETS_VERSION } from '../../../agents/sidecar/kafka/wire/list-offsets.ts';
import { decodeMetadata, encodeMetadata, METADATA, METADATA_VERSIONS } from '../../../agents/sidecar/kafka/wire/metadata.ts';
import { keepLogsIfFailed } from '../../support/failure-logs.ts';
import { kafkaToolOk, testBrokerDefaults, type LocalKafkaCluster } from '../../support/kafka.ts';
import { waitFor } from '../../support/wait.ts';
import { startLocalEnsemble, type LocalEnsemble } from '../../support/zookeeper.ts';
import {
  parseBrokerApiVersions,
  parseGetOffsets,
  parseGroupCoordinators,
  parseGroupsDescribe,
  parseTopicsDescribe,
} from './kafka-tool-output.ts';
import { startInternalCluster, startSidecarFor, type TestSidecar } from './real-cluster.ts';

const IDS = [1, 2, 3] as const;
/** name -> partitions, replication factor (or an explicit assignment). */
const TOPICS: ReadonlyArray<{ name: string; partitions: number; rf?: number; assignment?: string }> = [
  { name: 'orders', partitions: 6, rf: 3 },
  { name: 'events', partitions: 3, rf: 2 },
  // One replica, on broker 3: never offline in this file, which stops broker 1 only.
  { name: 'audit', partitions: 1, assignment: '3' },
];
const OFFSETS_PARTITIONS = Number(testBrokerDefaults(3)['offsets.topic.num.partitions']);

/** The __consumer_offsets partition of a group, as Kafka picks it: abs(String.hashCode) mod the partition count. */
function offsetsPartition(group: string): number {
  let h = 0;
  for (let i = 0; i < group.length; i++) h = (Math.imul(31, h) + group.charCodeAt(i)) | 0;
  return (h & 0x7fffffff) % OFFSETS_PARTITIONS;
}

/** One group per __consumer_offsets partition, so that every broker coordinates some. */
const GROUPS: string[] = (() => {
  const byPartition = new Map<number, string>();
  for (let n = 0; byPartition.size < OFFSETS_PARTITIONS; n++) {
    const g = `consumers-${n}`;
    if (!byPartition.has(offsetsPartition(g))) byPartition.set(offsetsPartition(g), g);
  }
  return [...byPartition.values()].sort();
})();
/** Every other group reads events only, so groups differ in what they committed. */
const topicsOf = (group: string) => (GROUPS.indexOf(group) % 2 === 0 ? ['orders', 'events'] : ['events']);

type Series = Record<string, number>;

const FAMILIES = /^(kafka_brokers|kafka_topic_partitions|kafka_topic_partition_\w+|kafka_consumergroup_\w+)$/;

/** `name{a="x",b="y"}` with the labels sorted, as a key. */
function seriesKey(name: string, labels: Record<string, string>): string {
  const l = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}="${v}"`);
  return l.length === 0 ? name : `${name}{${l.join(',')}}`;
}

/** The cluster series of one /metrics text. */
function parseExposition(text: string): Series {
  const out: Series = {};
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || !FAMILIES.test(m[1]!)) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    out[seriesKey(m[1]!, labels)] = Number(m[3]);
  }
  return out;
}

/** Per owner: series the tools show that the sidecar lacks, has too, or has with another value. */
function difference(tools: Record<number, Series>, sidecars: Record<number, Series>): string[] {
  const out: string[] = [];
  for (const id of new Set([...Object.keys(tools), ...Object.keys(sidecars)])) {
    const t = tools[Number(id)] ?? {};
    const s = sidecars[Number(id)] ?? {};
    for (const k of new Set([...Object.keys(t), ...Object.keys(s)])) {
      if (t[k] !== s[k]) out.push(`sidecar ${id} ${k}: tools ${t[k]}, sidecar ${s[k]}`);
    }
  }
  return out;
}

describe('kafka-mode metrics on a real 3-broker cluster', () => {
  let dir: string;
  let zk: LocalEnsemble;
  let kafka: LocalKafkaCluster;
  let client: Kafka;
  let producer: Producer;
  const sidecars = new Map<number, TestSidecar>();
  /** Messages written so far to each "topic/partition". */
  const written = new Map<string, number>();

  const bootstrapOf = (live: readonly number[]) => live.map((id) => `${kafka.address(id).host}:${kafka.address(id).port}`).join(',');

  /** Writes `n + partition` messages to every partition of every topic. */
  async function produce(n: number, tag: string): Promise<void> {
    for (const t of TOPICS) {
      for (let p = 0; p < t.partitions; p++) {
        const messages = Array.from({ length: n + p }, (_, i) => ({ partition: p, value: `${tag} ${i}` }));
        await producer.send({ topic: t.name, acks: -1, messages });
        written.set(`${t.name}/${p}`, (written.get(`${t.name}/${p}`) ?? 0) + messages.length);
      }
    }
  }

  /** A consumer of `group` that reads everything written so far, commits, and leaves. */
  async function consumeAndCommit(group: string): Promise<void> {
    const consumer = client.consumer({ groupId: group, sessionTimeout: 30_000, heartbeatInterval: 1000 });
    const next = new Map<string, number>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: topicsOf(group), fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => void next.set(`${topic}/${partition}`, Number(message.offset) + 1),
      });
      const wanted = [...written].filter(([k]) => topicsOf(group).includes(k.split('/')[0]!));
      await waitFor(`group ${group} reading every message`, () => wanted.every(([k, n]) => next.get(k) === n), { timeoutMs: 90_000, intervalMs: 100 });
      await consumer.commitOffsets([...next].map(([k, offset]) => ({ topic: k.split('/')[0]!, partition: Number(k.split('/')[1]), offset: String(offset) })));
    } finally {
      await consumer.disconnect();
    }
  }

  /**
   * What the tools print, as the series each live broker's sidecar should export: a partition's from its
   * leader's (a leaderless one's from the lowest live id's), a topic's from partition 0's, kafka_brokers
   * from the lowest live id's, a group's from its coordinator's.
   */
  async function fromTools(live: readonly number[]): Promise<Record<number, Series>> {
    const b = ['--bootstrap-server', bootstrapOf(live)];
    const [described, latest, earliest, groupRows, coordinators, apiVersions] = await Promise.all([
      kafkaToolOk('kafka-topics', [...b, '--describe', '--exclude-internal']).then(parseTopicsDescribe),
      kafkaToolOk('kafka-get-offsets', [...b, '--exclude-internal-topics']).then(parseGetOffsets),
      kafkaToolOk('kafka-get-offsets', [...b, '--exclude-internal-topics', '--time', '-2']).then(parseGetOffsets),
      kafkaToolOk('kafka-consumer-groups', [...b, '--describe', '--all-groups']).then(parseGroupsDescribe),
      kafkaToolOk('kafka-consumer-groups', [...b, '--describe', '--all-groups', '--state']).then(parseGroupCoordinators),
      kafkaToolOk('kafka-broker-api-versions', b).then(parseBrokerApiVersions),
    ]);
    const lowest = Math.min(...live);
    const out: Record<number, Series> = Object.fromEntries(live.map((id) => [id, {}]));
    const put = (owner: number, name: string, labels: Record<string, string>, value: number | undefined) => {
      if (value !== undefined) out[owner]![seriesKey(name, labels)] = value;
    };
    put(lowest, 'kafka_brokers', {}, apiVersions.size);
    const ownerOf = (topic: string, partition: number) => {
      const leader = described.partitions.find((p) => p.topic === topic && p.partition === partition)?.leader ?? -1;
      return leader >= 0 ? leader : lowest;
    };
    for (const [topic, n] of described.partitionCounts) put(ownerOf(topic, 0), 'kafka_topic_partitions', { topic }, n);
    for (const p of described.partitions) {
      const o = ownerOf(p.topic, p.partition);
      const l = { topic: p.topic, partition: String(p.partition) };
      put(o, 'kafka_topic_partition_current_offset', l, latest.get(`${p.topic}/${p.partition}`));
      put(o, 'kafka_topic_partition_oldest_offset', l, earliest.get(`${p.topic}/${p.partition}`));
      put(o, 'kafka_topic_partition_in_sync_replica', l, p.isr.length);
      put(o, 'kafka_topic_partition_replicas', l, p.replicas.length);
      put(o, 'kafka_topic_partition_leader', l, p.leader);
      put(o, 'kafka_topic_partition_leader_is_preferred', l, p.replicas[0] === p.leader ? 1 : 0);
      put(o, 'kafka_topic_partition_under_replicated_partition', l, p.isr.length < p.replicas.length ? 1 : 0);
    }
    for (const r of groupRows) {
      if (r.current === undefined) continue;
      const l = { consumergroup: r.group, topic: r.topic, partition: String(r.partition) };
      put(coordinators.get(r.group)!, 'kafka_consumergroup_current_offset', l, r.current);
      put(coordinators.get(r.group)!, 'kafka_consumergroup_lag', l, r.lag);
    }
    return out;
  }

  async function fromSidecars(live: readonly number[]): Promise<Record<number, Series>> {
    const texts = await Promise.all(live.map(async (id) => [id, parseExposition(await (await fetch(`${sidecars.get(id)!.url}/metrics`)).text())] as const));
    return Object.fromEntries(texts);
  }

  /**
   * Waits until the sidecars of `live` export what the tools print. The cluster is quiet meanwhile, but a
   * leader or coordinator change can be half-seen by either side, so the tools are asked again a few times.
   */
  async function expectSidecarsAsTools(live: readonly number[], what: string): Promise<Record<number, Series>> {
    let last: { tools: Record<number, Series>; sidecars: Record<number, Series> } | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const tools = await fromTools(live);
      const same = await waitFor(`${what}: the sidecars' series equal to the tools'`, async () => {
        const s = await fromSidecars(live);
        last = { tools, sidecars: s };
        return difference(tools, s).length === 0 ? true : undefined;
      }, { timeoutMs: 15_000, intervalMs: 500 }).catch(() => false);
      if (same) break;
      console.log(`${what}: attempt ${attempt + 1}, the sidecars differ from the tools: ${difference(last!.tools, last!.sidecars).slice(0, 20).join('; ')}`);
    }
    const { tools, sidecars: got } = last!;
    const sorted = (r: Record<number, Series>) => Object.fromEntries(Object.entries(r).map(([id, s]) => [id, Object.fromEntries(Object.entries(s).sort())]));
    expect(sorted(got)).toEqual(sorted(tools));
    // Disjoint, and together every series: no key in two sidecars, and the union is the tools' whole view.
    const keys = Object.values(got).flatMap((s) => Object.keys(s));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(new Set(Object.values(tools).flatMap((s) => Object.keys(s))));
    return got;
  }

  const partitionKeys = (s: Series) => Object.keys(s).filter((k) => k.startsWith('kafka_topic_partition_leader{'));
  const groupsIn = (s: Series) => new Set(Object.keys(s).filter((k) => k.startsWith('kafka_consumergroup_current_offset{')).map((k) => /consumergroup="([^"]+)"/.exec(k)![1]));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecar-real-metrics-'));
    zk = await startLocalEnsemble(dir, 1);
    kafka = await startInternalCluster(dir, zk.connectString);
    const b = ['--bootstrap-server', kafka.bootstrap];
    for (const t of TOPICS) {
      const layout = t.assignment ? ['--replica-assignment', t.assignment] : ['--partitions', String(t.partitions), '--replication-factor', String(t.rf)];
      await kafkaToolOk('kafka-topics', [...b, '--create', '--topic', t.name, ...layout]);
    }
    client = new Kafka({ clientId: 'metrics-test', brokers: kafka.bootstrap.split(','), logLevel: logLevel.NOTHING });
    producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await produce(20, 'first');
    await Promise.all(GROUPS.map((g) => consumeAndCommit(g)));
    // The consumers have stopped; the producer goes on, so every group lags.
    await produce(5, 'second');
    // A log start offset above 0, for kafka_topic_partition_oldest_offset.
    const deletion = join(dir, 'delete-records.json');
    writeFileSync(deletion, JSON.stringify({ version: 1, partitions: [{ topic: 'orders', partition: 0, offset: 7 }] }));
    await kafkaToolOk('kafka-delete-records', [...b, '--offset-json-file', deletion]);
    for (const id of IDS) sidecars.set(id, await startSidecarFor(kafka, dir, id));
  });

  afterAll(async (suite) => {
    for (const [id, s] of sidecars) {
      await s.stop();
      if (dir) writeFileSync(join(dir, `sidecar-${id}.log`), s.lines.join(''));
    }
    await producer?.disconnect().catch(() => undefined);
    await kafka?.stop();
    await zk?.stop();
    keepLogsIfFailed(suite, __filename, dir);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the versions the wire codec sends are within the ranges the broker advertises, and the broker answers them', async () => {
    const ours = [
      { name: 'ApiVersions', key: API_VERSIONS, min: 0, max: 0 },
      { name: 'Metadata', key: METADATA, ...METADATA_VERSIONS },
      { name: 'ListOffsets', key: LIST_OFFSETS, min: LIST_OFFSETS_VERSION, max: LIST_OFFSETS_VERSION },
      { name: 'ListGroups', key: LIST_GROUPS, min: LIST_GROUPS_VERSION, max: LIST_GROUPS_VERSION },
      { name: 'OffsetFetch', key: OFFSET_FETCH, min: OFFSET_FETCH_VERSION, max: OFFSET_FETCH_VERSION },
    ];
    const tool = parseBrokerApiVersions(await kafkaToolOk('kafka-broker-api-versions', ['--bootstrap-server', kafka.bootstrap]));
    for (const id of IDS) {
      const c = new BrokerClient(kafka.address(id));
      try {
        const apis = await c.apiVersions();
        console.log(
          `broker ${id} (Kafka 3.9) advertises ` +
            ours.map((o) => `${o.name}(${o.key}) v${apis.get(o.key)?.min}-v${apis.get(o.key)?.max}; we send v${o.min === o.max ? o.min : `${o.min}-v${o.max}`}`).join(', '),
        );
        for (const o of ours) {
          const theirs = apis.get(o.key)!;
          // Our decoding of the answer agrees with Kafka's own tool.
          expect(theirs).toEqual(tool.get(id)!.get(o.key));
          for (let v = o.min; v <= o.max; v++) {
            expect(v).toBeGreaterThanOrEqual(theirs.min);
            expect(v).toBeLessThanOrEqual(theirs.max);
          }
          expect(pickVersion(apis, o.key, o)).toBe(o.max);
        }
        // Each Metadata version we speak decodes the broker's answer.
        const conn = new KafkaConnection(kafka.address(id));
        try {
          for (let v = METADATA_VERSIONS.min; v <= METADATA_VERSIONS.max; v++) {
            const meta = decodeMetadata(v, await conn.request(METADATA, v, encodeMetadata(v, null)));
            expect(meta.brokers.map((x) => x.nodeId).sort()).toEqual([...IDS]);
            expect(meta.topics.map((t) => t.name)).toEqual(expect.arrayContaining(TOPICS.map((t) => t.name)));
          }
        } finally {
          conn.close();
        }
        const led = (await c.metadata(null)).topics.flatMap((t) => t.partitions.filter((p) => p.leader === id).map((p) => [t.name, p.partition] as const));
        const offsets = await c.listOffsets(new Map(led.map(([t]) => [t, led.filter(([x]) => x === t).map(([, p]) => p)])), LATEST);
        expect(offsets.map((o) => o.errorCode)).toEqual(led.map(() => 0));
        for (const g of await c.listGroups()) expect((await c.offsetFetch(g)).every((o) => o.errorCode === 0)).toBe(true);
      } finally {
        c.close();
      }
    }
  });

  it('partitions, offsets, ISR, leaders and groups equal what the tools print, each from one sidecar', { timeout: 180_000 }, async () => {
    const got = await expectSidecarsAsTools(IDS, 'a steady cluster');
    // Every broker leads partitions and coordinates groups, so this is a real split of the cluster.
    for (const id of IDS) {
      expect(partitionKeys(got[id]!).length).toBeGreaterThan(0);
      expect(groupsIn(got[id]!).size).toBeGreaterThan(0);
    }
    expect(new Set(IDS.flatMap((id) => [...groupsIn(got[id]!)]))).toEqual(new Set(GROUPS));
    const merged: Series = Object.assign({}, ...Object.values(got));
    expect(Object.entries(merged).some(([k, v]) => k.startsWith('kafka_consumergroup_lag{') && v > 0)).toBe(true);
    expect(merged['kafka_topic_partition_oldest_offset{partition="0",topic="orders"}']).toBe(7);
    for (const id of IDS) {
      const text = await (await fetch(`${sidecars.get(id)!.url}/metrics`)).text();
      expect(text).toContain(`kafka_broker_info{broker_id="${id}",pod="kafka-${id}",rack="",internal="127.0.0.1:${kafka.address(id).port}",external=""} 1`);
    }
  });

  it('leaders and coordinators move with a broker stopped, restarted and a preferred election, and the series follow', { timeout: 480_000 }, async () => {
    // Broker 1 (the lowest id) stopped: its partitions and groups move to 2 and 3; they count 2 brokers.
    await kafka.brokers.find((b) => b.id === 1)!.stop();
    const without1 = await expectSidecarsAsTools([2, 3], 'broker 1 stopped');
    expect(without1[2]!['kafka_brokers']).toBe(2);
    expect(Object.entries(without1[2]!).concat(Object.entries(without1[3]!)).some(([k, v]) => k.startsWith('kafka_topic_partition_under_replicated_partition{') && v === 1)).toBe(true);
    expect(new Set([...groupsIn(without1[2]!), ...groupsIn(without1[3]!)])).toEqual(new Set(GROUPS));

    // Restarted: back in every ISR, but leading nothing until an election.
    await kafka.restart(1);
    await waitFor('broker 1 back in every ISR', async () => {
      const d = parseTopicsDescribe(await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--describe']));
      return d.partitions.every((p) => p.isr.length === p.replicas.length);
    }, { timeoutMs: 120_000, intervalMs: 1000 });
    const restarted = await expectSidecarsAsTools(IDS, 'broker 1 restarted');
    expect(Object.entries(restarted[1]!).filter(([k]) => k.startsWith('kafka_topic_partition_leader{'))).toEqual([]);
    expect(Object.values(restarted).some((s) => Object.entries(s).some(([k, v]) => k.startsWith('kafka_topic_partition_leader_is_preferred{') && v === 0))).toBe(true);

    // A preferred leader election gives broker 1 its partitions (and groups) back.
    await kafkaToolOk('kafka-leader-election', ['--bootstrap-server', kafka.bootstrap, '--election-type', 'preferred', '--all-topic-partitions']);
    const elected = await expectSidecarsAsTools(IDS, 'after the preferred election');
    expect(partitionKeys(elected[1]!).length).toBeGreaterThan(0);
    expect(Object.values(elected).every((s) => Object.entries(s).every(([k, v]) => !k.startsWith('kafka_topic_partition_leader_is_preferred{') || v === 1))).toBe(true);
    expect(new Set(IDS.flatMap((id) => [...groupsIn(elected[id]!)]))).toEqual(new Set(GROUPS));
  });
});
