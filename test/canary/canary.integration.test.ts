// The canary bundle against a real Kafka 3.9.2 cluster of 3 brokers on a real ZooKeeper: job mode
// creates its topic and exits 0 with every message counted; a broker killed and restarted mid-run
// costs nothing with acks=all, RF 3 and min.insync.replicas 2; records deleted ahead of a throttled
// consumer are lost, and the job exits 1 naming them; /readyz and /metrics of the service mode.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canaryJobEnv, lastLine, startCanaryProcess } from '../support/canary.ts';
import { scratchDir } from '../support/scratch-dir.ts';
import { expectGolden } from '../support/golden.ts';
import { kafkaToolOk, startLocalKafkaCluster, type LocalKafkaCluster } from '../support/kafka.ts';
import { sleep, waitFor } from '../support/wait.ts';
import { startLocalEnsemble, type LocalEnsemble } from '../support/zookeeper.ts';

describe('canary on a real Kafka 3.9.2 cluster of 3 brokers', () => {
  let zk: LocalEnsemble;
  let kafka: LocalKafkaCluster;
  const dir = scratchDir('canary-', __filename, async () => {
    await kafka?.stop();
    await zk?.stop();
  });

  beforeAll(async () => {
    zk = await startLocalEnsemble(join(dir(), 'zk'), 1);
    kafka = await startLocalKafkaCluster(join(dir(), 'kafka'), { size: 3, zookeeper: zk.connectString });
  }, 240_000);

  const env = (extra: Record<string, string>) => canaryJobEnv(kafka.bootstrap, extra);

  it('job mode creates its topic (3 partitions, RF 3, min.insync.replicas 2) and exits 0 with every message counted', async () => {
    const c = startCanaryProcess(await env({ CANARY_TOPIC: 'canary-basic', CANARY_GROUP: 'basic', CANARY_MESSAGES: '300', CANARY_RATE: '100' }));
    const code = await c.exited;
    expect(code, c.why()).toBe(0);
    const v = lastLine(c.logs, 'verdict: nothing lost')!;
    expect(v).toMatchObject({ sent: 300, acknowledged: 300, received: 300, lost: 0, duplicated: 0, outOfOrder: 0, produceErrors: 0 });
    const describe = await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--describe', '--topic', 'canary-basic']);
    expect(describe).toMatch(/PartitionCount: 3\s+ReplicationFactor: 3\s+Configs: min\.insync\.replicas=2/);
    expect(c.logs.find((l) => String(l.msg).startsWith('created topic canary-basic'))).toBeDefined();
  }, 150_000);

  it('job mode on an existing topic uses it as it is, and a broker killed and restarted mid-run loses nothing', async () => {
    // 6 partitions, not the 3 the canary would create: it must take the topic as it is.
    await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--create', '--topic', 'canary-kill', '--partitions', '6', '--replication-factor', '3', '--config', 'min.insync.replicas=2']);
    const started = Date.now();
    // The default CANARY_LOSS_GRACE (30 s): what a canary-check would see.
    const c = startCanaryProcess(await env({ CANARY_TOPIC: 'canary-kill', CANARY_GROUP: 'kill', CANARY_DURATION: '30s', CANARY_RATE: '50', CANARY_LOSS_GRACE: '30s' }));
    await waitFor('the canary producing', () => lastLine(c.logs, 'producing ') !== undefined, { timeoutMs: 60_000 });
    await sleep(4000);
    const victim = kafka.brokers[1]!;
    const killedAt = Date.now();
    await victim.kill();
    await sleep(8000);
    await kafka.restart(victim.id);
    const restartedAt = Date.now();
    const code = await c.exited;
    const v = lastLine(c.logs, 'verdict: ');
    console.log(`broker kill: killed ${killedAt - started} ms in, back after ${restartedAt - killedAt} ms; verdict ${JSON.stringify(v)}`);
    expect(code, c.why()).toBe(0);
    expect(lastLine(c.logs, 'using the existing topic ')?.msg).toBe('using the existing topic canary-kill as it is (6 partitions)');
    expect(lastLine(c.logs, 'producing ')?.msg).toBe('producing 50 messages/s to 6 partitions of canary-kill');
    expect(v).toMatchObject({ lost: 0, duplicated: 0 });
    expect(v!.acknowledged).toBeGreaterThan(1000);
    expect(v!.received).toBe(v!.acknowledged);
  }, 150_000);

  it('a partition whose only replica is down: time without a leader and produce errors there, the other partitions unaffected', async () => {
    await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--create', '--topic', 'canary-rf1', '--partitions', '3', '--replication-factor', '1']);
    const layout = await kafkaToolOk('kafka-topics', ['--bootstrap-server', kafka.bootstrap, '--describe', '--topic', 'canary-rf1']);
    const [, partition, leader] = /Partition: (\d+)\s+Leader: (\d+)/.exec(layout)!.map(Number) as [number, number, number];
    const c = startCanaryProcess(await env({ CANARY_TOPIC: 'canary-rf1', CANARY_GROUP: 'rf1', CANARY_DURATION: '30s', CANARY_RATE: '30', CANARY_PRODUCE_TIMEOUT: '3s', CANARY_LOSS_GRACE: '30s' }));
    await waitFor('the canary producing', () => lastLine(c.logs, 'producing ') !== undefined, { timeoutMs: 60_000 });
    await sleep(3000);
    const victim = kafka.brokers.find((b) => b.id === leader)!;
    await victim.kill();
    await sleep(15_000);
    await kafka.restart(victim.id);
    const code = await c.exited;
    const v = lastLine(c.logs, 'verdict: ') as { partitions?: Array<{ partition: number; produceErrors: number; leaderlessMs: number; unwritableMs: number }>; lost: number; outOfOrder: number } | undefined;
    console.log(`RF 1, broker ${leader} (leader of partition ${partition}) killed for 15 s: verdict ${JSON.stringify(v)}`);
    expect(code, c.why()).toBe(0);
    expect(v!.lost).toBe(0);
    const hit = v!.partitions!.find((p) => p.partition === partition)!;
    expect(hit.produceErrors).toBeGreaterThan(0);
    expect(hit.leaderlessMs).toBeGreaterThan(1000);
    expect(hit.unwritableMs).toBeGreaterThan(hit.leaderlessMs);
    // One request of a partition at a time, the one given up on included: nothing lands out of order.
    expect(v!.outOfOrder).toBe(0);
    expect(v!.partitions!.filter((p) => p.partition !== partition && p.produceErrors + p.unwritableMs + p.leaderlessMs > 0)).toEqual([]);
  }, 150_000);

  it('service mode: /readyz once positioned on every partition, /metrics counting, a job beside it on the same topic, SIGTERM exits 0', async () => {
    const e = await env({ CANARY_MODE: 'service', CANARY_TOPIC: 'canary-svc', CANARY_GROUP: 'svc', CANARY_RATE: '30' });
    const url = `http://127.0.0.1:${e.CANARY_PORT}`;
    const svc = startCanaryProcess(e);
    const ready = await waitFor('/readyz 200', async () => {
      const r = await fetch(`${url}/readyz`).catch(() => undefined);
      return r?.status === 200 ? r.text() : undefined;
    }, { timeoutMs: 60_000 });
    expect(ready).toBe('ready: producing to and consuming all 3 partitions of canary-svc in group svc\n');
    // canary-check beside the service: its own group, the same topic; each counts only its own run.
    const job = startCanaryProcess(await env({ CANARY_TOPIC: 'canary-svc', CANARY_GROUP: 'check', CANARY_MESSAGES: '90', CANARY_RATE: '30' }));
    expect(await job.exited, job.why()).toBe(0);
    expect(lastLine(job.logs, 'verdict: nothing lost')).toMatchObject({ acknowledged: 90, received: 90, duplicated: 0 });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(Number(/canary_messages_received_total\{topic="canary-svc",partition="0"\} (\d+)/.exec(text)![1])).toBeGreaterThan(10);
    expect(text).toContain('canary_ready 1');
    expect(text).toMatch(/canary_process_resident_memory_bytes \d+/);
    const normalized = text
      .split('\n')
      .filter((l) => l !== '' && !/^(# (HELP|TYPE) )?canary_(process|nodejs)_/.test(l))
      .map((l) => l.replace(/ [-+\d.e]+$/, ' N'))
      .join('\n');
    expectGolden('canary/metrics-service.txt', normalized);
    expect(await svc.stop()).toBe(0);
    expect(lastLine(svc.logs, 'stopping: ')).toMatchObject({ lost: 0, duplicated: 0 });
  }, 120_000);

  it('loses records deleted ahead of a throttled consumer, and job mode exits 1 naming partition and offsets', async () => {
    // The quota makes the brokers hold the consumer's fetches back for seconds (KIP-219 throttling), a lag no test double is needed for.
    const topic = 'canary-loss';
    const group = 'loss';
    const c = startCanaryProcess(await env({ CANARY_TOPIC: topic, CANARY_GROUP: group, CANARY_DURATION: '12s', CANARY_RATE: '60', CANARY_LOSS_GRACE: '25s' }));
    await waitFor('the canary producing', () => lastLine(c.logs, 'producing ') !== undefined, { timeoutMs: 60_000 });
    // A quota of a few bytes a second on the canary's client id: the brokers hold its fetches back for
    // seconds, while its produce requests go through.
    await kafkaToolOk('kafka-configs', ['--bootstrap-server', kafka.bootstrap, '--alter', '--entity-type', 'clients', '--entity-name', `canary-${group}`, '--add-config', 'consumer_byte_rate=16']);
    await sleep(5000);
    const offsets = await kafkaToolOk('kafka-get-offsets', ['--bootstrap-server', kafka.bootstrap, '--topic', topic, '--partitions', '0']);
    const end = Number(/:0:(\d+)/.exec(offsets)![1]);
    const file = join(dir(), 'delete.json');
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, offset: end }] }));
    await kafkaToolOk('kafka-delete-records', ['--bootstrap-server', kafka.bootstrap, '--offset-json-file', file]);
    await kafkaToolOk('kafka-configs', ['--bootstrap-server', kafka.bootstrap, '--alter', '--entity-type', 'clients', '--entity-name', `canary-${group}`, '--delete-config', 'consumer_byte_rate']);
    const code = await c.exited;
    const v = lastLine(c.logs, 'verdict: ');
    console.log(`forced loss: deleted partition 0 below offset ${end}; verdict ${JSON.stringify(v)}`);
    expect(code, c.why()).toBe(1);
    expect(v!.lost).toBeGreaterThan(0);
    // The other partitions were only held back: they arrive within the grace time.
    expect(v!.received).toBe((v!.acknowledged as number) - (v!.lost as number));
    const error = c.logs.find((l) => l.code === 'E_LOST')!;
    expect(error.msg).toMatch(new RegExp(`^lost \\d+ acknowledged messages?: ${topic}-0 offsets \\d+`));
    expect(String(error.msg)).not.toContain(`${topic}-1`);
    const ranges = / offsets ([\d, -]+) \(/.exec(String(error.msg))![1]!;
    const lostOffsets = ranges.split(/[-, ]+/).map(Number);
    expect(Math.max(...lostOffsets)).toBeLessThan(end);
  }, 150_000);
});
