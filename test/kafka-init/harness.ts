/**
 * Running dist/kafka-init.js against the Kubernetes API double, in a
 * throwaway directory: a cluster of three nodes (one zone each) and one
 * external Service per broker, as the external-access manifests create them.
 * For failures a real server will not produce on demand and for the record of
 * requests (see kube-api-double.ts); the rest runs on a real API server in
 * test/kubernetes (kafka-init-pod.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, type BundleResult } from '../support/run-bundle.ts';
import { node, service, startKubeApiDouble, type KubeApiDouble, type KubeApiDoubleOptions } from '../support/kube-api-double.ts';

export const NAMESPACE = 'kafka';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface Run extends BundleResult {
  readonly properties: string | undefined;
  readonly identity: string | undefined;
  readonly termination: string | undefined;
}

export class Harness {
  private constructor(
    readonly api: KubeApiDouble,
    readonly dir: string,
  ) {}

  static async start(opts: KubeApiDoubleOptions = {}): Promise<Harness> {
    const api = await startKubeApiDouble(opts);
    return new Harness(api, mkdtempSync(join(tmpdir(), 'kafka-init-test-')));
  }

  /** Nodes n0..n2 in zones zone-a..c with Internal/External IPs and a Hostname; Services outside-0..2. */
  seedCluster(kind: 'NodePort' | 'LoadBalancer' = 'NodePort'): this {
    for (const i of [0, 1, 2]) {
      this.api.put(
        node({
          name: `n${i}`,
          labels: { [ZONE_LABEL]: `zone-${'abc'[i]}` },
          addresses: [
            ['InternalIP', `10.0.0.1${i}`],
            ['ExternalIP', `203.0.113.1${i}`],
            ['Hostname', `n${i}`],
          ],
        }),
      );
      this.api.put(
        service({
          name: `outside-${i}`,
          namespace: NAMESPACE,
          type: kind,
          ports: [{ name: 'external', port: kind === 'LoadBalancer' ? 9094 : 32400 + i, targetPort: 9094, nodePort: 32400 + i }],
          ...(kind === 'LoadBalancer' && { ingress: i === 2 ? [{ ip: '198.51.100.2' }] : [{ hostname: `kafka-${i}.lb.example.com` }, { ip: `198.51.100.${i}` }] }),
        }),
      );
    }
    return this;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, text: string): string {
    writeFileSync(this.path(name), text);
    return this.path(name);
  }

  /** A file's text; undefined when absent or not a regular file (reading a FIFO would block the test). */
  read(name: string): string | undefined {
    return existsSync(this.path(name)) && statSync(this.path(name)).isFile() ? readFileSync(this.path(name), 'utf8') : undefined;
  }

  /** The env of broker `ordinal` on node n<ordinal>, with the API reached through a kubeconfig. */
  env(ordinal: number, overrides: Record<string, string> = {}): Record<string, string> {
    return {
      POD_NAME: `kafka-${ordinal}`,
      POD_NAMESPACE: NAMESPACE,
      NODE_NAME: `n${ordinal}`,
      KAFKA_DATA_DIR: this.path('data'),
      KAFKA_CONFIG_OUT: this.path('etc/server.properties'),
      KAFKA_IDENTITY_OUT: this.path('etc/identity.json'),
      KUBECONFIG: this.api.writeKubeconfig(this.dir),
      KUBE_API_TIMEOUT: '500ms',
      KUBE_API_RETRIES: '2',
      KUBE_API_BACKOFF: '10ms',
      TERMINATION_MESSAGE_PATH: this.path('termination-log'),
      ...overrides,
    };
  }

  async run(env: Record<string, string>, args: string[] = []): Promise<Run> {
    writeFileSync(this.path('termination-log'), '');
    const result = await runBundle('kafka-init', { env, args });
    return {
      ...result,
      properties: this.read('etc/server.properties'),
      identity: this.read('etc/identity.json'),
      termination: this.read('termination-log') || undefined,
    };
  }

  /** Forgets outputs and API state between cases. */
  reset(): this {
    for (const f of ['etc', 'data']) rmSync(this.path(f), { recursive: true, force: true });
    this.api.clear();
    return this;
  }

  async close(): Promise<void> {
    await this.api.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The message of the last error log line. */
export function errorMessage(run: BundleResult): string {
  const line = [...run.logs].reverse().find((l) => l.level === 'error');
  return String(line?.msg ?? run.stderr);
}

export function warnings(run: BundleResult): string[] {
  return run.logs.filter((l) => l.level === 'warn').map((l) => String(l.msg));
}

/**
 * One harness for a test file: started before its tests, reset before each
 * (optionally seeded), closed after. Read it through the returned getter.
 */
export function useHarness(seed?: (h: Harness) => void): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h!.reset();
    seed?.(h!);
  });
  return () => h!;
}
