// Integration: one combined KRaft node (process.roles=broker,controller, Kafka 4.3.1), as the small
// counterpart of dev-small runs it. Its sidecar runs the broker's checks and the controller's on the one
// server.properties, is ready only when both are, and, the node being the quorum's only voter and so its
// leader, exports the broker's series and the quorum's. The whole /metrics text is a golden file, with
// the values that move on their own (ports, the metadata log's offsets, check durations)
// normalized.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLogsIfFailed } from '../../../support/failure-logs.ts';
import { expectGolden } from '../../../support/golden.ts';
import { startLocalKraftCluster, type LocalKraftCluster } from '../../../support/kraft.ts';
import { waitForReadyz } from '../../../support/sidecar.ts';
import { waitFor } from '../../../support/wait.ts';
import { kraftTool, normalizeMetrics, startSidecarForNode, type TestSidecar } from './real-kraft.ts';

describe('kraft mode on a real combined Kafka 4.3.1 node', () => {
  let dir: string;
  let kafka: LocalKraftCluster;
  let sidecar: TestSidecar;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecar-kraft-combined-'));
    kafka = await startLocalKraftCluster(dir, { controllers: 1, combined: true, listener: 'INTERNAL' });
    await kraftTool('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--create', '--topic', 'orders', '--partitions', '2', '--replication-factor', '1']);
    const client = new Kafka({ clientId: 'kraft-combined-test', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING });
    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic: 'orders', acks: -1, messages: [0, 0, 0, 1].map((partition, i) => ({ partition, value: `m${i}` })) });
    await producer.disconnect();
    sidecar = await startSidecarForNode(kafka.nodes[0]!, { SIDECAR_TOPIC_EXCLUDE: '__.*' });
  }, 300_000);

  afterAll(async (suite) => {
    await sidecar?.stop();
    if (dir && sidecar) writeFileSync(join(dir, 'sidecar.log'), sidecar.lines.join(''));
    await kafka?.stop();
    keepLogsIfFailed(suite, __filename, dir);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is ready as a broker and as the quorum\'s leader, in one line', async () => {
    const n = kafka.nodes[0]!;
    const line = await waitForReadyz(sidecar.url, 200, 'the combined node', 60_000);
    expect(line.replace(/\(\d+ APIs\)/g, '(n APIs)').replace(/high watermark \d+/, 'high watermark n')).toBe(
      `ready: broker answers ApiVersions on ${n.clientAddress} (n APIs); broker 1000 registered and unfenced as INTERNAL://${n.clientAddress}; ` +
        `in the ISR of all 2 partitions it replicates; controller answers ApiVersions on ${n.controllerAddress} (n APIs); leader of the quorum (epoch 1, high watermark n, voters 1000)`,
    );
  });

  it('serves the broker\'s series and the quorum\'s: the golden /metrics text', async () => {
    const text = await waitFor('the partitions and the quorum in /metrics', async () => {
      const t = await (await fetch(`${sidecar.url}/metrics`)).text();
      return t.includes('kafka_topic_partition_current_offset{topic="orders",partition="0"} 3') && t.includes('kafka_quorum_leader_id 1000') ? t : undefined;
    });
    const n = kafka.nodes[0]!;
    expectGolden('sidecar/kraft-combined.metrics.txt', normalizeMetrics(text, [n.clientAddress!, n.controllerAddress!].map((a) => a.split(':')[1]!)));
  });
});
