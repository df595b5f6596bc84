// The canary bundle against a real Kafka 4.3.1 KRaft cluster of 3 combined nodes: kafkajs 2.2.4 speaks
// to a 4.x broker (KIP-896 removed old request versions in 4.0; every version kafkajs picks is still
// served), creates the topic with RF 3 and min.insync.replicas 2, and loses nothing when a node is
// killed (-9) and restarted mid-run.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canaryJobEnv, lastLine, startCanaryProcess } from '../support/canary.ts';
import { scratchDir } from '../support/scratch-dir.ts';
import { kafkaToolOk } from '../support/kafka.ts';
import { startLocalKraftCluster, type LocalKraftCluster } from '../support/kraft.ts';
import { KAFKA_KRAFT_VERSION } from '../support/versions.ts';
import { sleep, waitFor } from '../support/wait.ts';

const version = KAFKA_KRAFT_VERSION;

describe(`canary on a real Kafka ${version} KRaft cluster of 3 combined nodes`, () => {
  let kafka: LocalKraftCluster;
  const dir = scratchDir('canary-kraft-', __filename, async () => kafka?.stop());

  beforeAll(async () => {
    kafka = await startLocalKraftCluster(dir(), { controllers: 3, combined: true });
  }, 240_000);

  const env = (extra: Record<string, string>) => canaryJobEnv(kafka.bootstrap, extra);

  it('job mode creates its topic (3 partitions, RF 3, min.insync.replicas 2) and exits 0 with every message counted', async () => {
    const c = startCanaryProcess(await env({ CANARY_MESSAGES: '300', CANARY_RATE: '100' }));
    const code = await c.exited;
    expect(code, c.why()).toBe(0);
    expect(lastLine(c.logs, 'verdict: nothing lost')).toMatchObject({ sent: 300, acknowledged: 300, received: 300, lost: 0, duplicated: 0, outOfOrder: 0 });
    const describe = await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--describe', '--topic', 'canary'], { version });
    expect(describe).toMatch(/PartitionCount: 3\s+ReplicationFactor: 3\s+Configs: min\.insync\.replicas=2/);
  }, 150_000);

  it('a node killed and restarted mid-run loses nothing', async () => {
    // The default CANARY_LOSS_GRACE (30 s): what a canary-check would see.
    const c = startCanaryProcess(await env({ CANARY_GROUP: 'kill', CANARY_DURATION: '25s', CANARY_RATE: '50', CANARY_LOSS_GRACE: '30s' }));
    await waitFor('the canary producing', () => lastLine(c.logs, 'producing ') !== undefined, { timeoutMs: 60_000 });
    await sleep(4000);
    const victim = kafka.brokers[1]!;
    await victim.kill();
    await sleep(6000);
    await kafka.restart(victim.id);
    const code = await c.exited;
    const v = lastLine(c.logs, 'verdict: ');
    console.log(`KRaft node kill: verdict ${JSON.stringify(v)}`);
    expect(code, c.why()).toBe(0);
    expect(v).toMatchObject({ lost: 0, duplicated: 0 });
    expect(v!.received).toBe(v!.acknowledged);
    expect(v!.acknowledged).toBeGreaterThan(800);
  }, 150_000);
});
