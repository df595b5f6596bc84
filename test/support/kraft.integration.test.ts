// The KRaft fixture itself: Kafka 4.x from Maven Central, 3 controllers and 3 brokers formatted with
// Kafka's own storage tool, and one combined node. It checks that the quorum forms with every voter, that
// brokers serve topics, and that a killed node comes back on its own volume.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLogsIfFailed } from './failure-logs.ts';
import { kafkaToolOk } from './kafka.ts';
import { startLocalKraftCluster, type LocalKraftCluster } from './kraft.ts';
import { KAFKA_KRAFT_VERSION } from './versions.ts';

const version = KAFKA_KRAFT_VERSION;

describe(`a real Kafka ${version} KRaft cluster of 3 controllers and 3 brokers`, () => {
  let dir: string;
  let kafka: LocalKraftCluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kraft-fixture-'));
    kafka = await startLocalKraftCluster(dir, { controllers: 3, brokers: 3 });
  }, 240_000);

  afterAll(async (suite) => {
    await kafka?.stop();
    keepLogsIfFailed(suite, __filename, dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('formats every volume for the one cluster id and its own node id', () => {
    for (const n of kafka.nodes) {
      const meta = readFileSync(join(n.propertiesFile, '..', 'data', 'meta.properties'), 'utf8');
      expect(meta).toContain(`cluster.id=${kafka.clusterId}`);
      expect(meta).toContain(`node.id=${n.id}`);
    }
  });

  it('forms a quorum of the three controllers with a leader', async () => {
    const out = await kafkaToolOk('kafka-metadata-quorum', ['--bootstrap-controller', kafka.controllerBootstrap, 'describe', '--status'], { version });
    expect(out).toMatch(/LeaderId:\s+100[0-2]/);
    expect(out).toMatch(/CurrentVoters:.*"id":\s*1000.*"id":\s*1001.*"id":\s*1002/s);
  });

  it('serves a replicated topic on the brokers, and a killed broker comes back', async () => {
    await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--create', '--topic', 't', '--partitions', '3', '--replication-factor', '3'], { version });
    const b = kafka.brokers[0]!;
    await b.kill();
    await kafka.restart(b.id);
    const out = await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--describe', '--topic', 't'], { version });
    expect(out.match(/Partition: \d/g)).toHaveLength(3);
    expect(out).toMatch(/Replicas: [1-3],[1-3],[1-3]/);
  });
});

describe(`a real Kafka ${version} combined node`, () => {
  let dir: string;
  let kafka: LocalKraftCluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kraft-combined-'));
    kafka = await startLocalKraftCluster(dir, { controllers: 1, combined: true });
  }, 180_000);

  afterAll(async (suite) => {
    await kafka?.stop();
    keepLogsIfFailed(suite, __filename, dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is controller and broker in one process', async () => {
    expect(kafka.brokers.map((n) => n.id)).toEqual([1000]);
    expect(kafka.controllers.map((n) => n.id)).toEqual([1000]);
    const out = await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--create', '--topic', 'c', '--partitions', '1', '--replication-factor', '1'], { version });
    expect(out).toContain('Created topic c');
  });
});
