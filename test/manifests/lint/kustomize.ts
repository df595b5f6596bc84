/**
 * Rendering manifests/ offline with `kubectl kustomize`, and small accessors for
 * the rendered objects (pod templates, containers, env) that the manifest checks share.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT as ROOT } from '../../../images/bake/repo.ts';

export const MANIFESTS = join(ROOT, 'manifests');

/** A rendered Kubernetes object, as plain JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = Record<string, any> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

export function kubectlPath(): string {
  for (const p of ['/usr/bin/kubectl', '/usr/local/bin/kubectl']) if (existsSync(p)) return p;
  return 'kubectl';
}

/** Renders one kustomization directory and returns its YAML text. Throws with kustomize's message. */
export function kustomizeText(dir: string): string {
  try {
    return execFileSync(kubectlPath(), ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`kubectl kustomize ${relative(ROOT, dir) || dir} failed: ${err.stderr?.trim() || err.message}`);
  }
}

export function parseObjects(text: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if ('errors' in doc && doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0]!.message}`);
    const v = doc.toJS() as K8sObject | null;
    if (v !== null) out.push(v);
  }
  return out;
}

export function render(dir: string): K8sObject[] {
  return parseObjects(kustomizeText(dir));
}

/**
 * Every directory under manifests/ that a user can apply (a Kustomization), by its
 * path relative to manifests/ ('.' is the default). Components are rendered
 * through the variants that use them.
 */
export function kustomizations(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    const file = join(dir, 'kustomization.yaml');
    if (existsSync(file)) out.push(relative(MANIFESTS, dir) || '.');
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(join(dir, e.name));
  };
  walk(MANIFESTS);
  return out.sort();
}

/** Variants: what a user deploys whole (the default and manifests/variants/*). */
export function variants(): string[] {
  const dir = join(MANIFESTS, 'variants');
  return ['.', ...readdirSync(dir).filter((d) => existsSync(join(dir, d, 'kustomization.yaml'))).map((d) => `variants/${d}`)];
}

/** A workload's pod template: Deployments, StatefulSets, Jobs. */
export interface PodOwner {
  obj: K8sObject;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  template: Record<string, any>;
  where: string;
}

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export function podOwners(objs: readonly K8sObject[]): PodOwner[] {
  return objs
    .filter((o) => WORKLOAD_KINDS.has(o.kind) && o.spec?.template)
    .map((o) => ({ obj: o, template: o.spec.template, where: `${o.kind}/${o.metadata.name}` }));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Container = Record<string, any> & { name: string; image?: string };

export function containersOf(owner: PodOwner): Container[] {
  const spec = owner.template.spec ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** The object of that kind and name; missing is an error that lists what there is. */
export function findObject(objs: readonly K8sObject[], kind: string, name: string): K8sObject {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`the rendered manifests have no ${kind} ${name}: ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

export function findContainer(owner: PodOwner, name: string): Container | undefined {
  return containersOf(owner).find((c) => c.name === name);
}

/** Literal env values of a container (valueFrom entries map to undefined). */
export function envOf(c: Container): Map<string, string | undefined> {
  const m = new Map<string, string | undefined>();
  for (const e of (c.env ?? []) as Array<{ name: string; value?: string }>) m.set(e.name, e.value);
  return m;
}

/** Does a label selector (matchLabels, or a Service's plain map) select these labels? */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}
