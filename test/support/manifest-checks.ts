/**
 * Cross-reference checks over rendered manifests: what a real API server accepts
 * but a real cluster or rollout would break on. Each check is a pure function of
 * the rendered objects and returns the problems it found, one line each, so a
 * test can mutate an object and see the check fail.
 */
import { posix } from 'node:path';
import { commonSettings, resolveConfig, type Schema, type Setting } from '../../agents/lib/config/index.ts';
import { planBroker, type PlanSettings } from '../../agents/kafka-init/broker-plan.ts';
import { parseProperties, type OwnedKey } from '../../agents/lib/properties.ts';
import {
  containersOf,
  envOf,
  findContainer,
  findObject,
  podOwners,
  selects,
  type Container,
  type K8sObject,
  type PodOwner,
} from './kustomize.ts';

/** Registry path of our agents' images: <registry>/<agent>:<tag>. */
export const AGENT_IMAGE_PREFIX = 'ghcr.io/kafka-statefulset/';
export const SIDECAR_SERVERS = ['zookeeper', 'kafka'] as const;
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const STS_POD = /^(.+)-(\d+)$/;

export interface CheckContext {
  /** Settings schema by agent name (test/support/agent-schemas.ts). */
  readonly schemas: Readonly<Record<string, Schema>>;
  /** Every agent folder under agents/ (its image and container name). */
  readonly agents: readonly string[];
  /** Keys each init agent derives, which its template may not set, by agent name. */
  readonly ownedKeys: Readonly<Record<string, readonly OwnedKey[] | undefined>>;
}

// ---------------------------------------------------------------- helpers

function nsOf(o: K8sObject): string {
  return o.metadata.namespace ?? '';
}

function imageRepo(image: string): string {
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

function schemaSettings(schema: Schema): Array<Setting<unknown>> {
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

function podOwnerWith(objs: readonly K8sObject[], container: string): PodOwner[] {
  return podOwners(objs).filter((o) => findContainer(o, container));
}

function portsOf(c: Container): Array<{ name?: string; containerPort: number; hostPort?: number }> {
  return c.ports ?? [];
}

function volumeNames(owner: PodOwner): { volumes: Map<string, Record<string, unknown>>; claims: Set<string> } {
  const volumes = new Map<string, Record<string, unknown>>();
  for (const v of owner.template.spec?.volumes ?? []) volumes.set(v.name, v);
  const claims = new Set<string>((owner.obj.spec?.volumeClaimTemplates ?? []).map((t: K8sObject) => t.metadata?.name));
  return { volumes, claims };
}

/** The mount a path falls under in a container (longest mountPath prefix). */
function mountFor(c: Container, path: string): { name: string; mountPath: string; readOnly?: boolean } | undefined {
  let best: { name: string; mountPath: string; readOnly?: boolean } | undefined;
  for (const m of c.volumeMounts ?? []) {
    const mp = (m.mountPath as string).replace(/\/+$/, '');
    if ((path === mp || path.startsWith(mp + '/')) && (!best || mp.length > best.mountPath.length)) best = m;
  }
  return best;
}

/** Pods a Service selects: pod templates, or single StatefulSet pods by their pod-name label. */
function selectedOwners(objs: readonly K8sObject[], svc: K8sObject): PodOwner[] {
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
function resolveTarget(owner: PodOwner, target: string | number): number | undefined {
  for (const c of owner.template.spec?.containers ?? []) {
    for (const p of portsOf(c)) {
      if (typeof target === 'string' ? p.name === target : p.containerPort === target) return p.containerPort;
    }
  }
  return undefined;
}

function hostPorts(list: string): Array<{ host: string; port: number }> {
  return list
    .replace(/\/.*$/, '')
    .split(',')
    .map((hp) => {
      const i = hp.lastIndexOf(':');
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
    });
}

/** A host:port that names a Service of the client's namespace: short name, or name.<ns>[.svc[.domain]]. */
function serviceFor(objs: readonly K8sObject[], namespace: string, host: string): { svc?: K8sObject; problem?: string } {
  const labels = host.split('.');
  const name = labels[0]!;
  if (labels.length > 1 && labels[1] !== namespace) {
    return { problem: `${host} names namespace ${labels[1]}, not the one it is deployed to (${namespace}): use the short name ${name}` };
  }
  const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === name && nsOf(o) === namespace);
  return svc ? { svc } : { problem: `${host}: no Service ${name} in namespace ${namespace}` };
}

// ---------------------------------------------------------------- checks

/** Service selectors match pod labels, and every targetPort is a declared container port. */
export function checkServices(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const svc of objs.filter((o) => o.kind === 'Service')) {
    const where = `Service/${svc.metadata.name}`;
    if (svc.spec?.type === 'ExternalName') continue;
    if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) {
      problems.push(`${where} has no selector: it would need hand-made Endpoints`);
      continue;
    }
    const owners = selectedOwners(objs, svc);
    if (owners.length === 0) {
      problems.push(`${where} selector ${JSON.stringify(svc.spec.selector)} matches no pod template in namespace ${nsOf(svc)}`);
      continue;
    }
    for (const p of svc.spec.ports ?? []) {
      const target = p.targetPort ?? p.port;
      for (const o of owners) {
        if (resolveTarget(o, target) === undefined) {
          problems.push(`${where} port ${p.name ?? p.port} targets ${JSON.stringify(target)}, which no container of ${o.where} declares`);
        }
      }
    }
  }
  return problems;
}

/**
 * Probe ports as a kubelet resolves them: a named port must be a port of the same
 * container; a number must be a port some container of the pod declares (probing
 * another container's port works, since the pod shares one network namespace).
 * Servers are Ready through the sidecar's /readyz; the sidecar is alive on /healthz.
 */
export function checkProbes(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    const containers = (o.template.spec?.containers ?? []) as Container[];
    const declared = new Set(containers.flatMap((c) => portsOf(c).map((p) => p.containerPort)));
    for (const c of (o.template.spec?.initContainers ?? []) as Container[]) {
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        if (c[kind] && c.restartPolicy !== 'Always') problems.push(`${o.where} init container ${c.name} has a ${kind}: only sidecar init containers may`);
      }
    }
    for (const c of containers) {
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const probe = c[kind];
        if (!probe) continue;
        const action = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
        if (!action) continue;
        const port = action.port;
        const where = `${o.where} container ${c.name} ${kind}`;
        if (typeof port === 'string') {
          if (!portsOf(c).some((p) => p.name === port)) {
            problems.push(`${where} names port "${port}", which container ${c.name} does not declare (a named probe port must be the same container's)`);
          }
        } else if (!declared.has(port)) {
          problems.push(`${where} probes port ${port}, which no container of the pod declares`);
        }
      }
    }
    const sidecar = containers.find((c) => agentOf(c, ctx.agents) === 'sidecar');
    for (const server of containers.filter((c) => (SIDECAR_SERVERS as readonly string[]).includes(c.name))) {
      const where = `${o.where} container ${server.name}`;
      if (!sidecar) {
        problems.push(`${where} has no sidecar beside it to decide its readiness`);
        continue;
      }
      const sidecarPort = Number(rawSetting(sidecar, ctx.schemas.sidecar, 'SIDECAR_PORT'));
      const get = server.readinessProbe?.httpGet;
      if (!get || get.path !== '/readyz') {
        problems.push(`${where} readinessProbe must be httpGet /readyz on the sidecar`);
      } else {
        const resolved = typeof get.port === 'number' ? get.port : portsOf(server).find((p) => p.name === get.port)?.containerPort;
        if (resolved !== sidecarPort) problems.push(`${where} readinessProbe port ${get.port} is not the sidecar's SIDECAR_PORT ${sidecarPort}`);
      }
      if (!portsOf(sidecar).some((p) => p.containerPort === sidecarPort)) {
        problems.push(`${o.where} sidecar listens on SIDECAR_PORT ${sidecarPort} but does not declare that containerPort`);
      }
      const live = sidecar.livenessProbe?.httpGet;
      const livePort = typeof live?.port === 'number' ? live.port : portsOf(sidecar).find((p) => p.name === live?.port)?.containerPort;
      if (!live || live.path !== '/healthz' || livePort !== sidecarPort) {
        problems.push(`${o.where} sidecar livenessProbe must be httpGet /healthz on port ${sidecarPort}`);
      }
      const ann = o.template.metadata?.annotations ?? {};
      if (ann['prometheus.io/scrape'] !== 'true' || ann['prometheus.io/port'] !== String(sidecarPort)) {
        problems.push(`${o.where} pod annotations must ask Prometheus to scrape the sidecar (prometheus.io/scrape "true", prometheus.io/port "${sidecarPort}")`);
      }
    }
  }
  return problems;
}

/**
 * Every claim a StatefulSet makes names a StorageClass that is rendered beside it,
 * one that keeps volumes (Retain) and, for zone-bound disks, binds where the pod lands.
 */
export function checkStorage(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const classes = new Map(objs.filter((o) => o.kind === 'StorageClass').map((o) => [o.metadata.name, o]));
  for (const sc of classes.values()) {
    const where = `StorageClass/${sc.metadata.name}`;
    if (sc.reclaimPolicy !== 'Retain') problems.push(`${where} must keep volumes (reclaimPolicy: Retain): deleting a claim would delete topics`);
    if (sc.allowVolumeExpansion === undefined) problems.push(`${where} must say whether volumes can grow (allowVolumeExpansion)`);
  }
  for (const o of podOwners(objs).filter((x) => x.obj.kind === 'StatefulSet')) {
    for (const t of (o.obj.spec.volumeClaimTemplates ?? []) as K8sObject[]) {
      const where = `${o.where} claim ${t.metadata.name}`;
      const cls = t.spec?.storageClassName as string | undefined;
      if (!cls) {
        problems.push(`${where} names no storageClassName: it would take the cluster's default class, which may delete volumes`);
        continue;
      }
      if (!classes.has(cls)) problems.push(`${where} needs StorageClass ${cls}, which this variant does not render: its pods would stay Pending`);
      if (!t.spec?.resources?.requests?.storage) problems.push(`${where} requests no storage size`);
    }
  }
  // Without a provisioner, every claim needs a hand-made volume of its class, large enough.
  for (const [name, sc] of classes) {
    if (sc.provisioner !== 'kubernetes.io/no-provisioner') continue;
    const claims = podOwners(objs)
      .filter((x) => x.obj.kind === 'StatefulSet')
      .flatMap((x) => ((x.obj.spec.volumeClaimTemplates ?? []) as K8sObject[])
        .filter((t) => t.spec?.storageClassName === name)
        .flatMap((t) => Array.from({ length: x.obj.spec.replicas ?? 1 }, () => bytes(t.spec.resources.requests.storage))))
      .sort((a, b) => b - a);
    const volumes = objs
      .filter((v) => v.kind === 'PersistentVolume' && v.spec?.storageClassName === name)
      .map((v) => bytes(v.spec.capacity?.storage ?? '0'))
      .sort((a, b) => b - a);
    if (volumes.length < claims.length) problems.push(`StorageClass/${name} has no provisioner and ${volumes.length} PersistentVolumes for ${claims.length} claims`);
    claims.forEach((want, i) => {
      if (volumes[i] !== undefined && volumes[i]! < want) problems.push(`StorageClass/${name}: a PersistentVolume is smaller than the claim it would serve`);
    });
  }
  return problems;
}

/** A storage quantity (e.g. 5Gi, 500M) in bytes. */
function bytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]i?)?$/.exec(String(q));
  if (!m) return NaN;
  const unit = m[2] ?? '';
  const pow = ' KMGTPE'.indexOf(unit.charAt(0) || ' ');
  return Number(m[1]) * (unit.endsWith('i') ? 1024 : 1000) ** Math.max(pow, 0);
}

/** Within a pod, every port is opened by one container only, and port names are unique (a Service or probe may name them). */
export function checkPorts(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    const byPort = new Map<number, string>();
    const byName = new Map<string, string>();
    for (const c of (o.template.spec?.containers ?? []) as Container[]) {
      for (const p of portsOf(c)) {
        const other = byPort.get(p.containerPort);
        if (other) problems.push(`${o.where}: containers ${other} and ${c.name} both open port ${p.containerPort}`);
        byPort.set(p.containerPort, c.name);
        if (p.name) {
          const named = byName.get(p.name);
          if (named) problems.push(`${o.where}: port name "${p.name}" is used by ${named} and ${c.name}`);
          byName.set(p.name, c.name);
          if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(p.name) || !/[a-z]/.test(p.name)) {
            problems.push(`${o.where} container ${c.name}: port name "${p.name}" is not an IANA service name (at most 15 lowercase letters, digits, dashes)`);
          }
        }
      }
    }
  }
  return problems;
}

/** Mounts name declared volumes; volumes are used; ConfigMaps and ServiceAccounts exist. */
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

/** What the settings name (DNS names, ports, paths) exists and agrees with the Services and mounts. */
export function checkWiring(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  const need = (agent: string): Schema | undefined => {
    const s = ctx.schemas[agent];
    if (!s) problems.push(`no settings schema for agent ${agent} (test/support/agent-schemas.ts): its wiring cannot be checked`);
    return s;
  };
  const headless = (o: PodOwner, setting: string, name: string | undefined): void => {
    const where = `${o.where} ${setting}=${name}`;
    if (o.obj.spec.serviceName !== name) problems.push(`${where} is not the StatefulSet's serviceName ${o.obj.spec.serviceName}`);
    const svc = objs.find((x) => x.kind === 'Service' && x.metadata.name === name && nsOf(x) === nsOf(o.obj));
    if (!svc) return void problems.push(`${where}: no such Service`);
    if (svc.spec.clusterIP !== 'None') problems.push(`${where}: Service ${name} is not headless (clusterIP: None), so pods get no DNS names`);
    if (svc.spec.publishNotReadyAddresses !== true) problems.push(`${where}: Service ${name} must publishNotReadyAddresses, or peers cannot find each other before they are Ready`);
    if (!selects(svc.spec.selector, o.template.metadata?.labels)) problems.push(`${where}: Service ${name} does not select ${o.where}'s pods`);
  };
  const declaresPort = (o: PodOwner, c: Container | undefined, setting: string, port: number): void => {
    if (!c || !portsOf(c).some((p) => p.containerPort === port)) {
      problems.push(`${o.where} ${setting}=${port} is not a containerPort of container ${c?.name ?? '?'}`);
    }
  };
  const servicesReach = (o: PodOwner, port: number, what: string): K8sObject[] => {
    const svcs = objs.filter(
      (x) => x.kind === 'Service' && nsOf(x) === nsOf(o.obj) && selects(x.spec?.selector, o.template.metadata?.labels) &&
        (x.spec.ports ?? []).some((p: { targetPort?: string | number; port: number }) => resolveTarget(o, p.targetPort ?? p.port) === port),
    );
    if (svcs.length === 0) problems.push(`${o.where}: no Service reaches ${what} port ${port}`);
    return svcs;
  };
  /**
   * A directory shared through one volume by these containers; the first `writers`
   * of them write there (the init agent makes and checks the directory), so their
   * mount may not be read-only.
   */
  const sharedDir = (o: PodOwner, path: string | undefined, setting: string, containers: Array<Container | undefined>, persistent = false, writers = 1): void => {
    if (!path) return;
    const mounts = containers.map((c) => (c ? mountFor(c, path) : undefined));
    mounts.forEach((m, i) => {
      if (!m) problems.push(`${o.where} ${setting}=${path} is on no volume mounted in container ${containers[i]?.name ?? '?'}`);
      else if (i < writers && m.readOnly) problems.push(`${o.where} ${setting}=${path} is mounted read-only in container ${containers[i]?.name}, which writes there`);
    });
    const names = new Set(mounts.filter((m) => m).map((m) => m!.name));
    if (names.size > 1) problems.push(`${o.where} ${setting}=${path} is on different volumes in different containers (${[...names].join(', ')})`);
    const { claims } = volumeNames(o);
    if (persistent && mounts[0] && !claims.has(mounts[0].name)) problems.push(`${o.where} ${setting}=${path} must be on a persistent volume (a volumeClaimTemplate)`);
  };
  const templateFile = (o: PodOwner, c: Container, setting: string, path: string | undefined, owned: readonly OwnedKey[] | undefined, agent: string): string | undefined => {
    if (!path) return undefined;
    const m = mountFor(c, path);
    const vol = m ? volumeNames(o).volumes.get(m.name) : undefined;
    const cmName = (vol as { configMap?: { name: string } } | undefined)?.configMap?.name;
    const cm = cmName ? objs.find((x) => x.kind === 'ConfigMap' && x.metadata.name === cmName && nsOf(x) === nsOf(o.obj)) : undefined;
    const key = m ? posix.relative(m.mountPath, path) : '';
    const text = cm?.data?.[key] as string | undefined;
    if (text === undefined) return void problems.push(`${o.where} ${setting}=${path} is not a key of a ConfigMap mounted in ${c.name}`);
    if (!/-[a-z0-9]{10}$/.test(cmName!)) problems.push(`${o.where} ConfigMap ${cmName} has no content hash in its name: a changed config would not roll the pods (use configMapGenerator)`);
    if (!owned) problems.push(`no list of the keys ${agent} derives: cannot check its template`);
    for (const e of parseProperties(text)) {
      if (owned?.some((k) => (typeof k === 'string' ? k === e.key : k.test(e.key)))) {
        problems.push(`${o.where} ${cmName}/${key} line ${e.line} sets ${e.key}, which ${agent} derives (it would refuse to start)`);
      }
    }
    return text;
  };

  for (const o of podOwnerWith(objs, 'zookeeper-init')) {
    const schema = need('zookeeper-init');
    const init = findContainer(o, 'zookeeper-init')!;
    const server = findContainer(o, 'zookeeper');
    const sidecar = findContainer(o, 'sidecar');
    const get = (env: string) => rawSetting(init, schema, env);
    if (o.obj.kind !== 'StatefulSet') problems.push(`${o.where} runs zookeeper-init outside a StatefulSet: members need stable names`);
    if (Number(get('ZK_REPLICAS')) !== (o.obj.spec.replicas ?? 1)) {
      problems.push(`${o.where} ZK_REPLICAS=${get('ZK_REPLICAS')} but replicas is ${o.obj.spec.replicas}: every member must list the whole ensemble`);
    }
    headless(o, 'ZK_HEADLESS_SERVICE', get('ZK_HEADLESS_SERVICE'));
    const client = Number(get('ZK_CLIENT_PORT'));
    for (const env of ['ZK_CLIENT_PORT', 'ZK_QUORUM_PORT', 'ZK_ELECTION_PORT']) declaresPort(o, server, env, Number(get(env)));
    const svcs = servicesReach(o, client, 'the ZooKeeper client');
    if (!svcs.some((s) => s.spec.clusterIP !== 'None')) problems.push(`${o.where}: no client Service (with a cluster IP) reaches port ${client}`);
    sharedDir(o, get('ZK_CONF_DIR'), 'ZK_CONF_DIR', [init, server]);
    sharedDir(o, get('ZK_DATA_DIR'), 'ZK_DATA_DIR', [init, server], true, 2);
    sharedDir(o, get('ZK_DATA_LOG_DIR'), 'ZK_DATA_LOG_DIR', [init, server], true, 2);
    if (server && envOf(server).get('ZOOCFGDIR') !== get('ZK_CONF_DIR')) {
      problems.push(`${o.where} zookeeper's ZOOCFGDIR=${envOf(server).get('ZOOCFGDIR')} is not ZK_CONF_DIR=${get('ZK_CONF_DIR')}`);
    }
    templateFile(o, init, 'ZK_CONFIG_TEMPLATE', get('ZK_CONFIG_TEMPLATE'), ctx.ownedKeys['zookeeper-init'], 'zookeeper-init');
    if (sidecar) {
      const sschema = need('sidecar');
      if (rawSetting(sidecar, sschema, 'SIDECAR_MODE') !== 'zookeeper') problems.push(`${o.where} sidecar must run in SIDECAR_MODE=zookeeper`);
      const target = rawSetting(sidecar, sschema, 'SIDECAR_TARGET') ?? '127.0.0.1:2181';
      if (Number(target.slice(target.lastIndexOf(':') + 1)) !== client) problems.push(`${o.where} SIDECAR_TARGET=${target} is not the client port ${client}`);
    }
  }

  for (const o of podOwnerWith(objs, 'kafka-init')) {
    const schema = need('kafka-init');
    const init = findContainer(o, 'kafka-init')!;
    const server = findContainer(o, 'kafka');
    const sidecar = findContainer(o, 'sidecar');
    const get = (env: string) => rawSetting(init, schema, env);
    const ns = nsOf(o.obj);
    const replicas = o.obj.spec.replicas ?? 1;
    if (o.obj.kind !== 'StatefulSet') problems.push(`${o.where} runs kafka-init outside a StatefulSet: brokers need stable names`);
    headless(o, 'KAFKA_HEADLESS_SERVICE', get('KAFKA_HEADLESS_SERVICE'));
    const internal = Number(get('KAFKA_INTERNAL_PORT'));
    declaresPort(o, server, 'KAFKA_INTERNAL_PORT', internal);
    const svcs = servicesReach(o, internal, 'the INTERNAL listener');
    if (!svcs.some((s) => s.spec.clusterIP !== 'None')) problems.push(`${o.where}: no bootstrap Service (with a cluster IP) reaches port ${internal}`);
    const zkConnect = get('KAFKA_ZOOKEEPER_CONNECT') ?? '';
    const zooOwners = podOwnerWith(objs, 'zookeeper-init');
    for (const { host, port } of hostPorts(zkConnect)) {
      const { svc, problem } = serviceFor(objs, ns, host);
      if (problem) problems.push(`${o.where} KAFKA_ZOOKEEPER_CONNECT: ${problem}`);
      if (!svc) continue;
      const p = (svc.spec.ports ?? []).find((x: { port: number }) => x.port === port);
      if (!p) problems.push(`${o.where} KAFKA_ZOOKEEPER_CONNECT: Service ${svc.metadata.name} has no port ${port}`);
      if (!zooOwners.some((z) => selects(svc.spec.selector, z.template.metadata?.labels))) {
        problems.push(`${o.where} KAFKA_ZOOKEEPER_CONNECT: Service ${svc.metadata.name} does not select the ZooKeeper pods`);
      }
    }
    const configOut = get('KAFKA_CONFIG_OUT');
    sharedDir(o, configOut, 'KAFKA_CONFIG_OUT', [init, server]);
    if (server && configOut && !(server.command ?? []).concat(server.args ?? []).includes(configOut)) {
      problems.push(`${o.where} kafka does not start on KAFKA_CONFIG_OUT=${configOut}`);
    }
    sharedDir(o, get('KAFKA_DATA_DIR'), 'KAFKA_DATA_DIR', [init, server], true, 2);
    const identity = get('KAFKA_IDENTITY_OUT');
    sharedDir(o, identity, 'KAFKA_IDENTITY_OUT', [init, sidecar]);
    const template = templateFile(o, init, 'KAFKA_CONFIG_TEMPLATE', get('KAFKA_CONFIG_TEMPLATE'), ctx.ownedKeys['kafka-init'], 'kafka-init');
    if (template !== undefined) problems.push(...replicationProblems(o, template, replicas));
    const mode = get('KAFKA_EXTERNAL_MODE') ?? 'none';
    if (mode !== 'none') {
      const containerPort = Number(get('KAFKA_EXTERNAL_CONTAINER_PORT'));
      declaresPort(o, server, 'KAFKA_EXTERNAL_CONTAINER_PORT', containerPort);
      if (mode === 'hostport') {
        const hp = Number(get('KAFKA_EXTERNAL_HOSTPORT'));
        if (!server || !portsOf(server).some((p) => p.containerPort === containerPort && p.hostPort === hp)) {
          problems.push(`${o.where} hostport mode: container port ${containerPort} needs hostPort ${hp}`);
        }
      } else {
        const tmpl = get('KAFKA_EXTERNAL_SERVICE_TEMPLATE') ?? '';
        for (let n = 0; n < replicas; n++) {
          const name = tmpl.replace('{ordinal}', String(n));
          const svc = objs.find((x) => x.kind === 'Service' && x.metadata.name === name && nsOf(x) === ns);
          const where = `${o.where} KAFKA_EXTERNAL_MODE=${mode}: Service ${name}`;
          if (!svc) {
            problems.push(`${where} (from KAFKA_EXTERNAL_SERVICE_TEMPLATE) is missing for broker ${n}`);
            continue;
          }
          const wantType = mode === 'nodeport' ? 'NodePort' : 'LoadBalancer';
          if (svc.spec.type !== wantType) problems.push(`${where} is of type ${svc.spec.type ?? 'ClusterIP'}, not ${wantType}`);
          if (svc.spec.selector?.[POD_NAME_LABEL] !== `${o.obj.metadata.name}-${n}`) {
            problems.push(`${where} must select only pod ${o.obj.metadata.name}-${n} (${POD_NAME_LABEL})`);
          }
          if (svc.spec.externalTrafficPolicy !== 'Local') problems.push(`${where} needs externalTrafficPolicy: Local`);
          const ports = (svc.spec.ports ?? []) as Array<{ port: number; targetPort?: string | number }>;
          if (ports.length !== 1 || resolveTarget(o, ports[0]!.targetPort ?? ports[0]!.port) !== containerPort) {
            problems.push(`${where} must have one port targeting the EXTERNAL container port ${containerPort}`);
          }
        }
      }
    }
    if (sidecar) {
      const sschema = need('sidecar');
      if (rawSetting(sidecar, sschema, 'SIDECAR_MODE') !== 'kafka') problems.push(`${o.where} sidecar must run in SIDECAR_MODE=kafka`);
      const target = rawSetting(sidecar, sschema, 'SIDECAR_TARGET') ?? '127.0.0.1:9092';
      if (Number(target.slice(target.lastIndexOf(':') + 1)) !== internal) problems.push(`${o.where} SIDECAR_TARGET=${target} is not the INTERNAL port ${internal}`);
      const idFile = rawSetting(sidecar, sschema, 'SIDECAR_IDENTITY_FILE');
      if (idFile !== identity) problems.push(`${o.where} SIDECAR_IDENTITY_FILE=${idFile} is not kafka-init's KAFKA_IDENTITY_OUT=${identity}`);
    }
  }

  // Clients in the namespace: CMAK's ZooKeeper, the test pods' bootstrap servers, URLs in commands.
  for (const o of podOwners(objs)) {
    for (const c of containersOf(o)) {
      const refs: string[] = [];
      const zkHosts = envOf(c).get('ZK_HOSTS');
      if (zkHosts) refs.push(zkHosts);
      const words = [...(c.command ?? []), ...(c.args ?? [])].flatMap((w: string) => w.split(/\s+/));
      words.forEach((w, i) => {
        if (w === '--bootstrap-server' && words[i + 1]) refs.push(words[i + 1]!);
        const zk = /^zkHosts=(.+)$/.exec(w);
        if (zk) refs.push(zk[1]!);
        const url = /^https?:\/\/([^/:]+)(?::(\d+))?/.exec(w);
        if (url) refs.push(`${url[1]}:${url[2] ?? (w.startsWith('https') ? 443 : 80)}`);
      });
      for (const ref of refs) {
        for (const { host, port } of hostPorts(ref)) {
          const { svc, problem } = serviceFor(objs, nsOf(o.obj), host);
          if (problem) problems.push(`${o.where} container ${c.name}: ${problem}`);
          else if (!(svc!.spec.ports ?? []).some((p: { port: number }) => p.port === port)) {
            problems.push(`${o.where} container ${c.name}: Service ${svc!.metadata.name} has no port ${port}`);
          }
        }
      }
    }
  }
  return problems;
}

/** Replication settings a cluster of `replicas` brokers can honour, with one broker down. */
export function replicationProblems(o: PodOwner, template: string, replicas: number): string[] {
  const problems: string[] = [];
  const props = new Map(parseProperties(template).map((e) => [e.key, e.value]));
  const num = (k: string): number | undefined => (props.has(k) ? Number(props.get(k)) : undefined);
  const want = Math.min(3, replicas);
  const pairs: Array<[string, string | undefined]> = [
    ['default.replication.factor', 'min.insync.replicas'],
    ['offsets.topic.replication.factor', undefined],
    ['transaction.state.log.replication.factor', 'transaction.state.log.min.isr'],
  ];
  for (const [rfKey, isrKey] of pairs) {
    const rf = num(rfKey);
    if (rf === undefined) {
      problems.push(`${o.where} server.properties must set ${rfKey} (for ${replicas} broker(s): ${want})`);
      continue;
    }
    if (rf > replicas) problems.push(`${o.where} ${rfKey}=${rf} exceeds the ${replicas} broker(s): creating such topics fails`);
    if (rf < want) problems.push(`${o.where} ${rfKey}=${rf} keeps fewer copies than ${replicas} broker(s) allow (${want})`);
    if (!isrKey) continue;
    const isr = num(isrKey);
    if (isr === undefined) {
      problems.push(`${o.where} server.properties must set ${isrKey}`);
      continue;
    }
    if (isr > rf) problems.push(`${o.where} ${isrKey}=${isr} exceeds ${rfKey}=${rf}: acks=all writes would always fail`);
    if (rf > 1 && isr >= rf) problems.push(`${o.where} ${isrKey}=${isr} leaves no room for one broker down (${rfKey}=${rf})`);
    if (rf >= 3 && isr < 2) problems.push(`${o.where} ${isrKey}=${isr}: an acknowledged write could live on one broker only`);
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

interface Grant {
  scope: 'cluster' | 'namespace';
  resource: string;
  verb: string;
}

const grantKey = (g: Grant): string => `${g.verb} ${g.resource} (${g.scope === 'cluster' ? 'cluster-wide' : 'in the namespace'})`;

/** Downward-API values a pod would see, for resolving an agent's settings offline. */
function downwardValue(fieldPath: string, podName: string, namespace: string): string {
  const values: Record<string, string> = {
    'metadata.name': podName,
    'metadata.namespace': namespace,
    'spec.nodeName': 'node-a',
    'status.hostIP': '192.0.2.10',
    'status.podIP': '192.0.2.20',
  };
  return values[fieldPath] ?? '';
}

/** The environment a container's agent sees: literal values, and downward-API fields as a pod would have them. */
export function containerEnv(c: Container, podName: string, namespace: string): Record<string, string> {
  const env: Record<string, string> = { HOSTNAME: podName };
  for (const e of (c.env ?? []) as Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>) {
    env[e.name] = e.valueFrom?.fieldRef ? downwardValue(e.valueFrom.fieldRef.fieldPath, podName, namespace) : (e.value ?? '');
  }
  return env;
}

/**
 * What kafka-init asks the API for, from its own plan of the pod's settings
 * (planBroker): the node when it reads a rack label or a node address, its
 * outside-N Service when it discovers a nodePort or a load balancer.
 */
export function kafkaInitNeeds(init: Container, schema: Schema, podName = 'kafka-0', namespace = 'kafka'): Grant[] {
  const env = containerEnv(init, podName, namespace);
  const { config } = resolveConfig({ ...schema, ...commonSettings }, { help: false, values: new Map() }, env);
  const plan = planBroker(config as unknown as PlanSettings);
  const needs: Grant[] = [];
  if (plan.node) needs.push({ scope: 'cluster', resource: 'nodes', verb: 'get' });
  if (plan.external?.serviceName !== undefined) needs.push({ scope: 'namespace', resource: 'services', verb: 'get' });
  return needs;
}

/** RBAC grants each pod's ServiceAccount exactly what its agents' modes need; pods that need none get no token. */
export function checkRbac(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  const bindings = objs.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
  const usedAccounts = new Set<string>();
  for (const b of bindings) {
    for (const s of b.subjects ?? []) {
      if (s.kind === 'ServiceAccount' && !s.namespace) problems.push(`${b.kind}/${b.metadata.name} subject ${s.name} has no namespace`);
    }
    const ref = b.roleRef ?? {};
    const role = objs.find((o) => o.kind === ref.kind && o.metadata.name === ref.name && (ref.kind === 'ClusterRole' || nsOf(o) === nsOf(b)));
    if (!role) problems.push(`${b.kind}/${b.metadata.name} refers to ${ref.kind} ${ref.name}, which is not rendered`);
  }
  for (const o of podOwners(objs)) {
    const ns = nsOf(o.obj);
    const sa = o.template.spec?.serviceAccountName ?? 'default';
    const init = findContainer(o, 'kafka-init');
    let needs: Grant[] = [];
    if (init) {
      const schema = ctx.schemas['kafka-init'];
      if (!schema) {
        problems.push(`${o.where}: no settings schema for kafka-init (test/support/agent-schemas.ts): cannot tell which RBAC its modes need`);
        continue;
      }
      try {
        needs = kafkaInitNeeds(init, schema, `${o.obj.metadata.name}-0`, ns);
      } catch (e) {
        problems.push(`${o.where}: kafka-init would refuse its settings: ${(e as Error).message}`);
        continue;
      }
    }
    const granted: Grant[] = [];
    for (const b of bindings) {
      if (!(b.subjects ?? []).some((s: { kind: string; name: string; namespace?: string }) => s.kind === 'ServiceAccount' && s.name === sa && s.namespace === ns)) continue;
      if (b.kind === 'RoleBinding' && nsOf(b) !== ns) continue;
      usedAccounts.add(`${ns}/${sa}`);
      const role = objs.find((r) => r.kind === b.roleRef?.kind && r.metadata.name === b.roleRef?.name && (r.kind === 'ClusterRole' || nsOf(r) === nsOf(b)));
      const scope = b.kind === 'ClusterRoleBinding' ? 'cluster' : 'namespace';
      for (const rule of role?.rules ?? []) {
        const where = `${role!.kind}/${role!.metadata.name}`;
        for (const g of rule.apiGroups ?? []) if (g !== '') problems.push(`${where} grants in API group "${g}", which no agent uses`);
        for (const resource of rule.resources ?? []) {
          for (const verb of rule.verbs ?? []) {
            if (resource === '*' || verb === '*') problems.push(`${where} grants a wildcard (${verb} ${resource})`);
            granted.push({ scope, resource, verb });
          }
        }
      }
    }
    const have = new Set(granted.map(grantKey));
    const want = new Set(needs.map(grantKey));
    for (const w of want) if (!have.has(w)) problems.push(`${o.where} (ServiceAccount ${sa}) needs ${w} for kafka-init's settings, and no rule grants it`);
    for (const h of have) if (!want.has(h)) problems.push(`${o.where} (ServiceAccount ${sa}) is granted ${h}, which none of its agents' modes needs`);
    const automount = o.template.spec?.automountServiceAccountToken;
    if (needs.length === 0 && automount !== false) problems.push(`${o.where} calls no API: set automountServiceAccountToken: false`);
    if (needs.length > 0 && automount === false) problems.push(`${o.where} kafka-init calls the API but the pod gets no token`);
    if (needs.length > 0 && sa === 'default') problems.push(`${o.where} uses the default ServiceAccount: give it its own`);
  }
  for (const b of bindings) {
    for (const s of b.subjects ?? []) {
      if (s.kind === 'ServiceAccount' && !usedAccounts.has(`${s.namespace}/${s.name}`)) {
        problems.push(`${b.kind}/${b.metadata.name} grants to ServiceAccount ${s.namespace}/${s.name}, which no pod needing it uses`);
      }
    }
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
  const pins: Record<string, RegExp> = { 'apache/kafka': /^3\.9\.\d+$/, zookeeper: /^3\.8\.\d+$/ };
  for (const o of podOwners(objs)) {
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

/** Every check, by name, for the tests to run one by one. */
export const CHECKS = {
  services: (objs: readonly K8sObject[]) => checkServices(objs),
  probes: (objs: readonly K8sObject[], ctx: CheckContext) => checkProbes(objs, ctx),
  volumes: (objs: readonly K8sObject[]) => checkVolumes(objs),
  ports: (objs: readonly K8sObject[]) => checkPorts(objs),
  storage: (objs: readonly K8sObject[]) => checkStorage(objs),
  agentEnv: (objs: readonly K8sObject[], ctx: CheckContext) => checkAgentEnv(objs, ctx),
  wiring: (objs: readonly K8sObject[], ctx: CheckContext) => checkWiring(objs, ctx),
  pdbs: (objs: readonly K8sObject[]) => checkPdbs(objs),
  rbac: (objs: readonly K8sObject[], ctx: CheckContext) => checkRbac(objs, ctx),
  security: (objs: readonly K8sObject[], ctx: CheckContext) => checkSecurity(objs, ctx),
  images: (objs: readonly K8sObject[], ctx: CheckContext) => checkImages(objs, ctx),
  workloads: (objs: readonly K8sObject[]) => checkWorkloads(objs),
} as const;

export type CheckName = keyof typeof CHECKS;

export { findObject };
