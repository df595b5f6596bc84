// Every kustomization under manifests/ on a real API server: checked with a server-side dry run in a
// namespace at the Pod Security level its README claims (the level its Namespace is labelled with, if it
// has one; and refused one level stricter, so the claim is the strictest that holds), applied for real, read back equal, and each pod it would run admitted
// at that level; then broken manifests (mutations of the offline checks) refused by the server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clone, kustomizations, MANIFESTS, podOwners, type K8sObject } from '../manifests/lint/kustomize.ts';
import { apply, kubectl, kubectlOk, renderInto, toYaml, useNamespaces } from './cluster.ts';
import { claimedLevel, stricter } from './manifest-levels.ts';
import { differences, objectKey } from './read-back.ts';
import { MUTATIONS } from '../manifests/mutations.ts';

const namespace = useNamespaces(import.meta.filename);

const isComponent = (dir: string): boolean =>
  (parse(readFileSync(join(MANIFESTS, dir, 'kustomization.yaml'), 'utf8')) as { kind?: string }).kind === 'Component';

const VIOLATION = /would violate PodSecurity "(\w+):[^"]*": (.*)/g;

function violations(stderr: string): string[] {
  return [...stderr.matchAll(VIOLATION)].map((m) => m[2]!);
}

/**
 * The pods a workload would run, as Pods, to create with a dry run: Pod Security admission enforces on
 * Pods only (on workloads it warns). A StatefulSet's pod gets its claims' volumes, as the controller adds them.
 */
function podsOf(objs: readonly K8sObject[], ns: string): K8sObject[] {
  return podOwners(objs).map(({ obj, template }) => {
    const spec = clone(template.spec);
    const name = obj.kind === 'StatefulSet' ? `${obj.metadata.name}-0` : `${obj.metadata.name}-test`;
    for (const c of obj.spec.volumeClaimTemplates ?? []) {
      (spec.volumes ??= []).push({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${name}` } });
    }
    if (obj.kind === 'Job' && !spec.restartPolicy) spec.restartPolicy = 'Never';
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: template.metadata?.labels ?? {} }, spec } as K8sObject;
  });
}

async function createPodsDryRun(pods: readonly K8sObject[]): Promise<Array<{ pod: string; code: number | null; stderr: string }>> {
  const out = [];
  for (const p of pods) {
    const r = await kubectl(['create', '--dry-run=server', '-f', '-'], { input: toYaml([p]) });
    out.push({ pod: p.metadata.name, code: r.code, stderr: r.stderr.trim() });
  }
  return out;
}

const dirs = kustomizations().filter((d) => !isComponent(d));

describe('every kustomization under manifests/ on a real API server', () => {
  it('finds them all, each with a README that claims a Pod Security level', () => {
    expect(dirs).toEqual(expect.arrayContaining(['.', 'base', 'zookeeper', 'kafka', 'kafka-manager', 'test', 'variants/external-hostport', 'storage/manual']));
    for (const d of kustomizations()) expect(claimedLevel(d)).toMatch(/^(restricted|baseline|privileged)$/);
  });

  it.each(dirs)('%s: dry run, apply, read back, pods admitted at its level', async (dir) => {
    const level = claimedLevel(dir);
    const ns = await namespace(level, dir === '.' ? 'default' : dir);
    const objs = renderInto(dir, ns);
    const nsLabel = objs.find((o) => o.kind === 'Namespace')?.metadata.labels?.['pod-security.kubernetes.io/enforce'];
    if (nsLabel !== undefined) expect(nsLabel, `manifests/${dir}: its Namespace's Pod Security label against its README`).toBe(level);

    const dry = await apply(objs, { dryRun: true });
    expect(dry.code, dry.stderr).toBe(0);
    expect(violations(dry.stderr), `manifests/${dir} at Pod Security ${level}`).toEqual([]);

    const real = await apply(objs);
    expect(real.code, real.stderr).toBe(0);
    const stored = JSON.parse(await kubectlOk(['get', '-f', '-', '-o', 'json'], { input: toYaml(objs) })) as { items: K8sObject[] };
    const byKey = new Map(stored.items.map((o) => [objectKey(o), o]));
    for (const o of objs) {
      expect(byKey.has(objectKey(o)), `${objectKey(o)} was not stored`).toBe(true);
      expect(differences(o, byKey.get(objectKey(o))), objectKey(o)).toEqual([]);
    }

    const pods = await createPodsDryRun(podsOf(objs, ns));
    expect(pods.filter((p) => p.code !== 0)).toEqual([]);
    expect(pods.flatMap((p) => violations(p.stderr))).toEqual([]);
    // nodePorts are the cluster's: free the ones this folder took before the next one takes them.
    await kubectlOk(['-n', ns, 'delete', 'services', '--all']);

    const tighter = stricter(level);
    if (tighter) {
      const strict = await namespace(tighter, `${dir}-${tighter}`);
      const r = await apply(renderInto(dir, strict).filter((o) => o.kind !== 'Namespace' && o.metadata.namespace === strict), { dryRun: true });
      expect(r.code, r.stderr).toBe(0);
      expect(violations(r.stderr), `manifests/${dir} claims ${level}, but it meets ${tighter}: claim ${tighter} in its README`).not.toEqual([]);
    }
  });
});

/**
 * Mutations of the offline checks (test/manifests/mutations.ts) that the API server refuses as well:
 * at apply (validation), or when the pod is created (Pod Security admission, ServiceAccount admission).
 * The others pass the server: only the offline checks catch them.
 */
const REFUSED: Array<[mutation: string, when: 'apply' | 'pod', error: RegExp]> = [
  ['a port name longer than 15 characters', 'apply', /spec\.template\.spec\.containers\[\d\]\.ports\[0\]\.name: Invalid value: "prometheus-metrics": must be no more than 15 characters/],
  ['a mount of an undeclared volume', 'apply', /spec\.template\.spec\.containers\[\d\]\.volumeMounts\[1\]\.name: Not found: "datalogs"/],
  ['a probe on an init container', 'apply', /spec\.template\.spec\.initContainers\[0\]\.readinessProbe: Forbidden: may not be set for init containers/],
  ['a pod that may run as root', 'pod', /violates PodSecurity "restricted:latest": runAsNonRoot != true/],
  ['a ServiceAccount that is not rendered', 'pod', /serviceaccount "broker" not found/],
];

/** Mutations the server takes as they are (and runs the pods of): what only the offline checks catch. */
const ACCEPTED = ['a port name used twice in a pod', 'a sidecar port that the server opens too', 'a PDB that blocks every drain', 'a volume nobody mounts', 'an untagged server image'];

describe('broken manifests on the server', () => {
  let ns: string;
  const stacks = new Map<string, K8sObject[]>();
  const stackIn = (variant: string) => {
    if (!stacks.has(variant)) stacks.set(variant, [...renderInto(variant, ns), ...renderInto('test', ns)]);
    return clone(stacks.get(variant)!);
  };
  beforeAll(async () => {
    ns = await namespace('restricted', 'broken');
    // Pods are admitted only with their ServiceAccount present.
    const r = await apply(stackIn('.').filter((o) => o.kind === 'ServiceAccount'));
    expect(r.code, r.stderr).toBe(0);
  });

  /** The one object that the mutation changes, in the test namespace. */
  const mutated = (description: string): K8sObject[] => {
    const mutation = MUTATIONS.find((m) => m[0] === description);
    expect(mutation, `test/manifests/mutations.ts has no mutation "${description}"`).toBeDefined();
    const [, variant, , mutate] = mutation!;
    const before = new Map(stackIn(variant).map((o) => [objectKey(o), JSON.stringify(o)]));
    const objs = stackIn(variant);
    // These mutations change objects only; none of them reads the offline checks' context.
    mutate(objs, undefined as never);
    const changed = objs.filter((o) => before.get(objectKey(o)) !== JSON.stringify(o));
    expect(changed).toHaveLength(1);
    return changed;
  };

  it.each(ACCEPTED)('%s: accepted, pods admitted (caught offline only)', async (description) => {
    const changed = mutated(description);
    const r = await apply(changed, { dryRun: true });
    expect(r.code, r.stderr).toBe(0);
    expect((await createPodsDryRun(podsOf(changed, ns))).filter((p) => p.code !== 0)).toEqual([]);
  });

  it.each(REFUSED)('%s: refused at %s', async (description, when, error) => {
    const changed = mutated(description);
    const r = await apply(changed, { dryRun: true });
    if (when === 'apply') {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(error);
      return;
    }
    expect(r.code, r.stderr).toBe(0);
    const [pod] = await createPodsDryRun(podsOf(changed, ns));
    expect(pod!.code).not.toBe(0);
    expect(pod!.stderr).toMatch(error);
  });
});
