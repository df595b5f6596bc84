/**
 * zookeeper-init: wall time from process start to exit (a first run that writes,
 * then repeated runs that find nothing to change), and the bundle's size.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePath, runBundle } from '../support/run-bundle.ts';
import { median, percentile, timeProcess } from './stats.ts';
import type { Figures } from './run.ts';

const RUNS = 30;

export async function bench(): Promise<Figures> {
  const root = mkdtempSync(join(tmpdir(), 'bench-zk-init-'));
  try {
    const first: number[] = [];
    const again: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = join(root, String(i));
      for (const d of ['data', 'datalog', 'conf']) mkdirSync(join(dir, d), { recursive: true });
      const env = {
        POD_NAME: `zoo-${i % 3}`,
        POD_NAMESPACE: 'kafka',
        ZK_REPLICAS: '3',
        ZK_DATA_DIR: join(dir, 'data'),
        ZK_DATA_LOG_DIR: join(dir, 'datalog'),
        ZK_CONF_DIR: join(dir, 'conf'),
      };
      first.push(await timeProcess(() => runBundle('zookeeper-init', { env })));
      again.push(await timeProcess(() => runBundle('zookeeper-init', { env })));
    }
    const sorted = [...first].sort((a, b) => a - b);
    return {
      'wall ms, first run (median)': median(first),
      'wall ms, first run (p90)': percentile(sorted, 90),
      'wall ms, unchanged rerun (median)': median(again),
      'bundle bytes': statSync(bundlePath('zookeeper-init')).size,
      runs: RUNS,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
