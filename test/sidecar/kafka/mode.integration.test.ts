// Integration: kafka mode against a real ZooKeeper and librdkafka's mock
// cluster as the local broker. The test stands in for the broker's
// registration and the controller's partition state, writing the znodes in
// Kafka's JSON; the registration is ephemeral, owned by its own session.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'node-zookeeper-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKafkaIdentity, type KafkaIdentity } from '../../../agents/lib/kafka-identity.ts';
import { collectPartitions } from '../../../agents/sidecar/kafka/collect.ts';
import { BrokerClient } from '../../../agents/sidecar/kafka/wire/client.ts';
import { startKafkaMock, type KafkaMock } from '../../support/kafka-mock.ts';
import {
  brokerRegistrationJson,
  closeZk,
  connectZk,
  controllerJson,
  createEphemeral,
  ensurePath,
  partitionStateJson,
  putZnode,
  topicAssignmentJson,
} from '../../support/kafka-znodes.ts';
import { startTestSidecar, waitForReadyz } from '../../support/sidecar.ts';
import { waitFor } from '../../support/wait.ts';
import { startLocalEnsemble, type LocalEnsemble } from '../../support/zookeeper.ts';

const SELF = 1;
const CHROOT = '/kafka';
const INTERNAL = 'kafka-1.broker.kafka.svc.cluster.local:9092';
const EXTERNAL = '203.0.113.11:31091';
const ENDPOINTS = [`INTERNAL://${INTERNAL}`, `EXTERNAL://${EXTERNAL}`];
const ASSIGNMENT = { 0: [1, 2, 3], 1: [2, 3, 1], 2: [3, 1, 2], 3: [1, 3, 2] };

describe('kafka mode against real ZooKeeper and a mock broker', () => {
  let dir: string;
  let zk: LocalEnsemble;
  let mock: KafkaMock;
  let admin: Client;
  let brokerSession: Client | undefined;
  let sidecar: Awaited<ReturnType<typeof startTestSidecar>>;
  let bounded: Awaited<ReturnType<typeof startTestSidecar>>;

  const register = async (endpoints: readonly string[]) => {
    if (brokerSession) await closeZk(brokerSession);
    brokerSession = await connectZk(zk.connectString);
    await createEphemeral(brokerSession, `${CHROOT}/brokers/ids/${SELF}`, brokerRegistrationJson({ endpoints, rack: 'zone-b' }));
  };
  const setIsr = (partition: number, isr: number[]) =>
    putZnode(admin, `${CHROOT}/brokers/topics/orders/partitions/${partition}/state`, partitionStateJson(isr[0]!, isr));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecar-kafka-'));
    [zk, mock] = await Promise.all([startLocalEnsemble(dir, 1), startKafkaMock(dir)]);
    await mock.createTopics(['orders', 'events', 'audit']);
    admin = await connectZk(zk.connectString);
    await ensurePath(admin, `${CHROOT}/brokers/ids`);
    await putZnode(admin, `${CHROOT}/controller`, controllerJson(2));
    await putZnode(admin, `${CHROOT}/brokers/topics/orders`, topicAssignmentJson(ASSIGNMENT));
    for (const [p, replicas] of Object.entries(ASSIGNMENT)) await setIsr(Number(p), replicas);
    await register(ENDPOINTS);

    const identity: KafkaIdentity = {
      version: 1,
      brokerId: SELF,
      rack: 'zone-b',
      podName: 'kafka-1',
      advertisedListeners: { INTERNAL, EXTERNAL },
      listenerSecurityProtocolMap: { INTERNAL: 'PLAINTEXT', EXTERNAL: 'PLAINTEXT' },
      interBrokerListenerName: 'INTERNAL',
      endpoints: ENDPOINTS,
      zookeeperConnect: `${zk.connectString}${CHROOT}`,
    };
    const identityFile = join(dir, 'identity.json');
    writeFileSync(identityFile, renderKafkaIdentity(identity));
    const local = mock.brokers.find((b) => b.nodeId === SELF)!;
    const env = {
      SIDECAR_MODE: 'kafka',
      SIDECAR_TARGET: `${local.host}:${local.port}`,
      SIDECAR_IDENTITY_FILE: identityFile,
      SIDECAR_CHECK_INTERVAL: '200ms',
      SIDECAR_CHECK_TIMEOUT: '1s',
      SIDECAR_METRICS_INTERVAL: '1s',
      SIDECAR_ZK_SESSION_TIMEOUT: '4s',
    };
    sidecar = await startTestSidecar(env);
    bounded = await startTestSidecar({ ...env, SIDECAR_ISR_MAX_WAIT: '1s' });
  });

  afterAll(async () => {
    await sidecar?.stop();
    await bounded?.stop();
    if (brokerSession) await closeZk(brokerSession);
    if (admin) await closeZk(admin);
    await mock?.stop();
    await zk?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready when the broker answers, is registered as expected and is in every ISR', async () => {
    const line = await waitForReadyz(sidecar.url, 200, 'kafka sidecar');
    expect(line).toContain('broker answers ApiVersions');
    expect(line).toContain(`registered as ${ENDPOINTS.join(',')}`);
    expect(line).toContain('in the ISR of all 4 partitions');
  });

  it('exports its broker identity and exactly the partitions its broker leads', async () => {
    const text = await waitFor('a cluster-metrics collection', async () => {
      const t = await (await fetch(`${sidecar.url}/metrics`)).text();
      return t.includes('sidecar_check_success{check="cluster_partitions"} 1') ? t : undefined;
    });
    expect(text).toContain(`kafka_broker_info{broker_id="1",pod="kafka-1",rack="zone-b",internal="${INTERNAL}",external="${EXTERNAL}"} 1`);
    const exported = text
      .split('\n')
      .filter((l) => l.startsWith('kafka_topic_partition_leader{'))
      .map((l) => /topic="([^"]+)",partition="(\d+)"\} (-?\d+)/.exec(l)!.slice(1).join('/'));
    const meta = await mock.metadata();
    const led = meta.topics
      .filter((t) => !t.name.startsWith('__'))
      .flatMap((t) => t.partitions.filter((p) => p.leader === SELF).map((p) => `${t.name}/${p.partition}/${SELF}`));
    expect(exported.sort()).toEqual(led.sort());
    for (const l of led) {
      const [topic, partition] = l.split('/');
      expect(text).toMatch(new RegExp(`kafka_topic_partition_current_offset\\{topic="${topic}",partition="${partition}"\\} \\d+`));
    }
  });

  it('sidecars of every mock broker export disjoint partition series whose union is every partition', async () => {
    const clients = mock.brokers.map((b) => new BrokerClient(b));
    try {
      const shards = await Promise.all(
        mock.brokers.map((b, i) =>
          collectPartitions(
            {
              local: clients[i]!,
              self: b.nodeId,
              topics: { include: /^(?:.*)$/, exclude: /^(?:__.*)$/ },
              groups: { include: /^(?:.*)$/, exclude: /^(?!)$/ },
              maxPartitions: 20_000,
              clientFor: () => clients[i]!,
            },
            AbortSignal.timeout(10_000),
          ),
        ),
      );
      const names = shards.map((s) => s.partitions.map((p) => `${p.topic}-${p.partition}`));
      const union = names.flat();
      const meta = await mock.metadata();
      const all = meta.topics.filter((t) => !t.name.startsWith('__')).flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partition}`));
      expect(new Set(union).size).toBe(union.length);
      expect(union.sort()).toEqual(all.sort());
      expect(shards.every((s) => s.partitions.every((p) => p.current !== undefined && p.oldest !== undefined))).toBe(true);
      expect(shards.filter((s) => s.brokerCount !== undefined).map((s) => s.brokerCount)).toEqual([3]);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('is unready when the registration is gone (its session closed), naming the znode', async () => {
    await closeZk(brokerSession!);
    brokerSession = undefined;
    const line = await waitForReadyz(sidecar.url, 503, 'kafka sidecar without registration');
    expect(line).toBe(`not ready: registration: /brokers/ids/${SELF} does not exist: broker ${SELF} is not registered in ZooKeeper`);
  });

  it('is unready when the broker registered other endpoints, naming the wrong name', async () => {
    await register([`INTERNAL://kafka-1.wrong.kafka.svc.cluster.local:9092`, `EXTERNAL://${EXTERNAL}`]);
    const wrong = `registered INTERNAL://kafka-1.wrong.kafka.svc.cluster.local:9092 but expected INTERNAL://${INTERNAL}`;
    const line = await waitForReadyz(sidecar.url, 503, 'kafka sidecar with a wrong registration', 30_000, wrong);
    expect(line).toBe(`not ready: registration: /brokers/ids/${SELF} ${wrong}`);
    await register(ENDPOINTS);
    await waitForReadyz(sidecar.url, 200, 'kafka sidecar registered again');
  });

  it('is unready while out of one partition\'s ISR, ready when back; the bound lets the other through', async () => {
    await setIsr(2, [3, 2]);
    const behind = `broker ${SELF} is not in the ISR of 1 of its 4 partitions: orders-2`;
    const line = await waitForReadyz(sidecar.url, 503, 'kafka sidecar out of ISR', 30_000, behind);
    expect(line).toBe(`not ready: isr: ${behind}`);
    const boundedLine = await waitForReadyz(bounded.url, 200, 'sidecar with SIDECAR_ISR_MAX_WAIT=1s', 30_000, 'ready anyway');
    expect(boundedLine).toContain(`more than SIDECAR_ISR_MAX_WAIT allows, so ready anyway (${behind})`);
    expect((await fetch(`${sidecar.url}/readyz`)).status).toBe(503);
    await setIsr(2, [3, 1, 2]);
    await waitForReadyz(sidecar.url, 200, 'kafka sidecar back in ISR');
  });

  it('is unready without ZooKeeper and ready again, with fresh reads, once it is back', { timeout: 120_000 }, async () => {
    await zk.nodes[0]!.proc.stop();
    const line = await waitForReadyz(sidecar.url, 503, 'kafka sidecar without ZooKeeper', 30_000, 'registration: ');
    expect(line).toMatch(/^not ready: registration: (no ZooKeeper session to 127\.0\.0\.1:\d+\/kafka|ZooKeeper read of \/brokers\/ids\/1 failed: CONNECTION_LOSS|check registration timed out)/);
    zk.nodes[0]!.start();
    await zk.waitForQuorum();
    // The test's own admin session may have expired during the outage; the sidecar must cope alone.
    await closeZk(admin);
    admin = await connectZk(zk.connectString);
    // The old broker session may have expired meanwhile, or be restored with its node: either way, register anew.
    await waitFor('the broker registered again', () => register(ENDPOINTS).then(() => true, () => false), { timeoutMs: 30_000, intervalMs: 500 });
    await setIsr(0, [2, 3]);
    await waitForReadyz(sidecar.url, 503, 'kafka sidecar reading the ISR after the outage', 30_000, 'orders-0');
    await setIsr(0, ASSIGNMENT[0]);
    await waitForReadyz(sidecar.url, 200, 'kafka sidecar with ZooKeeper back', 30_000);
  });

  it('is unready when the broker\'s port is closed', async () => {
    await mock.stop();
    const line = await waitForReadyz(sidecar.url, 503, 'kafka sidecar without a broker', 30_000, 'not ready: broker: ');
    expect(line).toMatch(/^not ready: broker: .*(ECONNREFUSED|closed)/);
  });
});
