/** What the manifest checks share: the agents they know, and how to read pods, mounts, ports and Services. */
import { commonSettings, type Schema, type Setting } from '../../../agents/lib/config/index.ts';
import type { OwnedKey } from '../../../agents/lib/properties.ts';
import { envOf, findContainer, podOwners, selects, type Container, type K8sObject, type PodOwner } from './kustomize.ts';

/** Registry path of our agents' images: <registry>/<agent>:<tag>. */
export const AGENT_IMAGE_PREFIX = 'ghcr.io/kafka-statefulset/';
export const SIDECAR_SERVERS = ['zookeeper', 'kafka'] as const;
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const STS_POD = /^(.+)-(\d+)$/;

export interface CheckContext {
  /** Settings schema by agent name (test/support/agent-schemas.ts). */
  readonly schemas: Readonly<Record<string, Schema>>;
  /** Every agent folder under agents/ (its image and container name). */
  readonly agents: readonly string[];
  /** Keys each init agent derives, which its template may not set, by agent name. */
  readonly ownedKeys: Readonly<Record<string, readonly OwnedKey[] | undefined>>;
  /** Every key the server reads, by the init agent whose template it is (a misspelled key is ignored by the server). */
  readonly knownKeys: Readonly<Record<string, ReadonlySet<string> | undefined>>;
}

export function nsOf(o: K8sObject): string {
  return o.metadata.namespace ?? '';
}

export function imageRepo(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at === -1 ? image : image.slice(0, at);
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** The agent a container runs, from its image (<registry>/<agent>:<tag>), if it is one of ours. */
export function agentOf(c: Container, agents: readonly string[]): string | undefined {
  if (!c.image) return undefined;
  const repo = imageRepo(c.image);
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  return repo.startsWith(AGENT_IMAGE_PREFIX) || agents.includes(name) ? name : undefined;
}

export function schemaSettings(schema: Schema): Array<Setting<unknown>> {
  return [...Object.values(schema), ...Object.values(commonSettings)] as Array<Setting<unknown>>;
}

/** The raw value a setting takes in a container: its literal env value, else the schema default. */
export function rawSetting(c: Container, schema: Schema | undefined, env: string): string | undefined {
  const literal = envOf(c);
  if (literal.has(env)) return literal.get(env);
  const s = schema ? schemaSettings(schema).find((x) => x.env === env) : undefined;
  if (!s || s.default === undefined) return undefined;
  return typeof s.default === 'string' || typeof s.default === 'number' || typeof s.default === 'boolean'
    ? String(s.default)
    : s.show(s.default);
}

export function podOwnerWith(objs: readonly K8sObject[], container: string): PodOwner[] {
  return podOwners(objs).filter((o) => findContainer(o, container));
}

export function portsOf(c: Container): Array<{ name?: string; containerPort: number; hostPort?: number }> {
  return c.ports ?? [];
}

export function volumeNames(owner: PodOwner): { volumes: Map<string, Record<string, unknown>>; claims: Set<string> } {
  const volumes = new Map<string, Record<string, unknown>>();
  for (const v of owner.template.spec?.volumes ?? []) volumes.set(v.name, v);
  const claims = new Set<string>((owner.obj.spec?.volumeClaimTemplates ?? []).map((t: K8sObject) => t.metadata?.name));
  return { volumes, claims };
}

/** The mount a path falls under in a container (longest mountPath prefix). */
export function mountFor(c: Container, path: string): { name: string; mountPath: string; readOnly?: boolean } | undefined {
  let best: { name: string; mountPath: string; readOnly?: boolean } | undefined;
  for (const m of c.volumeMounts ?? []) {
    const mp = (m.mountPath as string).replace(/\/+$/, '');
    if ((path === mp || path.startsWith(mp + '/')) && (!best || mp.length > best.mountPath.length)) best = m;
  }
  return best;
}

/** Pods a Service selects: pod templates, or single StatefulSet pods by their pod-name label. */
export function selectedOwners(objs: readonly K8sObject[], svc: K8sObject): PodOwner[] {
  const selector = { ...(svc.spec?.selector ?? {}) } as Record<string, string>;
  const podName = selector[POD_NAME_LABEL];
  delete selector[POD_NAME_LABEL];
  return podOwners(objs).filter((o) => {
    if (nsOf(o.obj) !== nsOf(svc)) return false;
    if (podName !== undefined) {
      const m = STS_POD.exec(podName);
      if (!m || o.obj.kind !== 'StatefulSet' || o.obj.metadata.name !== m[1]) return false;
      if (Number(m[2]) >= (o.obj.spec.replicas ?? 1)) return false;
      return Object.keys(selector).length === 0 || selects(selector, o.template.metadata?.labels);
    }
    return selects(selector, o.template.metadata?.labels);
  });
}

/** Resolves a Service targetPort (name or number) in a pod: the container port it reaches. */
export function resolveTarget(owner: PodOwner, target: string | number): number | undefined {
  for (const c of owner.template.spec?.containers ?? []) {
    for (const p of portsOf(c)) {
      if (typeof target === 'string' ? p.name === target : p.containerPort === target) return p.containerPort;
    }
  }
  return undefined;
}

export function hostPorts(list: string): Array<{ host: string; port: number }> {
  return list
    .replace(/\/.*$/, '')
    .split(',')
    .map((hp) => {
      const i = hp.lastIndexOf(':');
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
    });
}

/** A host:port that names a Service of the client's namespace: short name, or name.<ns>[.svc[.domain]]. */
export function serviceFor(objs: readonly K8sObject[], namespace: string, host: string): { svc?: K8sObject; problem?: string } {
  const labels = host.split('.');
  const name = labels[0]!;
  if (labels.length > 1 && labels[1] !== namespace) {
    return { problem: `${host} names namespace ${labels[1]}, not the one it is deployed to (${namespace}): use the short name ${name}` };
  }
  const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === name && nsOf(o) === namespace);
  return svc ? { svc } : { problem: `${host}: no Service ${name} in namespace ${namespace}` };
}


/** A configMapKeyRef's value in the rendered ConfigMap of the same namespace, or undefined. */
export function configMapValue(objs: readonly K8sObject[], namespace: string | undefined, ref: { name?: string; key?: string } | undefined): string | undefined {
  if (!ref?.name || !ref.key) return undefined;
  const cm = objs.find((x) => x.kind === 'ConfigMap' && x.metadata.name === ref.name && nsOf(x) === namespace);
  return cm?.data?.[ref.key] as string | undefined;
}
