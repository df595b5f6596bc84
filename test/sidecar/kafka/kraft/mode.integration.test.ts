// Integration: kafka mode with KRaft metadata on a real Kafka 4.3.1 cluster of 3 controllers and 3
// brokers, one sidecar beside each node reading that node's own server.properties. No ZooKeeper runs.
// Brokers: ready while answering, registered unfenced with their advertised endpoint and in every ISR;
// a killed broker is unready, and back it is held back while it catches up (replication to it
// throttled, so that catching up takes long enough to see). Controllers: ready as caught-up voters of a
// quorum with a leader; the leader killed, the others are ready again under a new leader, and the old
// one, restarted, is unready until it has caught up. Only the quorum leader's sidecar exports the
// quorum's series, and its values are what kafka-metadata-quorum prints.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLogsIfFailed } from '../../../support/failure-logs.ts';
import { startLocalKraftCluster, type KraftNode, type LocalKraftCluster } from '../../../support/kraft.ts';
import { readyz, waitForReadyz } from '../../../support/sidecar.ts';
import { waitFor } from '../../../support/wait.ts';
import { readyzVerbose, waitForCheck } from '../real-cluster.ts';
import { parseTopicsDescribe } from '../kafka-tool-output.ts';
import { kraftTool, quorumStatus, startSidecarForNode, type TestSidecar } from './real-kraft.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The quorum series of one /metrics text, by name{labels}. */
function quorumSeries(text: string): Record<string, number> {
  return Object.fromEntries(text.split('\n').filter((l) => l.startsWith('kafka_quorum_')).map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
}

describe('kraft-mode readiness and metrics on a real 3-controller, 3-broker Kafka 4.3.1 cluster', () => {
  let dir: string;
  let kafka: LocalKraftCluster;
  let producer: Producer | undefined;
  const sidecars = new Map<number, TestSidecar>();
  const extra: TestSidecar[] = [];
  const started = new Map<number, number>();

  const url = (id: number) => sidecars.get(id)!.url;
  const node = (id: number): KraftNode => kafka.nodes.find((n) => n.id === id)!;
  const brokerIds = () => kafka.brokers.map((n) => n.id);
  const controllerIds = () => kafka.controllers.map((n) => n.id);
  const allReady = (what: string, ids = [...sidecars.keys()], timeoutMs = 90_000) => Promise.all(ids.map((id) => waitForReadyz(url(id), 200, `${what}: sidecar ${id}`, timeoutMs)));
  const describeTopics = async () => parseTopicsDescribe(await kraftTool('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--describe', '--exclude-internal']));
  const quorumOf = async (id: number) => quorumSeries(await (await fetch(`${url(id)}/metrics`)).text());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecar-kraft-'));
    const t0 = Date.now();
    kafka = await startLocalKraftCluster(dir, {
      controllers: 3,
      brokers: 3,
      listener: 'INTERNAL',
      // A follower that has not caught up for 3 s leaves the ISR.
      overrides: { 'replica.lag.time.max.ms': 3000 },
    });
    console.log(`cluster of 3 controllers and 3 brokers started in ${Date.now() - t0} ms`);
    const b = ['--bootstrap-server', kafka.bootstrap];
    await kraftTool('kafka-topics', [...b, '--create', '--topic', 'orders', '--partitions', '3', '--replication-factor', '3']);
    producer = new Kafka({ clientId: 'kraft-readiness-test', brokers: kafka.bootstrap.split(','), logLevel: logLevel.NOTHING }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (const n of kafka.nodes) {
      started.set(n.id, Date.now());
      sidecars.set(n.id, await startSidecarForNode(n));
    }
  });

  afterAll(async (suite) => {
    for (const [id, s] of [...sidecars.entries(), ...extra.map((s, i) => [900 + i, s] as const)]) {
      await s.stop();
      if (dir) writeFileSync(join(dir, `sidecar-${id}.log`), s.lines.join(''));
    }
    await producer?.disconnect().catch(() => undefined);
    await kafka?.stop();
    keepLogsIfFailed(suite, __filename, dir);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every broker is ready: answering, registered unfenced as its config advertises, in the ISR of every partition it replicates', async () => {
    const lines = await allReady('a fresh cluster', brokerIds());
    console.log(`brokers ready ${brokerIds().map((id) => `${id}: ${Date.now() - started.get(id)!} ms`).join(', ')} after their sidecars started`);
    const described = await describeTopics();
    brokerIds().forEach((id, i) => {
      const mine = described.partitions.filter((p) => p.replicas.includes(id));
      const address = node(id).clientAddress!;
      expect(lines[i]).toBe(
        `ready: broker answers ApiVersions on ${address} (${lines[i]!.match(/\((\d+) APIs\)/)![1]} APIs); ` +
          `broker ${id} registered and unfenced as INTERNAL://${address}; in the ISR of all ${mine.length} partitions it replicates`,
      );
    });
  });

  it('every controller is ready as a caught-up voter; only the leader\'s sidecar exports the quorum, with the values kafka-metadata-quorum prints', async () => {
    const lines = await allReady('a fresh quorum', controllerIds());
    const status = await quorumStatus(kafka.controllerBootstrap);
    controllerIds().forEach((id, i) => {
      expect(lines[i]).toMatch(
        id === status.leader
          ? new RegExp(`^ready: controller answers ApiVersions on ${escape(node(id).controllerAddress!)} \\(\\d+ APIs\\); leader of the quorum \\(epoch ${status.epoch}, high watermark \\d+, voters 1000,1001,1002\\)$`)
          : new RegExp(`^ready: controller answers ApiVersions on ${escape(node(id).controllerAddress!)} \\(\\d+ APIs\\); voter ${id} follows leader ${status.leader} \\(epoch ${status.epoch}\\): \\d+ records behind the high watermark \\d+, caught up \\d+\\.\\ds ago$`),
      );
    });
    const leaderSeries = await waitFor('the leader\'s sidecar exporting the quorum', async () => {
      const s = await quorumOf(status.leader);
      return s['kafka_quorum_leader_id'] === undefined ? undefined : s;
    });
    expect(leaderSeries['kafka_quorum_leader_id']).toBe(status.leader);
    expect(leaderSeries['kafka_quorum_leader_epoch']).toBe(status.epoch);
    expect(leaderSeries['kafka_quorum_voters']).toBe(3);
    expect(leaderSeries['kafka_quorum_observers']).toBe(3);
    expect(Object.keys(leaderSeries).filter((k) => k.startsWith('kafka_quorum_voter_lag{')).sort()).toEqual(['1000', '1001', '1002'].map((v) => `kafka_quorum_voter_lag{voter="${v}"}`));
    // The high watermark grows (a no-op record every 500 ms): the tool, asked after, has at least as much.
    expect(leaderSeries['kafka_quorum_high_watermark']).toBeGreaterThan(0);
    expect(leaderSeries['kafka_quorum_high_watermark']).toBeLessThanOrEqual((await quorumStatus(kafka.controllerBootstrap)).highWatermark);
    for (const id of [...sidecars.keys()].filter((x) => x !== status.leader)) expect(await quorumOf(id)).toEqual({});
  });
});
