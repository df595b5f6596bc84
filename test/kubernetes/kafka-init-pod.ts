/**
 * dist/kafka-init.js as the init container of a rendered kafka StatefulSet would run on the suite's
 * cluster: the container's literal env, the downward-API values a pod would get (name, namespace,
 * node, host IP), its volume mounts as directories of a scratch folder (the template ConfigMap's files
 * written into its own), and the API reached as a pod reaches it: KUBERNETES_SERVICE_HOST/PORT and a
 * service account folder with a token from the TokenRequest API and the cluster's CA.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envOf, findContainer, findObject, podOwners, type K8sObject } from '../manifests/lint/kustomize.ts';
import { afterAll, beforeAll, expect } from 'vitest';
import { runBundle, type BundleResult } from '../support/run-bundle.ts';
import { apply, kubectl, kubectlOk, renderInto, toYaml, useNamespaces } from './cluster.ts';

/** The API server and its CA, from the suite's kubeconfig (inline data or a file). */
export async function clusterEndpoint(): Promise<{ host: string; port: string; ca: Buffer }> {
  const cfg = JSON.parse(await kubectlOk(['config', 'view', '--raw', '--minify', '-o', 'json'])) as {
    clusters: Array<{ cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string } }>;
  };
  const c = cfg.clusters[0]!.cluster;
  const url = new URL(c.server);
  const ca = c['certificate-authority-data'] ? Buffer.from(c['certificate-authority-data'], 'base64') : readFileSync(c['certificate-authority']!);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || '443', ca };
}

/** A token of ServiceAccount `name` in `namespace`, from the TokenRequest API (kubectl create token). */
export async function serviceAccountToken(namespace: string, name: string): Promise<string> {
  return (await kubectlOk(['-n', namespace, 'create', 'token', name, '--duration=10m'])).trim();
}

export interface InitRun extends BundleResult {
  readonly properties: string | undefined;
  readonly identity: Record<string, any> | undefined;
  readonly error: string | undefined;
}

export interface PodFacts {
  readonly ordinal: number;
  readonly namespace: string;
  readonly nodeName: string;
  readonly hostIP?: string;
}

export class KafkaInitPod {
  readonly dir = mkdtempSync(join(tmpdir(), 'kafka-init-pod-'));
  private readonly sts: K8sObject;

  constructor(private readonly objects: readonly K8sObject[]) {
    this.sts = findObject(objects, 'StatefulSet', 'kafka');
  }

  /** The container's env with its mount paths moved under this pod's scratch folder, and the pod's facts. */
  private env(facts: PodFacts): Record<string, string> {
    const owner = podOwners([this.sts])[0]!;
    const init = findContainer(owner, 'kafka-init')!;
    const spec = this.sts.spec.template.spec;
    const mounts = (init.volumeMounts ?? []) as Array<{ name: string; mountPath: string }>;
    for (const m of mounts) {
      const dir = join(this.dir, m.name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const cm = (spec.volumes as Array<{ name: string; configMap?: { name: string } }>).find((v) => v.name === m.name)?.configMap;
      if (cm) for (const [f, text] of Object.entries(findObject(this.objects, 'ConfigMap', cm.name).data as Record<string, string>)) writeFileSync(join(dir, f), text);
    }
    const env: Record<string, string> = {};
    for (const [k, v] of envOf(init)) {
      if (v === undefined) continue;
      const m = mounts.find((x) => v === x.mountPath || v.startsWith(`${x.mountPath}/`));
      env[k] = m ? join(this.dir, m.name, v.slice(m.mountPath.length)) : v;
    }
    return {
      ...env,
      POD_NAME: `${this.sts.metadata.name}-${facts.ordinal}`,
      POD_NAMESPACE: facts.namespace,
      NODE_NAME: facts.nodeName,
      ...(facts.hostIP && { HOST_IP: facts.hostIP }),
      TERMINATION_MESSAGE_PATH: join(this.dir, 'termination-log'),
    };
  }

  /**
   * Runs kafka-init with `token` as the pod's service account token (and the cluster's CA, or the one
   * in file `caFile`); `overrides` change its env.
   */
  async run(facts: PodFacts, token: string, overrides: Record<string, string> = {}, caFile?: string): Promise<InitRun> {
    const endpoint = await clusterEndpoint();
    const { host, port } = endpoint;
    const ca = caFile ? readFileSync(caFile) : endpoint.ca;
    const sa = join(this.dir, 'serviceaccount');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), token);
    writeFileSync(join(sa, 'ca.crt'), ca);
    writeFileSync(join(sa, 'namespace'), facts.namespace);
    writeFileSync(join(this.dir, 'termination-log'), '');
    const env: Record<string, string> = {
      ...this.env(facts),
      KUBERNETES_SERVICE_HOST: host,
      KUBERNETES_SERVICE_PORT: port,
      KUBE_SERVICE_ACCOUNT_DIR: sa,
      KUBE_API_BACKOFF: '50ms',
      ...overrides,
    };
    // An empty KUBECONFIG is no kubeconfig: the pod's own service account.
    if (env.KUBECONFIG === '') delete env.KUBECONFIG;
    const r = await runBundle('kafka-init', { env, timeoutMs: 60_000 });
    const read = (f: string | undefined) => {
      try {
        return f ? readFileSync(f, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    };
    const identity = read(env.KAFKA_IDENTITY_OUT);
    return {
      ...r,
      properties: read(env.KAFKA_CONFIG_OUT),
      identity: identity === undefined ? undefined : (JSON.parse(identity) as Record<string, any>),
      error: read(join(this.dir, 'termination-log'))?.trim() || undefined,
    };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A Node as a kubelet registers it: the object with its labels, then its addresses in status. */
export async function createNode(
  name: string,
  labels: Record<string, string>,
  addresses: Array<[type: string, address: string]>,
  kubeconfig?: string,
): Promise<void> {
  const node: K8sObject = { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { ...labels, 'app.kubernetes.io/part-of': 'kafka-tests' } } };
  await kubectlOk(['create', '-f', '-'], { input: toYaml([node]), ...(kubeconfig && { kubeconfig }) });
  const status = { addresses: addresses.map(([type, address]) => ({ type, address })) };
  await kubectlOk(['patch', 'node', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })], { ...(kubeconfig && { kubeconfig }) });
}
const RBAC = new Set(['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);

export interface Setup {
  readonly ns: string;
  readonly pod: KafkaInitPod;
  /** A token of the namespace's `kafka` ServiceAccount. */
  readonly token: string;
}

/**
 * For one test file: Nodes 0..2 in zones zone-a..c with the addresses a kubelet reports (documentation
 * ranges: nothing is sent there), made before its tests and deleted after; and setUp(variant), a
 * namespace with that variant's RBAC objects and outside-N Services, less `omit` (kind/name).
 */
export function useKafkaInitCluster(file: string): { nodeName: (i: number) => string; setUp: (variant: string, omit?: readonly string[]) => Promise<Setup> } {
  const namespace = useNamespaces(file);
  const run = randomBytes(3).toString('hex');
  const nodeName = (i: number) => `kt-node-${run}-${i}`;
  const pods: KafkaInitPod[] = [];
  beforeAll(async () => {
    for (const i of [0, 1, 2]) {
      await createNode(nodeName(i), { [ZONE_LABEL]: `zone-${'abc'[i]}` }, [['InternalIP', `192.0.2.1${i}`], ['ExternalIP', `203.0.113.1${i}`], ['Hostname', nodeName(i)]]);
    }
  });
  afterAll(async () => {
    for (const p of pods) p.close();
    await kubectl(['delete', 'node', '--ignore-not-found', '--wait=false', ...[0, 1, 2].map(nodeName)]);
  });
  const setUp = async (variant: string, omit: readonly string[] = []): Promise<Setup> => {
    const ns = await namespace('restricted', [variant === '.' ? 'default' : variant, ...omit].join('-'));
    const objs = renderInto(variant, ns);
    const kept = (o: K8sObject) => !omit.includes(`${o.kind}/${o.metadata.name.replace(`-${ns}`, '')}`);
    const r = await apply(objs.filter((o) => (RBAC.has(o.kind) || (o.kind === 'Service' && o.metadata.name.startsWith('outside-'))) && kept(o)));
    expect(r.code, r.stderr).toBe(0);
    const pod = new KafkaInitPod(objs);
    pods.push(pod);
    return { ns, pod, token: await serviceAccountToken(ns, 'kafka') };
  };
  return { nodeName, setUp };
}
