/**
 * canary: what it sustains and what it costs. The bundle in job mode against one real Kafka 3.9.2
 * broker (on a real 1-node ZooKeeper) for 15 s at 100, 1,000 and 5,000 messages/s: acknowledged and
 * received per second, the worst end-to-end latency, and its resident memory (sampled every 250 ms,
 * peak and at the end); at 100 and 1,000 messages/s also with the V8 sizing manifests/test gives it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastLine, startCanaryProcess } from '../support/canary.ts';
import { startLocalKafkaCluster } from '../support/kafka.ts';
import { freePort } from '../support/ports.ts';
import { startLocalEnsemble } from '../support/zookeeper.ts';
import type { Figures } from './run.ts';

/** V8 sizing of the canary's containers in manifests/test (NODE_OPTIONS), measured beside the defaults. */
export const CANARY_NODE_OPTIONS = '--max-old-space-size=32 --max-semi-space-size=1';

const RUNS: ReadonlyArray<{ rate: number; nodeOptions?: string }> = [
  { rate: 100 },
  { rate: 100, nodeOptions: CANARY_NODE_OPTIONS },
  { rate: 1000 },
  { rate: 1000, nodeOptions: CANARY_NODE_OPTIONS },
  { rate: 5000 },
];
const SECONDS = 15;

function rssMiB(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

export async function bench(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-canary-'));
  const zk = await startLocalEnsemble(join(dir, 'zk'), 1);
  const kafka = await startLocalKafkaCluster(join(dir, 'kafka'), { size: 1, zookeeper: zk.connectString });
  const figures: Figures = {};
  try {
    for (const { rate, nodeOptions } of RUNS) {
      const name = `${rate}/s${nodeOptions ? ' sized' : ''}`;
      const c = startCanaryProcess({
        ...(nodeOptions && { NODE_OPTIONS: nodeOptions }),
        CANARY_BOOTSTRAP: kafka.bootstrap,
        CANARY_MODE: 'job',
        CANARY_TOPIC: 'bench',
        CANARY_GROUP: `bench-${rate}${nodeOptions ? '-sized' : ''}`,
        CANARY_DURATION: `${SECONDS}s`,
        CANARY_RATE: String(rate),
        CANARY_LOSS_GRACE: '10s',
        CANARY_PORT: String(await freePort()),
        CANARY_LISTEN_ADDRESS: '127.0.0.1',
      });
      let peak = 0;
      let last = 0;
      const sampler = setInterval(() => {
        const r = rssMiB(c.child.pid);
        if (Number.isFinite(r)) {
          last = r;
          peak = Math.max(peak, r);
        }
      }, 250);
      const code = await c.exited;
      clearInterval(sampler);
      const v = lastLine(c.logs, 'verdict: ') as Record<string, number> | undefined;
      if (code !== 0 || !v) throw new Error(`canary at ${rate}/s exited ${code}: ${c.stderr()}`);
      figures[`${name} acknowledged per s`] = v.acknowledged! / SECONDS;
      figures[`${name} received per s`] = v.received! / SECONDS;
      figures[`${name} lost`] = v.lost!;
      figures[`${name} worst latency ms`] = v.maxLatencyMs!;
      figures[`${name} RSS peak MiB`] = peak;
      figures[`${name} RSS at end MiB`] = last;
    }
  } finally {
    await kafka.stop();
    await zk.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
