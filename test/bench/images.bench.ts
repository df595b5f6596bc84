/**
 * Agent images (docker-bake.hcl built with podman on the local Node base): size, and cold start
 * of each container from `podman run` to its first line of output and to its exit. Init agents
 * run their real work (zookeeper-init on tmpfs volumes; kafka-init --help, as its work needs the
 * API); the sidecar is stopped at its first log line. The zookeeper stand-in (a test image, built
 * by npm run test:e2e) is timed the same way when present. Needs root and podman (test/setup.sh).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { bake } from '../../images/bake/bake.ts';
import { ensureNodeBase } from '../../images/bake/local-bases.ts';
import { imageExists, imageSize, podmanAvailable, podmanEnv } from '../../images/bake/podman.ts';
import { ZOOKEEPER_STANDIN } from '../e2e/images.ts';
import { timeRun } from '../e2e/cold-start.ts';
import { median } from './stats.ts';
import type { Figures } from './run.ts';

const RUNS = 5;

export async function bench(): Promise<Figures> {
  if (!podmanAvailable()) return { skipped: 'podman as root is not available' };
  const base = ensureNodeBase();
  const built = await bake(['default'], { ...process.env, REGISTRY: 'localhost/kafka-bench', TAG: 'bench', NODE_BASE: base });
  const ref = Object.fromEntries(built.map((b) => [b.plan.target, b.ref]));
  const out: Figures = { 'node base MB': imageSize(base) / 1e6 };
  const common = ['--rm', '--read-only', '--read-only-tmpfs=false', '--network', 'none'];
  const runs: Record<string, () => Promise<{ first: number; exit: number }>> = {
    'zookeeper-init': async () => {
      const r = await timeRun([...common, '--hostname', 'zoo-0', '--tmpfs', '/conf:mode=1777', '--tmpfs', '/data:mode=1777', '--tmpfs', '/datalog:mode=1777',
        '--env', 'POD_NAMESPACE=kafka', '--env', 'ZK_REPLICAS=3', ref['zookeeper-init']!]);
      return { first: r.firstLineMs, exit: r.exitMs ?? NaN };
    },
    'kafka-init': async () => {
      const r = await timeRun([...common, ref['kafka-init']!, '--help']);
      return { first: r.firstLineMs, exit: r.exitMs ?? NaN };
    },
    sidecar: async () => {
      const name = `bench-sidecar-${randomBytes(3).toString('hex')}`;
      const stop = () => spawnSync('podman', ['stop', '-t', '5', name], { env: podmanEnv(), stdio: 'ignore' });
      const r = await timeRun([...common, '--name', name, '--env', 'SIDECAR_MODE=zookeeper', '--env', 'SIDECAR_TARGET=127.0.0.1:2181', ref.sidecar!], 30_000, () =>
        setImmediate(stop),
      );
      return { first: r.firstLineMs, exit: r.exitMs ?? NaN };
    },
  };
  if (imageExists(ZOOKEEPER_STANDIN)) {
    ref['zookeeper stand-in'] = ZOOKEEPER_STANDIN;
    runs['zookeeper stand-in'] = async () => {
      const name = `bench-zookeeper-${randomBytes(3).toString('hex')}`;
      const stop = () => spawnSync('podman', ['stop', '-t', '10', name], { env: podmanEnv(), stdio: 'ignore' });
      const r = await timeRun(['--rm', '--network', 'none', '--name', name, ZOOKEEPER_STANDIN], 60_000, () => setImmediate(stop));
      return { first: r.firstLineMs, exit: r.exitMs ?? NaN };
    };
  }
  for (const [agent, run] of Object.entries(runs)) {
    const first: number[] = [];
    const exit: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await run();
      first.push(r.first);
      exit.push(r.exit);
    }
    out[`${agent} image MB`] = imageSize(ref[agent]!) / 1e6;
    out[`${agent} ms to first log line (median)`] = median(first);
    out[`${agent} ms to exit (median${agent.includes('init') ? '' : ', stopped by SIGTERM at first line'})`] = median(exit);
  }
  out.runs = RUNS;
  return out;
}
