// The real-broker fixture itself: Kafka 3.9 from Maven Central on the real ZooKeeper fixture. It starts
// 3 brokers from its own files, waits for their registrations, runs Kafka's own tools against them, and
// stops exactly the processes it started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeZk, connectZk } from './kafka-znodes.ts';
import { kafkaToolOk, readRegistration, startLocalKafkaCluster, type LocalKafkaCluster } from './kafka.ts';
import { keepLogsIfFailed } from './failure-logs.ts';
import { KAFKA_ZK_VERSION, kafkaHome } from './versions.ts';
import { startLocalEnsemble, type LocalEnsemble } from './zookeeper.ts';
import { waitFor } from './wait.ts';

describe(`a real Kafka ${KAFKA_ZK_VERSION} cluster of 3 brokers`, () => {
  let dir: string;
  let zk: LocalEnsemble;
  let kafka: LocalKafkaCluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-fixture-'));
    zk = await startLocalEnsemble(dir, 1);
    kafka = await startLocalKafkaCluster(dir, { size: 3, zookeeper: zk.connectString });
  });

  afterAll(async (suite) => {
    await kafka?.stop();
    await zk?.stop();
    keepLogsIfFailed(suite, __filename, dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('installed the pinned version with a launcher for every tool', () => {
    expect(kafkaHome()).toContain(`.cache/kafka/${KAFKA_ZK_VERSION}`);
  });

  it('registers each broker with the endpoint its file advertises', async () => {
    const c = await connectZk(zk.connectString);
    try {
      for (const b of kafka.brokers) {
        const { port } = kafka.address(b.id);
        expect((await readRegistration(c, kafka.chroot, b.id))?.endpoints).toEqual([`PLAINTEXT://127.0.0.1:${port}`]);
      }
    } finally {
      await closeZk(c);
    }
  });

  it("creates, describes, writes and reads a topic with Kafka's own tools", async () => {
    const b = ['--bootstrap-server', kafka.bootstrap];
    await kafkaToolOk('kafka-topics', [...b, '--create', '--topic', 'fixture', '--partitions', '3', '--replication-factor', '3']);
    const described = await kafkaToolOk('kafka-topics', [...b, '--describe', '--topic', 'fixture']);
    expect(described).toMatch(/PartitionCount: 3\s+ReplicationFactor: 3/);
    await kafkaToolOk('kafka-console-producer', [...b, '--topic', 'fixture'], { input: 'a\nb\nc\n' });
    const offsets = await kafkaToolOk('kafka-get-offsets', [...b, '--topic', 'fixture']);
    const total = offsets.trim().split('\n').reduce((n, l) => n + Number(l.split(':')[2]), 0);
    expect(total).toBe(3);
    const read = await kafkaToolOk('kafka-console-consumer', [...b, '--topic', 'fixture', '--from-beginning', '--max-messages', '3', '--timeout-ms', '20000']);
    expect(read.trim().split('\n').sort()).toEqual(['a', 'b', 'c']);
  });

  it('stops a broker (its registration goes) and restarts it on its own volume', async () => {
    const c = await connectZk(zk.connectString);
    try {
      await kafka.brokers[2]!.stop();
      expect(kafka.brokers[2]!.running()).toBe(false);
      await waitFor('the registration to go', async () => (await readRegistration(c, kafka.chroot, 3)) === undefined);
      await kafka.restart(3);
      expect(await readRegistration(c, kafka.chroot, 3)).toBeDefined();
    } finally {
      await closeZk(c);
    }
  });
});
