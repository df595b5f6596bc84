// Every kustomization under manifests/ on a real API server: checked with a server-side dry run in a
// namespace at the Pod Security level its README claims (and refused one level stricter, so the claim
// is the strictest that holds), applied for real, read back equal, and each pod it would run admitted
// at that level; then broken manifests (the mutations of the offline checks) refused by the server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clone, kustomizations, MANIFESTS, podOwners, type K8sObject } from '../manifests/lint/kustomize.ts';
import { apply, kubectl, kubectlOk, renderInto, toYaml, useNamespaces } from './cluster.ts';
import { claimedLevel, stricter } from './manifest-levels.ts';
import { differences, objectKey } from './read-back.ts';

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
export function podsOf(objs: readonly K8sObject[], ns: string): K8sObject[] {
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
