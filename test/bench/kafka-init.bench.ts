/**
 * kafka-init: wall time from process start to exit against the Kubernetes API
 * double (nodeport mode with a rack: one Node and one Service read, through a
 * kubeconfig over HTTP, and as in a pod: the service account over HTTPS), the
 * same with nothing to change, internal-only mode without any API call, and
 * the bundle's size. A bare `node -e 0` is timed alongside, as the floor.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { node, service, startKubeApiDouble } from '../support/kube-api-double.ts';
import { bundlePath, runBundle } from '../support/run-bundle.ts';
import { median, percentile, timeProcess } from './stats.ts';
import type { Figures } from './run.ts';

const RUNS = 30;

export async function bench(): Promise<Figures> {
  const root = mkdtempSync(join(tmpdir(), 'bench-kafka-init-'));
  const api = await startKubeApiDouble();
  const tls = await startKubeApiDouble({ https: true });
  try {
    for (const double of [api, tls]) {
      for (const i of [0, 1, 2]) {
        double.put(node({ name: `n${i}`, labels: { 'topology.kubernetes.io/zone': `zone-${i}` }, addresses: [['InternalIP', `10.0.0.${i}`], ['ExternalIP', `203.0.113.${i}`]] }));
        double.put(service({ name: `outside-${i}`, namespace: 'kafka', ports: [{ port: 32400 + i, targetPort: 9094, nodePort: 32400 + i }] }));
      }
    }
    const kubeconfig = api.writeKubeconfig(root);
    const sa = tls.writeServiceAccount(root);
    const inPod: number[] = [];
    const first: number[] = [];
    const again: number[] = [];
    const internal: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(await timeProcess(() => promisify(execFile)(process.execPath, ['-e', '0'])));
      const dir = join(root, String(i));
      const env = {
        POD_NAME: `kafka-${i % 3}`,
        POD_NAMESPACE: 'kafka',
        NODE_NAME: `n${i % 3}`,
        KAFKA_EXTERNAL_MODE: 'nodeport',
        KAFKA_DATA_DIR: join(dir, 'data'),
        KAFKA_CONFIG_OUT: join(dir, 'etc/server.properties'),
        KAFKA_IDENTITY_OUT: join(dir, 'etc/identity.json'),
        KUBECONFIG: kubeconfig,
      };
      first.push(await timeProcess(() => runBundle('kafka-init', { env })));
      again.push(await timeProcess(() => runBundle('kafka-init', { env })));
      const { KUBECONFIG: _k, NODE_NAME: _n, ...rest } = env;
      const none = { ...rest, KAFKA_EXTERNAL_MODE: 'none', KAFKA_RACK_LABEL: '', KAFKA_CONFIG_OUT: join(dir, 'etc/none.properties') };
      internal.push(await timeProcess(() => runBundle('kafka-init', { env: none })));
      const pod = { ...rest, ...sa.env, NODE_NAME: env.NODE_NAME, KUBE_SERVICE_ACCOUNT_DIR: sa.dir, KAFKA_CONFIG_OUT: join(dir, 'etc/pod.properties') };
      inPod.push(await timeProcess(() => runBundle('kafka-init', { env: pod })));
    }
    const sorted = [...first].sort((a, b) => a - b);
    return {
      'wall ms, nodeport + rack, 2 API reads (median)': median(first),
      'wall ms, nodeport + rack, 2 API reads (p90)': percentile(sorted, 90),
      'wall ms, unchanged rerun (median)': median(again),
      'wall ms, nodeport + rack, service account over HTTPS (median)': median(inPod),
      'wall ms, internal only, no API (median)': median(internal),
      'wall ms, node -e 0 for reference (median)': median(bare),
      'API requests': api.requests.length + tls.requests.length,
      'bundle bytes': statSync(bundlePath('kafka-init')).size,
      runs: RUNS,
    };
  } finally {
    await api.close();
    await tls.close();
    rmSync(root, { recursive: true, force: true });
  }
}
