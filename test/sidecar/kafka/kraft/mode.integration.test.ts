// Integration: kafka mode with KRaft metadata on a real Kafka 4.3.1 cluster of 3 controllers and 3
// brokers, one sidecar beside each node reading that node's own server.properties. No ZooKeeper runs.
// Brokers: ready while answering, registered unfenced with their advertised endpoint and in every ISR;
// a killed broker is unready, and back it is held back while it catches up (replication to it
// throttled, so that catching up takes long enough to see). Controllers: ready as caught-up voters of a
// quorum with a leader; the leader killed, the others are ready again under a new leader, and the old
// one, restarted, is unready until it has caught up. Only the quorum leader's sidecar exports the
// quorum's series, and its values are what kafka-metadata-quorum prints. Two of three controllers killed,
// the quorum has no leader and the last one's sidecar says so.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLogsIfFailed } from '../../../support/failure-logs.ts';
import { startLocalKraftCluster, type KraftNode, type LocalKraftCluster } from '../../../support/kraft.ts';
import { readyz, waitForReadyz } from '../../../support/sidecar.ts';
import { sleep, waitFor } from '../../../support/wait.ts';
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
      // A follower that has not caught up for 3 s leaves the ISR; a throttled follower's fetch that the
      // quota lets through (one every quota window, ~11 s) brings at most 256 KiB a partition.
      overrides: { 'replica.lag.time.max.ms': 3000, 'replica.fetch.max.bytes': 256 * 1024 },
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
  }, 300_000);

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

  it('broker metrics without ZooKeeper: each partition\'s series from its leader\'s sidecar only, kafka_brokers from the lowest id\'s', async () => {
    const described = await describeTopics();
    const leaderSeries = await waitFor('every partition exported by its leader', async () => {
      const per = await Promise.all(brokerIds().map(async (id) => [id, (await (await fetch(`${url(id)}/metrics`)).text()).split('\n').filter((l) => l.startsWith('kafka_topic_partition_leader{'))] as const));
      return per.flat(2).length - per.length === described.partitions.length ? per : undefined;
    }, { timeoutMs: 30_000 });
    for (const [id, lines] of leaderSeries) {
      const led = described.partitions.filter((p) => p.leader === id).map((p) => `kafka_topic_partition_leader{topic="${p.topic}",partition="${p.partition}"} ${id}`);
      expect([...lines].sort()).toEqual(led.sort());
    }
    const brokersLine = async (id: number) => (await (await fetch(`${url(id)}/metrics`)).text()).split('\n').filter((l) => l.startsWith('kafka_brokers '));
    expect(await brokersLine(1)).toEqual(['kafka_brokers 3']);
    expect([...(await brokersLine(2)), ...(await brokersLine(3))]).toEqual([]);
  });

  it('a broker whose config advertises another address than the cluster knows is unready, and the reason names both', async () => {
    const original = readFileSync(node(1).propertiesFile, 'latin1');
    const address = node(1).clientAddress!;
    const moved = original.replace(`advertised.listeners=INTERNAL://${address}`, `advertised.listeners=INTERNAL://kafka-1.elsewhere:${address.split(':')[1]}`);
    expect(moved).not.toBe(original);
    const file = join(dir, 'moved.properties');
    writeFileSync(file, moved, 'latin1');
    const s = await startSidecarForNode({ ...node(1), propertiesFile: file });
    extra.push(s);
    expect(await waitForReadyz(s.url, 503, 'sidecar reading a config with another advertised host', 30_000, 'registration')).toBe(
      `not ready: registration: broker 1 is registered as INTERNAL://${address} but expected INTERNAL://kafka-1.elsewhere:${address.split(':')[1]}`,
    );
  });

  it('a killed broker is unready; restarted, it is unready while it catches up (the ISR reason names the partitions), then ready; its peers stay ready', { timeout: 240_000 }, async () => {
    await allReady('before the crash', brokerIds());
    const victim = 3;
    const peers = brokerIds().filter((id) => id !== victim);
    const address = node(victim).clientAddress!;
    const b = ['--bootstrap-server', peers.map((id) => node(id).clientAddress!).join(',')];
    // Replication to the victim throttled to 1 KiB/s while it is out of the ISR (an in-sync replica is never throttled).
    const throttle = async (on: boolean) => {
      const how = (config: string) => (on ? ['--add-config', config] : ['--delete-config', config.split('=')[0]!]);
      await kraftTool('kafka-configs', [...b, '--alter', '--entity-type', 'brokers', '--entity-name', String(victim), ...how('follower.replication.throttled.rate=1024')]);
      await kraftTool('kafka-configs', [...b, '--alter', '--entity-type', 'topics', '--entity-name', 'orders', ...how('follower.replication.throttled.replicas=*')]);
    };
    await throttle(true);
    let t2 = 0;
    const peerStates: number[] = [];
    const watchPeers = setInterval(() => void Promise.all(peers.map((id) => readyz(url(id)))).then((rs) => peerStates.push(...rs.map((r) => r.status))), 250);
    try {
      const t0 = Date.now();
      await node(victim).kill();
      expect(await waitForReadyz(url(victim), 503, 'sidecar of a killed broker', 30_000, 'ECONNREFUSED')).toBe(`not ready: broker: connect to ${address}: connect ECONNREFUSED ${address}`);
      console.log(`killed broker ${victim}: its sidecar unready after ${Date.now() - t0} ms`);
      // The controller fences it (broker.session.timeout.ms) and takes it out of every ISR; then 3 MB are written that it lacks.
      await waitFor(`broker ${victim} out of every ISR`, async () => (await describeTopics()).partitions.every((p) => !p.isr.includes(victim)), { timeoutMs: 60_000, intervalMs: 500 });
      console.log(`killed broker ${victim}: out of every ISR after ${Date.now() - t0} ms`);
      const big = 'x'.repeat(200_000);
      for (let n = 0; n < 5; n++) await Promise.all([0, 1, 2].map((p) => producer!.send({ topic: 'orders', acks: -1, messages: [{ partition: p, value: big }, { partition: p, value: big }, { partition: p, value: big }] })));

      const t1 = Date.now();
      await kafka.restart(victim);
      const behind = await waitForCheck(url(victim), 'isr', false, /catching up on/, `restarted broker ${victim} behind`, 90_000);
      const line = (await readyzVerbose(url(victim))).reason;
      console.log(`restarted broker ${victim}: unready catching up ${Date.now() - t1} ms after the restart: ${line}`);
      expect(behind).toMatch(new RegExp(`^broker ${victim} is not in the ISR of [1-3] of its 3 partitions: catching up on orders-\\d(, orders-\\d)*$`));
      expect(await waitForCheck(url(victim), 'registration', true, undefined, `restarted broker ${victim} registered`)).toBe(`broker ${victim} registered and unfenced as INTERNAL://${address}`);
      expect(line).toMatch(/^isr: .*; held back for \d+s, and waits however long catching up takes/);
      // Throttled, it stays behind for a while: a few rounds later, whatever the cluster still has it
      // behind on (a peer's view, which does not lag a restarted broker's) keeps it unready and is named.
      await sleep(3000);
      const later = await readyzVerbose(url(victim));
      const stillBehind = (await describeTopics()).partitions.filter((p) => !p.isr.includes(victim)).map((p) => `${p.topic}-${p.partition}`);
      console.log(`restarted broker ${victim}, 3 s later: ${later.reason}; a peer has it behind on ${stillBehind.join(', ') || 'nothing'}`);
      if (stillBehind.length > 0) {
        expect(later.status).toBe(503);
        for (const name of stillBehind) expect(later.reason).toContain(name);
      }
    } finally {
      t2 = Date.now();
      await throttle(false);
      clearInterval(watchPeers);
    }
    await waitForReadyz(url(victim), 200, `broker ${victim} once the throttle is gone`, 120_000);
    console.log(`restarted broker ${victim}: ready ${Date.now() - t2} ms after lifting the throttle began (two kafka-configs runs)`);
    expect((await describeTopics()).partitions.every((p) => p.isr.includes(victim))).toBe(true);
    // The peers kept their replicas in the ISR all along: the victim left the ISR, they did not.
    console.log(`peers ${peers.join(',')}: ${peerStates.filter((x) => x === 503).length} unready of ${peerStates.length} samples while broker ${victim} was down and catching up`);
    expect(peerStates.length).toBeGreaterThan(10);
    expect(peerStates.every((x) => x === 200)).toBe(true);
  });

  it('the quorum leader killed: its sidecar is unready, the others are ready under a new leader, whose sidecar alone exports the quorum; restarted, it is unready until caught up', { timeout: 240_000 }, async () => {
    await allReady('before the leader\'s crash', controllerIds());
    const before = await quorumStatus(kafka.controllerBootstrap);
    const old = before.leader;
    const others = controllerIds().filter((id) => id !== old);
    const address = node(old).controllerAddress!;
    const othersBootstrap = others.map((id) => node(id).controllerAddress!).join(',');
    const t0 = Date.now();
    await node(old).kill();
    expect(await waitForReadyz(url(old), 503, 'sidecar of the killed leader', 30_000, 'ECONNREFUSED')).toBe(`not ready: controller: connect to ${address}: connect ECONNREFUSED ${address}`);
    console.log(`killed quorum leader ${old}: its sidecar unready after ${Date.now() - t0} ms`);
    // Ready again in a later epoch (until their next round, the sidecars still answer from before the kill).
    const lines = await Promise.all(
      others.map((id) =>
        waitFor(`sidecar ${id} ready under a new leader`, async () => {
          const r = await readyz(url(id));
          const epoch = Number(/\(epoch (\d+)/.exec(r.line)?.[1]);
          return r.status === 200 && epoch > before.epoch ? r.line : undefined;
        }, { timeoutMs: 60_000 }),
      ),
    );
    console.log(`killed quorum leader ${old}: the other controllers' sidecars ready ${Date.now() - t0} ms after the kill`);
    // Asked only now: an admin client asked during the election keeps trying the dead leader until its own timeout.
    const status = await quorumStatus(othersBootstrap);
    expect(others).toContain(status.leader);
    console.log(`killed quorum leader ${old}: new leader ${status.leader} at epoch ${status.epoch}`);
    others.forEach((id, i) => expect(lines[i]).toContain(id === status.leader ? 'leader of the quorum' : `follows leader ${status.leader}`));
    // The quorum series move to the new leader's sidecar; the new leader has never heard from the dead voter.
    const series = await waitFor('the new leader\'s sidecar exporting the quorum', async () => {
      const s = await quorumOf(status.leader);
      return s['kafka_quorum_leader_id'] === status.leader ? s : undefined;
    }, { timeoutMs: 30_000 });
    expect(series['kafka_quorum_leader_epoch']).toBe(status.epoch);
    expect(series[`kafka_quorum_voter_log_end_offset{voter="${old}"}`]).toBe(-1);
    expect(series[`kafka_quorum_voter_lag{voter="${old}"}`]).toBeUndefined();
    for (const id of [...sidecars.keys()].filter((x) => x !== status.leader)) expect(await quorumOf(id)).toEqual({});

    // While it is down the metadata log grows (topics created), so the restarted voter has records to fetch.
    for (let i = 0; i < 10; i++) await kraftTool('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--create', '--topic', `while-down-${i}`, '--partitions', '20', '--replication-factor', '1']);
    const reasons: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const r = await readyzVerbose(url(old)).catch(() => undefined);
        if (r && reasons[reasons.length - 1] !== `${r.status} ${r.reason}`) reasons.push(`${r.status} ${r.reason}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    const t1 = Date.now();
    await kafka.restart(old);
    const ready = await waitForReadyz(url(old), 200, `restarted controller ${old}`, 90_000);
    console.log(`restarted controller ${old}: ready ${Date.now() - t1} ms after the restart began: ${ready}`);
    sampling = false;
    await sampler;
    console.log(`restarted controller ${old}: /readyz went ${reasons.map((r) => JSON.stringify(r.replace(/\(\d+ APIs\)/, '(n APIs)'))).join(' -> ')}`);
    // Never ready before the quorum check passed: every ready line says how far behind the leader it was, within the bounds.
    const m = /voter \d+ follows leader \d+ \(epoch \d+\): (\d+) records behind the high watermark \d+, caught up (\d+\.\d)s ago$/.exec(ready);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeLessThanOrEqual(1000);
    expect(Number(m![2])).toBeLessThanOrEqual(5);
    for (const r of reasons.filter((x) => x.startsWith('200 '))) expect(r).toMatch(/follows leader|leader of the quorum/);
    expect(reasons[0]).toMatch(/^503 controller: connect to/);
  });

  it('a quorum without a majority (two controllers killed) has no leader: the last controller\'s sidecar says so; both back, all ready', { timeout: 180_000 }, async () => {
    await allReady('before the quorum is lost', controllerIds());
    const [survivor, ...killed] = controllerIds();
    const t0 = Date.now();
    await Promise.all(killed.map((id) => node(id).kill()));
    // Kafka's follower goes on naming its last leader; the sidecar says that leader does not answer.
    const reason = await waitForCheck(url(survivor!), 'quorum', false, /no leader/, `controller ${survivor} alone`, 60_000);
    console.log(`quorum lost: controller ${survivor}'s sidecar says "${reason}" ${Date.now() - t0} ms after two of three were killed`);
    expect(reason).toMatch(/^the quorum has no leader: an election is under way, or fewer than a majority of voters are up$|^the quorum leader 100\d the local controller names does not answer on 127\.0\.0\.1:\d+ \(.*(ECONNREFUSED|ECONNRESET|closed the connection).*\): no leader that answers$/);
    expect((await readyz(url(survivor!))).line).toBe(`not ready: quorum: ${reason}`);
    expect(await quorumOf(survivor!)).toEqual({});
    const t1 = Date.now();
    for (const id of killed) await kafka.restart(id);
    await allReady('the quorum back', controllerIds(), 90_000);
    console.log(`quorum back: every controller's sidecar ready ${Date.now() - t1} ms after the restarts began`);
  });
});
