/**
 * What the Kubernetes suite's files share: kubectl against the suite's cluster (global-setup.ts), fresh
 * namespaces with a Pod Security level, deleted after the file, and manifests/ rendered into them.
 * kubectl is the one test/kubernetes/install.sh built; against the user's own cluster without that build,
 * the kubectl on PATH.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, inject } from 'vitest';
import { stringify } from 'yaml';
import { keepLogsIfFailed } from '../support/failure-logs.ts';
import { kubernetesBin, REPO_ROOT } from '../support/versions.ts';
import { waitFor } from '../support/wait.ts';
import { kustomizeText, MANIFESTS, parseObjects, type K8sObject } from '../manifests/lint/kustomize.ts';

/** Pod Security levels, strictest first. */
export const LEVELS = ['restricted', 'baseline', 'privileged'] as const;
export type Level = (typeof LEVELS)[number];

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume']);
/** On the cluster-wide objects a test makes: the test namespace they belong to, deleted with it. */
const OWNER_LABEL = 'kafka-tests/namespace';

export function kubeconfig(): string {
  return inject('kubeconfig');
}

function kubectlBin(): string {
  try {
    return kubernetesBin('kubectl');
  } catch (e) {
    if (inject('controlPlaneDir') === '') return 'kubectl';
    throw e;
  }
}

export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Another cluster than the suite's (a test that starts its own control plane). */
  readonly kubeconfig?: string;
}

export function kubectl(args: readonly string[], { input, timeoutMs = 60_000, kubeconfig: other }: KubectlOptions = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const bin = other ? kubernetesBin('kubectl') : kubectlBin();
    const child = spawn(bin, args, { env: { ...process.env, KUBECONFIG: other ?? kubeconfig() }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** kubectl that must exit 0; returns stdout. */
export async function kubectlOk(args: readonly string[], opts: KubectlOptions = {}): Promise<string> {
  const r = await kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

export function toYaml(objs: readonly K8sObject[]): string {
  return objs.map((o) => stringify(o)).join('---\n');
}

/** Server-side apply of objects (as YAML on stdin); `dryRun` asks the server to check without storing. */
export function apply(objs: readonly K8sObject[], { dryRun = false, namespace }: { dryRun?: boolean; namespace?: string } = {}): Promise<KubectlResult> {
  const args = ['apply', '--server-side', '--field-manager=kafka-tests', '-f', '-'];
  if (dryRun) args.push('--dry-run=server');
  if (namespace) args.push('-n', namespace);
  return kubectl(args, { input: toYaml(objs) });
}

/**
 * Namespaces for one test file: each made on demand with a Pod Security level (enforced, and warned
 * about, so that workloads, which enforcement alone lets through, show their violations too), all
 * deleted after the file. The file's logs of our control plane are kept if a test in it failed.
 */
export function useNamespaces(file: string): (level: Level, purpose: string) => Promise<string> {
  const made: string[] = [];
  afterAll(async (suite) => {
    keepLogsIfFailed(suite, file, inject('controlPlaneDir') || undefined);
    if (made.length === 0) return;
    await kubectl(['delete', 'namespace', '--wait=false', '--ignore-not-found', ...made]);
    await kubectl(['delete', [...CLUSTER_SCOPED].filter((k) => k !== 'Namespace').join(','), '--wait=false', '--ignore-not-found', '-l', `${OWNER_LABEL} in (${made.join(',')})`]);
  });
  return async (level, purpose) => {
    const slug = purpose.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 40).replace(/-+$/, '');
    const name = `kt-${slug}-${randomBytes(3).toString('hex')}`;
    const ns: K8sObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          'app.kubernetes.io/part-of': 'kafka-tests',
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    };
    await kubectlOk(['create', '-f', '-'], { input: toYaml([ns]) });
    made.push(name);
    // Pods need the namespace's default ServiceAccount, which the ServiceAccount controller makes.
    await waitFor(`ServiceAccount default in ${name}`, async () => (await kubectl(['-n', name, 'get', 'serviceaccount', 'default'])).code === 0, { timeoutMs: 30_000, intervalMs: 200 });
    return name;
  };
}


/**
 * A kustomization of manifests/ rendered into `namespace` by an overlay (`namespace:`, so every object
 * and RBAC subject follows, as a user's overlay would), with the cluster-wide objects renamed
 * `<name>-<namespace>` (and labelled, to be deleted with the namespace) and the references to them
 * following, so that tests side by side, and the user's own installation, do not share them.
 */
export function renderInto(dir: string, namespace: string, overlay = ''): K8sObject[] {
  const tmp = join(REPO_ROOT, '.cache', 'kubernetes-tests');
  mkdirSync(tmp, { recursive: true });
  const o = mkdtempSync(join(tmp, 'overlay-'));
  try {
    writeFileSync(join(o, 'kustomization.yaml'), `namespace: ${namespace}\nresources:\n- ${relative(o, join(MANIFESTS, dir))}\n${overlay}`);
    return isolate(parseObjects(kustomizeText(o)), namespace);
  } finally {
    rmSync(o, { recursive: true, force: true });
  }
}

function isolate(objs: K8sObject[], namespace: string): K8sObject[] {
  const renamed = new Map<string, string>();
  const rename = (kind: string, name: string): string => renamed.get(`${kind}/${name}`) ?? name;
  for (const o of objs) {
    if (CLUSTER_SCOPED.has(o.kind) && o.kind !== 'Namespace') {
      const to = `${o.metadata.name}-${namespace}`;
      renamed.set(`${o.kind}/${o.metadata.name}`, to);
      o.metadata.name = to;
      o.metadata.labels = { ...o.metadata.labels, [OWNER_LABEL]: namespace };
    }
  }
  for (const o of objs) {
    if (o.kind === 'ClusterRoleBinding' && o.roleRef?.kind === 'ClusterRole') o.roleRef.name = rename('ClusterRole', o.roleRef.name);
    if (o.kind === 'RoleBinding' && o.roleRef?.kind === 'ClusterRole') o.roleRef.name = rename('ClusterRole', o.roleRef.name);
    for (const c of o.spec?.volumeClaimTemplates ?? []) if (c.spec?.storageClassName) c.spec.storageClassName = rename('StorageClass', c.spec.storageClassName);
    if (o.kind === 'PersistentVolume' && o.spec?.storageClassName) o.spec.storageClassName = rename('StorageClass', o.spec.storageClassName);
  }
  return objs;
}
