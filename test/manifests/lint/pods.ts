/** Pod templates on their own: volumes, agent env, disruption budgets, security, images, StatefulSet policy. */
import type { Setting } from '../../../agents/lib/config/index.ts';
import { containersOf, envOf, findContainer, podOwners, selects, type K8sObject } from './kustomize.ts';
import { KAFKA_KRAFT_VERSION } from '../../support/versions.ts';
import { SIDECAR_SERVERS, type CheckContext, nsOf, imageRepo, agentOf, schemaSettings, volumeNames } from './shared.ts';

/** Mounts name declared volumes; volumes are used; ConfigMaps and ServiceAccounts exist. */
/**
 * The VOLUMEs the server images declare (their Dockerfiles). A runtime that honours image volumes
 * (containerd's and CRI-O's defaults, podman) mounts a fresh, per-container directory at each one that
 * the pod does not mount exactly, over whatever the pod mounted above it: data written there is lost
 * when the container is replaced; under a read-only mount it cannot make the mount point at all, and the
 * container never starts. (An emptyDir above an image VOLUME it does not need loses nothing.)
 */
export const IMAGE_VOLUMES: ReadonlyArray<readonly [image: RegExp, paths: readonly string[]]> = [
  [/^apache\/kafka:/, ['/var/lib/kafka/data', '/etc/kafka/secrets', '/mnt/shared/config']],
  [/^zookeeper:/, ['/data', '/datalog', '/logs']],
];

function shadowedImageVolumes(image: string, mountPaths: readonly string[]): Array<[imageVolume: string, under: string]> {
  const paths = IMAGE_VOLUMES.find(([re]) => re.test(image))?.[1] ?? [];
  return paths.flatMap((v) => {
    if (mountPaths.includes(v)) return [];
    const parent = mountPaths.find((m) => v.startsWith(`${m.replace(/\/$/, '')}/`));
    return parent ? [[v, parent] as [string, string]] : [];
  });
}

export function checkVolumes(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    const { volumes, claims } = volumeNames(o);
    const used = new Set<string>();
    for (const c of containersOf(o)) {
      const paths = new Set<string>();
      for (const m of c.volumeMounts ?? []) {
        used.add(m.name);
        if (!volumes.has(m.name) && !claims.has(m.name)) {
          problems.push(`${o.where} container ${c.name} mounts "${m.name}", which is neither a volume nor a volumeClaimTemplate`);
        }
        if (paths.has(m.mountPath)) problems.push(`${o.where} container ${c.name} mounts two volumes at ${m.mountPath}`);
        paths.add(m.mountPath);
      }
      for (const [v, under] of shadowedImageVolumes(String(c.image ?? ''), [...paths])) {
        const m = (c.volumeMounts ?? []).find((x: { mountPath: string }) => x.mountPath === under) as { name: string; readOnly?: boolean };
        if (claims.has(m.name)) {
          problems.push(
            `${o.where} container ${c.name} mounts a volume at ${under}, but its image declares VOLUME ${v} inside it: the runtime puts a throwaway volume over ${v}; mount the volume at ${v} itself`,
          );
        } else if (m.readOnly) {
          problems.push(
            `${o.where} container ${c.name} mounts ${m.name} read-only at ${under}, but its image declares VOLUME ${v} inside it: the runtime cannot make that mount point and the container never starts; mount ${m.name} elsewhere`,
          );
        }
      }
    }
    for (const name of [...volumes.keys(), ...claims]) {
      if (!used.has(name)) problems.push(`${o.where} declares volume "${name}" that no container mounts`);
    }
    for (const [name, v] of volumes) {
      const cm = (v as { configMap?: { name: string; optional?: boolean } }).configMap;
      if (cm && !cm.optional && !objs.some((x) => x.kind === 'ConfigMap' && x.metadata.name === cm.name && nsOf(x) === nsOf(o.obj))) {
        problems.push(`${o.where} volume "${name}" needs ConfigMap ${cm.name}, which is not rendered`);
      }
    }
    const sa = o.template.spec?.serviceAccountName;
    if (sa && sa !== 'default' && !objs.some((x) => x.kind === 'ServiceAccount' && x.metadata.name === sa && nsOf(x) === nsOf(o.obj))) {
      problems.push(`${o.where} runs as ServiceAccount ${sa}, which is not rendered`);
    }
  }
  return problems;
}

/**
 * Every env var on one of our agent containers is a setting that agent declares,
 * its literal value parses as the agent would parse it, and required settings are set.
 */
export function checkAgentEnv(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    if (o.template.spec?.enableServiceLinks !== false) {
      problems.push(`${o.where} must set enableServiceLinks: false: Services kafka, zoo and zookeeper would inject KAFKA_PORT, ZOO_PORT and the like, which read as settings`);
    }
    for (const c of containersOf(o)) {
      const where = `${o.where} container ${c.name}`;
      const names = ((c.env ?? []) as Array<{ name: string }>).map((e) => e.name);
      for (const dup of names.filter((n, i) => names.indexOf(n) !== i)) problems.push(`${where} sets ${dup} twice`);
      const agent = agentOf(c, ctx.agents);
      if (!agent) continue;
      if (c.name !== agent) problems.push(`${where} runs agent ${agent}: name the container after its agent`);
      if (c.command || c.args) problems.push(`${where} overrides the image's entrypoint: agents take settings from env only`);
      const schema = ctx.schemas[agent];
      if (!schema) {
        problems.push(`${where}: no settings schema for agent ${agent}; add it to test/support/agent-schemas.ts so its env can be checked`);
        continue;
      }
      const settings = schemaSettings(schema);
      const byEnv = new Map<string, Setting<unknown>>();
      for (const s of settings) for (const e of [s.env, ...s.fallbackEnv]) byEnv.set(e, s);
      for (const e of (c.env ?? []) as Array<{ name: string; value?: string; valueFrom?: unknown }>) {
        // The runtime's own knob (heap sizing), read by node before any agent code runs.
        if (e.name === 'NODE_OPTIONS') continue;
        const s = byEnv.get(e.name);
        if (!s) {
          problems.push(`${where} sets ${e.name}, which ${agent} does not declare (its settings: ${settings.map((x) => x.env).join(', ')})`);
          continue;
        }
        if (e.valueFrom === undefined) {
          try {
            s.parse(e.value ?? '');
          } catch (err) {
            problems.push(`${where} ${e.name}=${JSON.stringify(e.value ?? '')}: ${(err as Error).message}`);
          }
        }
      }
      if (c.envFrom) problems.push(`${where} uses envFrom: list each setting so it can be checked`);
      for (const s of settings) {
        // A StatefulSet pod's HOSTNAME is its name, so a HOSTNAME fallback is always there.
        if (s.required && s.default === undefined && !names.includes(s.env) && !s.fallbackEnv.includes('HOSTNAME')) {
          problems.push(`${where} does not set ${s.env}, which ${agent} requires`);
        }
      }
    }
  }
  return problems;
}


/** Each PodDisruptionBudget covers exactly one workload and lets a drain proceed; each StatefulSet has one. */
export function checkPdbs(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const owners = podOwners(objs).filter((o) => o.obj.kind !== 'Job');
  for (const pdb of objs.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const where = `PodDisruptionBudget/${pdb.metadata.name}`;
    const sel = pdb.spec?.selector?.matchLabels;
    if (pdb.spec?.selector?.matchExpressions) problems.push(`${where}: use matchLabels only, so the check can follow it`);
    const hit = owners.filter((o) => nsOf(o.obj) === nsOf(pdb) && selects(sel, o.template.metadata?.labels));
    if (hit.length !== 1) {
      problems.push(`${where} selects ${hit.length} workloads (${hit.map((h) => h.where).join(', ') || 'none'}); it must select exactly one`);
      continue;
    }
    const replicas = hit[0]!.obj.spec.replicas ?? 1;
    const { maxUnavailable, minAvailable } = pdb.spec;
    if (typeof maxUnavailable === 'number' && maxUnavailable < 1) problems.push(`${where} maxUnavailable ${maxUnavailable} blocks every drain`);
    if (typeof minAvailable === 'number' && minAvailable >= replicas) problems.push(`${where} minAvailable ${minAvailable} of ${replicas} blocks every drain`);
  }
  for (const o of owners.filter((x) => x.obj.kind === 'StatefulSet')) {
    const pdbs = objs.filter((p) => p.kind === 'PodDisruptionBudget' && nsOf(p) === nsOf(o.obj) && selects(p.spec?.selector?.matchLabels, o.template.metadata?.labels));
    if (pdbs.length === 0) problems.push(`${o.where} has no PodDisruptionBudget`);
  }
  return problems;
}


/** Non-root, no privilege escalation, no capabilities, read-only roots for our pods; resources everywhere. */
export function checkSecurity(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    const pod = o.template.spec ?? {};
    const ours = containersOf(o).some((c) => agentOf(c, ctx.agents));
    const servers = new Set<string>(SIDECAR_SERVERS);
    if (ours) {
      const sc = pod.securityContext ?? {};
      if (sc.runAsNonRoot !== true) problems.push(`${o.where} must set runAsNonRoot`);
      if (sc.runAsUser !== 1000 || sc.fsGroup !== 1000) problems.push(`${o.where} must run as uid 1000 with fsGroup 1000 (the servers' image user)`);
      if (sc.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${o.where} should use the RuntimeDefault seccomp profile`);
    }
    for (const c of containersOf(o)) {
      const where = `${o.where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where} must set allowPrivilegeEscalation: false`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where} must drop ALL capabilities`);
      if ((agentOf(c, ctx.agents) || servers.has(c.name)) && sc.readOnlyRootFilesystem !== true) problems.push(`${where} must set readOnlyRootFilesystem`);
      const r = c.resources ?? {};
      if (!r.requests?.cpu || !r.requests?.memory || !r.limits?.memory) problems.push(`${where} needs cpu and memory requests and a memory limit`);
    }
  }
  return problems;
}

/** Images are pinned; ours are <registry>/<agent>:<version>; the servers are the versions we target. */
export function checkImages(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    // Kafka 3.9 for ZooKeeper mode; KRaft pods run the 4.x release the tests run (test/versions.env).
    const init = findContainer(o, 'kafka-init');
    const kraft = init !== undefined && envOf(init).get('KAFKA_METADATA_MODE') === 'kraft';
    const pins: Record<string, RegExp> = { 'apache/kafka': kraft ? new RegExp(`^${KAFKA_KRAFT_VERSION.replace(/\./g, '\\.')}$`) : /^3\.9\.\d+$/, zookeeper: /^3\.8\.\d+$/ };
    for (const c of containersOf(o)) {
      const where = `${o.where} container ${c.name}`;
      const image = c.image ?? '';
      const repo = imageRepo(image);
      const tag = image.includes('@') ? undefined : image.slice(repo.length + 1) || undefined;
      if (!image.includes('@') && !tag) problems.push(`${where} image ${image} has no tag: it would float on latest`);
      if (agentOf(c, ctx.agents) && !image.includes('@') && !/^\d+\.\d+\.\d+/.test(tag ?? '')) {
        problems.push(`${where} image ${image} must carry a release tag (set it with kustomize images:)`);
      }
      const pin = pins[repo];
      if (pin && tag && !pin.test(tag)) problems.push(`${where} image ${image} is not the targeted release (${pin})`);
    }
  }
  return problems;
}

/** StatefulSets that form a quorum or a cluster: parallel start, one member per node, time to stop cleanly. */
export function checkWorkloads(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs).filter((x) => x.obj.kind === 'StatefulSet')) {
    const spec = o.obj.spec;
    if (spec.podManagementPolicy !== 'Parallel') {
      problems.push(`${o.where} needs podManagementPolicy: Parallel: no member is Ready alone, so ordered start-up would wait forever`);
    }
    if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') problems.push(`${o.where} must roll updates`);
    const terms = o.template.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    if (!terms.some((t: { topologyKey: string; labelSelector?: { matchLabels?: Record<string, string> } }) =>
      t.topologyKey === 'kubernetes.io/hostname' && selects(t.labelSelector?.matchLabels, o.template.metadata?.labels))) {
      problems.push(`${o.where} needs pod anti-affinity on kubernetes.io/hostname selecting its own pods`);
    }
    if (findContainer(o, 'kafka') && (o.template.spec?.terminationGracePeriodSeconds ?? 30) < 60) {
      problems.push(`${o.where} terminationGracePeriodSeconds under 60 cuts a controlled shutdown short`);
    }
    if (!selects(spec.selector?.matchLabels, o.template.metadata?.labels)) problems.push(`${o.where} selector does not match its own template`);
  }
  return problems;
}
