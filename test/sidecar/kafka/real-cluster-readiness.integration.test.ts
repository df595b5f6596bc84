// Integration: kafka-mode readiness on a real cluster. Three Kafka 3.9 brokers on a real 1-node ZooKeeper,
// one sidecar beside each, and what a rolling restart relies on: a sidecar is ready only while its broker
// answers, is registered with identity.json's endpoint and is in the ISR of every partition it replicates.
// The outages are real: a follower stopped (SIGSTOP) until its leader drops it from the ISR, a broker
// killed, a broker restarted behind a partition that has no leader, a broker advertising another address
// than identity.json, and ZooKeeper itself stopped and started again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'node-zookeeper-client';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLogsIfFailed } from '../../support/failure-logs.ts';
import { kafkaToolOk, readRegistration, renderProperties, startBroker, testBrokerDefaults, waitRegistered, type KafkaBroker, type LocalKafkaCluster } from '../../support/kafka.ts';
import { closeZk, connectZk } from '../../support/kafka-znodes.ts';
import { freePort } from '../../support/ports.ts';
import { readyz, startTestSidecar, waitForReadyz } from '../../support/sidecar.ts';
import { sleep, waitFor } from '../../support/wait.ts';
import { startLocalEnsemble, type LocalEnsemble } from '../../support/zookeeper.ts';
import { parseTopicsDescribe } from './kafka-tool-output.ts';
import {
  SIDECAR_TEST_ENV,
  controllerId,
  endpointOf,
  readyzVerbose,
  internalListener,
  replicasOf,
  startInternalCluster,
  startSidecarFor,
  waitForCheck,
  writeIdentity,
  zkPartitions,
  type TestSidecar,
  type ZkPartition,
} from './real-cluster.ts';

const IDS = [1, 2, 3] as const;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sortParts = <T extends { topic: string; partition: number }>(ps: readonly T[]) =>
  [...ps].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
const TOPICS = ['orders', 'stuck'];
/** The brokers' ZooKeeper session timeout. */
const SESSION_MS = 18_000;
/** A topic on brokers 2 and 3 only (2 leads): with both gone, it has no leader to catch up from. */
const STUCK = { topic: 'stuck', assignment: '2:3' };

describe('kafka-mode readiness on a real 3-broker cluster', () => {
  let dir: string;
  let zk: LocalEnsemble;
  let kafka: LocalKafkaCluster;
  const sidecars = new Map<number, TestSidecar>();
  /** Beside broker 3 too, but with SIDECAR_ISR_MAX_WAIT=2s. */
  let bounded: TestSidecar;
  const extra: Array<{ broker?: KafkaBroker; sidecar?: TestSidecar }> = [];
  let producer: Producer | undefined;

  const url = (id: number) => sidecars.get(id)!.url;
  const withZk = async <T>(use: (c: Client) => Promise<T>): Promise<T> => {
    const c = await connectZk(zk.connectString, 10_000);
    try {
      return await use(c);
    } finally {
      await closeZk(c);
    }
  };
  const broker = (id: number) => kafka.brokers.find((b) => b.id === id)!;
  const partitions = () => withZk((c) => zkPartitions(c, kafka.chroot, TOPICS));
  const allReady = (what: string, timeoutMs = 90_000) => Promise.all(IDS.map((id) => waitForReadyz(url(id), 200, `${what}: sidecar ${id}`, timeoutMs)));

  // node-zookeeper-client keeps every distinct watcher function until its znode changes, and warns past
  // 10 on one znode: a sidecar that passed a new function each round would pile them up.
  const watcherWarnings: string[] = [];
  const onWarning = (w: Error) => {
    if (w.name === 'MaxListenersExceededWarning' && w.message.includes('notification listeners')) watcherWarnings.push(w.message);
  };

  beforeAll(async () => {
    process.on('warning', onWarning);
    dir = mkdtempSync(join(tmpdir(), 'sidecar-real-readiness-'));
    zk = await startLocalEnsemble(dir, 1);
    kafka = await startInternalCluster(dir, zk.connectString, {
      // A follower that has not caught up for 3 s leaves the ISR (the leader checks every 1.5 s) ...
      'replica.lag.time.max.ms': 3000,
      // ... well before its ZooKeeper session expires; a killed broker's registration lasts as long.
      'zookeeper.session.timeout.ms': SESSION_MS,
    });
    producer = new Kafka({ clientId: 'readiness-test', brokers: kafka.bootstrap.split(','), logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const b = ['--bootstrap-server', kafka.bootstrap];
    await kafkaToolOk('kafka-topics', [...b, '--create', '--topic', 'orders', '--partitions', '3', '--replication-factor', '3']);
    await kafkaToolOk('kafka-topics', [...b, '--create', '--topic', STUCK.topic, '--replica-assignment', STUCK.assignment]);
    for (const id of IDS) sidecars.set(id, await startSidecarFor(kafka, dir, id));
    bounded = await startSidecarFor(kafka, dir, 3, { SIDECAR_ISR_MAX_WAIT: '2s' });
  });

  afterAll(async (suite) => {
    process.off('warning', onWarning);
    const all = [...sidecars.entries(), [0, bounded] as const, ...extra.map((e, i) => [100 + i, e.sidecar] as const)];
    for (const [id, s] of all) {
      if (!s) continue;
      await s.stop();
      if (dir) writeFileSync(join(dir, `sidecar-${id}.log`), s.lines.join(''));
    }
    await producer?.disconnect().catch(() => undefined);
    for (const e of extra) await e.broker?.stop();
    await kafka?.stop();
    await zk?.stop();
    keepLogsIfFailed(suite, __filename, dir);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each sidecar is ready with its broker answering, registered as identity.json says and in the ISR of every partition it replicates', async () => {
    const lines = await allReady('a fresh cluster');
    const described = parseTopicsDescribe(await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--describe', '--topic', TOPICS.join('|')]));
    // What the test reads in ZooKeeper below is what Kafka's own tool shows.
    expect(sortParts(described.partitions).map(({ topic, partition, replicas, isr }) => ({ topic, partition, replicas, isr }))).toEqual(
      (await partitions()).map(({ topic, partition, replicas, isr }) => ({ topic, partition, replicas, isr })),
    );
    IDS.forEach((id, i) => {
      const mine = described.partitions.filter((p) => p.replicas.includes(id));
      expect(mine.every((p) => p.isr.includes(id))).toBe(true);
      const { host, port } = kafka.address(id);
      expect(lines[i]).toBe(
        `ready: broker answers ApiVersions on ${host}:${port} (${lines[i]!.match(/\((\d+) APIs\)/)![1]} APIs); ` +
          `broker ${id} registered as ${endpointOf(kafka, id)}; in the ISR of all ${mine.length} partitions it replicates`,
      );
    });
  });

  it('ZooKeeper stopped: every sidecar is unready; ZooKeeper back: ready again, and it sees changes made after', { timeout: 180_000 }, async () => {
    await allReady('before the ZooKeeper outage');
    await zk.nodes[0]!.proc.stop();
    for (const id of IDS) {
      const line = await waitForReadyz(url(id), 503, `sidecar ${id} without ZooKeeper`, 60_000, 'registration: ');
      expect(line).toMatch(/^not ready: registration: (no ZooKeeper session to 127\.0\.0\.1:\d+\/kafka|ZooKeeper read of \/brokers\/ids\/\d failed: CONNECTION_LOSS|check registration timed out)/);
    }
    zk.nodes[0]!.start();
    await zk.waitForQuorum();
    await allReady('ZooKeeper back', 120_000);
    // The watches set before the outage are gone with its connection: a partition added now must still be counted.
    const count = (await partitions()).filter((p) => p.topic === 'orders').length;
    await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--alter', '--topic', 'orders', '--partitions', String(count + 1)]);
    await waitFor('the new partition in ZooKeeper with its full ISR', async () => {
      const p = (await partitions()).find((x) => x.topic === 'orders' && x.partition === count);
      return p !== undefined && p.isr.length === p.replicas.length;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    const parts = await partitions();
    for (const id of IDS) {
      const n = replicasOf(parts, id).mine.length;
      await waitForReadyz(url(id), 200, `sidecar ${id} counting the new partition`, 60_000, `in the ISR of all ${n} partitions`);
    }
  });

  it('a follower stopped past replica.lag.time.max.ms leaves the ISR and its sidecar is unready; resumed, it is back in the ISR and ready', { timeout: 180_000 }, async () => {
    await allReady('before the pause');
    const controller = await withZk((c) => controllerId(c, kafka.chroot));
    const before = await partitions();
    // Not the controller (it writes the ISR change), and a follower of at least one partition.
    const id = [...IDS].reverse().find((i) => i !== controller && before.some((p) => p.replicas.includes(i) && p.leader !== i))!;
    const followed = before.filter((p) => p.replicas.includes(id) && p.leader !== id);
    const expected = followed.map((p) => `${p.topic}-${p.partition}`);
    const paused = broker(id);
    paused.pause();
    // A follower leaves the ISR only when it falls behind: an idle partition keeps it "caught up".
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        await Promise.all(followed.map((p) => producer!.send({ topic: p.topic, acks: 1, messages: [{ partition: p.partition, value: `while ${id} is stopped: ${n}` }] })));
        await sleep(200);
      }
    })();
    try {
      const behind = await waitFor(`broker ${id} out of the ISR of ${expected.join(', ')} in ZooKeeper`, async () => {
        const b = replicasOf(await partitions(), id).behind;
        return expected.every((n) => b.includes(n)) ? b : undefined;
      }, { timeoutMs: 60_000, intervalMs: 200 });
      // On a loaded machine a leader may have moved since `before` (the previous test restarted ZooKeeper),
      // so the partitions behind are read from ZooKeeper rather than assumed.
      expect(behind).toEqual(expect.arrayContaining(expected));
      const reason = await waitForCheck(url(id), 'isr', false, new RegExp(`of ${behind.length} of its`), `sidecar ${id} of a stopped follower`);
      expect(reason).toBe(`broker ${id} is not in the ISR of ${behind.length} of its ${replicasOf(before, id).mine.length} partitions: catching up on ${behind.join(', ')}`);
      const line = (await readyz(url(id))).line;
      console.log(`sidecar ${id} while its broker is stopped: ${line}`);
      expect(line).toMatch(/^not ready: /);
      // Still registered: the pause is shorter than the broker's session.
      expect(await withZk((c) => readRegistration(c, kafka.chroot, id))).toBeDefined();
      // The leaders' sidecars stay ready: they are in every ISR they belong to.
      for (const other of IDS.filter((i) => i !== id)) expect((await readyz(url(other))).status).toBe(200);
    } finally {
      writing = false;
      paused.resume();
      await writer;
    }
    await waitForReadyz(url(id), 200, `sidecar ${id} after its broker resumed`, 60_000);
    expect(replicasOf(await partitions(), id).behind).toEqual([]);
  });

  it('a follower behind a live leader stays unready past SIDECAR_ISR_MAX_WAIT: waiting helps, so the roll waits', { timeout: 240_000 }, async () => {
    await allReady('before the throttled follower');
    const before = await partitions();
    const followed = before.filter((p) => p.topic === 'orders' && p.leader !== 3);
    expect(followed.length).toBeGreaterThan(0);
    const names = followed.map((p) => `${p.topic}-${p.partition}`);
    // Replication to broker 3 throttled to 1 KiB/s once it is out of the ISR (an in-sync replica is never throttled) ...
    const b = ['--bootstrap-server', kafka.bootstrap];
    const throttle = async (on: boolean) => {
      const how = (config: string) => (on ? ['--add-config', config] : ['--delete-config', config.split('=')[0]!]);
      await kafkaToolOk('kafka-configs', [...b, '--alter', '--entity-type', 'brokers', '--entity-name', '3', ...how('follower.replication.throttled.rate=1024')]);
      await kafkaToolOk('kafka-configs', [...b, '--alter', '--entity-type', 'topics', '--entity-name', 'orders', ...how('follower.replication.throttled.replicas=*')]);
    };
    await throttle(true);
    try {
      // ... so 3 MB written to its partitions while it is stopped keep it behind, answering and registered, after it resumes.
      broker(3).pause();
      try {
        const big = 'x'.repeat(200_000);
        for (let n = 0; n < 15; n++) await Promise.all(followed.map((p) => producer!.send({ topic: p.topic, acks: 1, messages: [{ partition: p.partition, value: big }] })));
        await waitFor('broker 3 out of the ISR it follows', async () => replicasOf(await partitions(), 3).behind.length >= names.length, { timeoutMs: 60_000, intervalMs: 200 });
      } finally {
        broker(3).resume();
      }
      await waitForCheck(bounded.url, 'broker', true, undefined, 'broker 3 answering again');
      // Held past twice the 2 s bound, the broker answering and registered all along: still unready, saying why and for how long.
      const line = await waitForReadyz(bounded.url, 503, 'bounded sidecar behind a live leader', 60_000, 'catching up on');
      await sleep(5000);
      const later = await readyzVerbose(bounded.url);
      expect(later.status).toBe(503);
      expect(later.checks.filter((c) => c.check !== 'isr').every((c) => c.ok)).toBe(true);
      expect(later.reason).toMatch(/^isr: broker 3 is not in the ISR of \d+ of its \d+ partitions: catching up on [^;]+; held back for (\d+)s, and waits however long catching up takes/);
      expect(Number(later.reason.match(/held back for (\d+)s/)![1])).toBeGreaterThanOrEqual(5);
      for (const n of names) expect(later.reason).toContain(n);
      console.log(`bounded sidecar behind a live leader: ${line}`);
    } finally {
      await throttle(false);
    }
    await waitForReadyz(bounded.url, 200, 'bounded sidecar once the throttle is gone', 120_000);
    await waitForReadyz(url(3), 200, 'sidecar 3 once the throttle is gone', 120_000);
  });

  it('a killed broker is unready until it is back and registered; restarted behind a partition without a leader, the ISR holds it back; SIDECAR_ISR_MAX_WAIT releases it, since waiting cannot help', { timeout: 240_000 }, async () => {
    await allReady('before the crash');
    await broker(3).kill();
    const line = await waitForReadyz(url(3), 503, 'sidecar of a killed broker', 30_000, 'ECONNREFUSED');
    expect(line).toBe(`not ready: broker: connect to 127.0.0.1:${kafka.address(3).port}: connect ECONNREFUSED 127.0.0.1:${kafka.address(3).port}`);
    // SIDECAR_ISR_MAX_WAIT bounds only the ISR: a broker that does not answer is not ready, however long.
    expect(await waitForReadyz(bounded.url, 503, 'bounded sidecar of a killed broker', 30_000, 'ECONNREFUSED')).toBe(line);
    // Its registration lasts until its ZooKeeper session expires; only then can it register again.
    expect(await waitForCheck(url(3), 'registration', false, /does not exist/, 'sidecar 3 once the session expired', SESSION_MS + 60_000)).toBe(
      '/brokers/ids/3 does not exist: broker 3 is not registered in ZooKeeper',
    );
    await waitFor('the controller to drop broker 3 from the ISR of stuck-0', async () => (await partitions()).find((p) => p.topic === 'stuck')?.isr.join() === '2', { timeoutMs: 60_000, intervalMs: 200 });

    // Broker 2 stopped too: stuck-0 (ISR [2]) has no leader, so broker 3 cannot catch up on it.
    await broker(2).stop();
    await waitFor('stuck-0 without a leader', async () => (await partitions()).find((p) => p.topic === 'stuck')?.leader === -1, { timeoutMs: 60_000, intervalMs: 200 });
    await kafka.restart(3);
    const behind = `broker 3 is not in the ISR of 1 of its ${replicasOf(await partitions(), 3).mine.length} partitions: cannot catch up on stuck-0 (no leader: offline)`;
    expect(await waitForReadyz(url(3), 503, 'sidecar 3 registered but out of the ISR', 60_000, behind)).toMatch(
      new RegExp(`^not ready: isr: ${escape(behind)}; held back for \\d+s; SIDECAR_ISR_MAX_WAIT=0s waits without limit$`),
    );
    expect(await waitForCheck(url(3), 'registration', true, undefined, 'sidecar 3 registered again')).toBe(`broker 3 registered as ${endpointOf(kafka, 3)}`);
    // Waiting cannot help stuck-0 (its only other replica is down): SIDECAR_ISR_MAX_WAIT=2s releases it, naming the partition and why.
    const boundedLine = await waitForReadyz(bounded.url, 200, 'sidecar with SIDECAR_ISR_MAX_WAIT=2s', 60_000, 'waiting could not help');
    expect(boundedLine).toMatch(new RegExp(`; ready although out of the ISR: for \\d+s, past SIDECAR_ISR_MAX_WAIT, waiting could not help \\(${escape(behind)}\\)$`));
    expect((await readyz(url(3))).status).toBe(503);

    // Broker 2 back: it leads stuck-0 again, 3 catches up, and only then is its sidecar ready.
    await kafka.restart(2);
    await waitForReadyz(url(3), 200, 'sidecar 3 with stuck-0 led again', 90_000);
    expect(replicasOf(await partitions(), 3).behind).toEqual([]);
    await allReady('after both restarts');
  });

  it('a broker that advertises another address than identity.json is unready, and the reason names both', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const id = 7;
    const chroot = '/wrong-listener';
    const brokerDir = join(dir, `broker-${id}`);
    mkdirSync(join(brokerDir, 'data'), { recursive: true });
    const file = join(brokerDir, 'server.properties');
    const props = renderProperties({ ...testBrokerDefaults(1), 'broker.id': id, 'log.dirs': join(brokerDir, 'data'), 'zookeeper.connect': `${zk.connectString}${chroot}` });
    writeFileSync(file, `${props}${internalListener(`127.0.0.1:${port}`, `localhost:${port}`)}\n`);
    const e: (typeof extra)[number] = {};
    extra.push(e);
    e.broker = startBroker({ id, propertiesFile: file, logFile: join(brokerDir, 'broker.log') });
    await waitRegistered(zk.connectString, chroot, [id], { brokers: [e.broker] });
    const identity = writeIdentity(join(dir, `identity-${id}.json`), id, `127.0.0.1:${port}`, `${zk.connectString}${chroot}`);
    e.sidecar = await startTestSidecar({ ...SIDECAR_TEST_ENV, SIDECAR_TARGET: `127.0.0.1:${port}`, SIDECAR_IDENTITY_FILE: identity });
    const wrong = `registered INTERNAL://localhost:${port} but expected INTERNAL://127.0.0.1:${port}`;
    const line = await waitForReadyz(e.sidecar.url, 503, 'sidecar of a broker advertising localhost', 60_000, wrong);
    expect(line).toBe(`not ready: registration: /brokers/ids/${id} ${wrong}`);
    // The broker itself answers on the address the sidecar was given.
    expect(await waitForCheck(e.sidecar.url, 'broker', true, undefined, 'the wrong-listener broker answering')).toContain(`127.0.0.1:${port}`);
  });

  it('a zookeeper.connect that is a Kafka broker\'s port is "no ZooKeeper session", never a crash or a session', { timeout: 120_000 }, async () => {
    const { host, port } = kafka.address(1);
    const identity = writeIdentity(join(dir, 'identity-zk-is-kafka.json'), 1, `${host}:${port}`, `${host}:${port}`);
    const e: (typeof extra)[number] = {};
    extra.push(e);
    e.sidecar = await startTestSidecar({ ...SIDECAR_TEST_ENV, SIDECAR_TARGET: `${host}:${port}`, SIDECAR_IDENTITY_FILE: identity });
    const none = `no ZooKeeper session to ${host}:${port}`;
    expect(await waitForCheck(e.sidecar.url, 'registration', false, /ZooKeeper/, 'sidecar told a broker is ZooKeeper')).toBe(none);
    // Past two of its session timeouts (4 s): the client was replaced, and still no session; the sidecar serves on.
    await sleep(9000);
    const v = await readyzVerbose(e.sidecar.url);
    expect(v.status).toBe(503);
    expect(v.checks.find((c) => c.check === 'registration')?.reason).toBe(none);
    expect(v.checks.find((c) => c.check === 'isr')?.reason).toBe(none);
    expect(v.checks.find((c) => c.check === 'broker')?.ok).toBe(true);
    expect((await fetch(`${e.sidecar.url}/healthz`)).status).toBe(200);
    expect(e.sidecar.lines.join('')).toContain('no ZooKeeper session for 4000 ms');
    expect(e.sidecar.lines.join('')).not.toContain('ZooKeeper session connected');
  });

  it('keeps one ZooKeeper watcher per znode however many rounds of checks run', async () => {
    await allReady('a steady cluster');
    await sleep(20 * 250); // 20 more rounds at SIDECAR_CHECK_INTERVAL=250ms, the registrations unchanged
    expect(watcherWarnings).toEqual([]);
  });
});
