/**
 * A pod template, turned into what `podman run` needs, the way a kubelet would
 * read it: env with the downward API and $(VAR) references resolved, command
 * and args, volume mounts, ports by name, the security context (user, groups,
 * fsGroup, read-only root, capabilities), memory limits, and the probes'
 * targets. Pure: the pod's facts come in as arguments. The subset of PodSpec
 * the manifests use; anything else in a container raises an error naming the field.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** What the kubelet knows about a pod that its containers can ask for through the downward API. */
import { quantityBytes } from '../../support/quantity.ts';

export interface PodFacts {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly podIP: string;
  readonly hostIP: string;
  readonly nodeName: string;
  readonly serviceAccountName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface ConfigData {
  /** ConfigMaps by name: key -> value. */
  readonly configMaps: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Secrets by name: key -> decoded value. */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export class PodTemplateError extends Error {}

/** The value of a downward-API fieldRef. */
export function fieldRefValue(fieldPath: string, pod: PodFacts): string {
  const simple: Record<string, string> = {
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'metadata.uid': pod.uid,
    'spec.nodeName': pod.nodeName,
    'spec.serviceAccountName': pod.serviceAccountName,
    'status.podIP': pod.podIP,
    'status.podIPs': pod.podIP,
    'status.hostIP': pod.hostIP,
    'status.hostIPs': pod.hostIP,
  };
  if (fieldPath in simple) return simple[fieldPath]!;
  const m = /^metadata\.(labels|annotations)\['([^']+)'\]$/.exec(fieldPath);
  if (m) return (m[1] === 'labels' ? pod.labels : pod.annotations)[m[2]!] ?? '';
  throw new PodTemplateError(`fieldRef ${fieldPath} is not one the downward API offers`);
}

/** A Kubernetes quantity of bytes as a number; a quantity the kubelet would refuse is an error. */
export function memoryBytes(q: string | number): number {
  const n = quantityBytes(q);
  if (Number.isNaN(n)) throw new PodTemplateError(`memory quantity "${q}" is not understood`);
  return n;
}

/** Replaces $(NAME) with earlier variables, as the kubelet does; $$(NAME) stays literal; unknown references stay as they are. */
export function expandVars(s: string, vars: Readonly<Record<string, string>>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (all, name: string | undefined) => {
    if (all === '$$') return '$';
    return name !== undefined && name in vars ? vars[name]! : all;
  });
}

function resourceFieldValue(ref: Json, container: Json): string {
  const [kind, res] = String(ref.resource).split('.');
  const v = container.resources?.[kind === 'limits' ? 'limits' : 'requests']?.[res!];
  if (v === undefined) throw new PodTemplateError(`resourceFieldRef ${ref.resource}: the container does not set it`);
  if (res === 'memory') return String(Math.ceil(memoryBytes(v) / memoryBytes(ref.divisor ?? '1')));
  return String(v);
}

/** The container's environment, in order, resolved. */
export function resolveEnv(container: Json, pod: PodFacts, data: ConfigData): Record<string, string> {
  const env: Record<string, string> = {};
  const lookup = (kind: 'configMaps' | 'secrets', name: string, key?: string, optional?: boolean): string | Record<string, string> | undefined => {
    const obj = data[kind][name];
    if (!obj) {
      if (optional) return undefined;
      throw new PodTemplateError(`${kind === 'configMaps' ? 'ConfigMap' : 'Secret'} ${name} is not in the rendered manifests`);
    }
    if (key === undefined) return obj as Record<string, string>;
    if (!(key in obj)) {
      if (optional) return undefined;
      throw new PodTemplateError(`key ${key} is not in ${name}`);
    }
    return obj[key];
  };
  for (const from of container.envFrom ?? []) {
    const src = from.configMapRef
      ? lookup('configMaps', from.configMapRef.name, undefined, from.configMapRef.optional)
      : lookup('secrets', from.secretRef.name, undefined, from.secretRef.optional);
    for (const [k, v] of Object.entries((src as Record<string, string> | undefined) ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of container.env ?? []) {
    const vf = e.valueFrom;
    let value: string | undefined;
    if (!vf) value = expandVars(String(e.value ?? ''), env);
    else if (vf.fieldRef) value = fieldRefValue(vf.fieldRef.fieldPath, pod);
    else if (vf.resourceFieldRef) value = resourceFieldValue(vf.resourceFieldRef, container);
    else if (vf.configMapKeyRef) value = lookup('configMaps', vf.configMapKeyRef.name, vf.configMapKeyRef.key, vf.configMapKeyRef.optional) as string | undefined;
    else if (vf.secretKeyRef) value = lookup('secrets', vf.secretKeyRef.name, vf.secretKeyRef.key, vf.secretKeyRef.optional) as string | undefined;
    else throw new PodTemplateError(`env ${e.name}: valueFrom ${Object.keys(vf).join(',')} is not supported`);
    if (value !== undefined) env[e.name] = value;
  }
  return env;
}

/** A port given by number or by a container port's name, as probes give it. */
export function resolvePort(port: number | string, containers: readonly Json[]): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  for (const c of containers) for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
  throw new PodTemplateError(`no container port is named ${port}`);
}

export interface HttpProbe {
  readonly container: string;
  readonly path: string;
  readonly port: number;
  readonly scheme: 'HTTP' | 'HTTPS';
  readonly timeoutSeconds: number;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
}

/** A container's httpGet probe of the given kind, with a named port resolved; undefined for other kinds. */
export function httpProbe(spec: Json, containerName: string, kind: 'readinessProbe' | 'livenessProbe' | 'startupProbe'): HttpProbe | undefined {
  const c = (spec.containers as Json[]).find((x) => x.name === containerName);
  if (!c) throw new PodTemplateError(`no container ${containerName}`);
  const p = c[kind];
  if (!p?.httpGet) return undefined;
  return {
    container: containerName,
    path: p.httpGet.path ?? '/',
    port: resolvePort(p.httpGet.port, spec.containers),
    scheme: p.httpGet.scheme ?? 'HTTP',
    timeoutSeconds: p.timeoutSeconds ?? 1,
    periodSeconds: p.periodSeconds ?? 10,
    failureThreshold: p.failureThreshold ?? 3,
  };
}

/** How a pod's volume is backed on this machine: a directory (emptyDir, claim) or files written for it. */
export type VolumeSource =
  | { kind: 'emptyDir'; name: string }
  | { kind: 'claim'; name: string; claim: string }
  | { kind: 'files'; name: string; sources: Json[] };

/**
 * The pod's volumes: its own, and one per claim template (named <claim>-<pod>, as a StatefulSet
 * names PVCs). configMap, secret, downwardAPI and projected volumes are files (volumeFiles).
 */
export function podVolumes(statefulSet: Json, podName: string): VolumeSource[] {
  const spec = statefulSet.spec.template.spec;
  const out: VolumeSource[] = [];
  for (const v of spec.volumes ?? []) {
    if (v.emptyDir) out.push({ kind: 'emptyDir', name: v.name });
    else if (v.persistentVolumeClaim) out.push({ kind: 'claim', name: v.name, claim: v.persistentVolumeClaim.claimName });
    else if (v.configMap) out.push({ kind: 'files', name: v.name, sources: [{ configMap: v.configMap }] });
    else if (v.secret) out.push({ kind: 'files', name: v.name, sources: [{ secret: { ...v.secret, name: v.secret.secretName } }] });
    else if (v.downwardAPI) out.push({ kind: 'files', name: v.name, sources: [{ downwardAPI: v.downwardAPI }] });
    else if (v.projected) out.push({ kind: 'files', name: v.name, sources: v.projected.sources ?? [] });
    else throw new PodTemplateError(`volume ${v.name}: ${Object.keys(v).filter((k) => k !== 'name').join(',')} is not supported`);
  }
  for (const t of statefulSet.spec.volumeClaimTemplates ?? []) {
    out.push({ kind: 'claim', name: t.metadata.name, claim: `${t.metadata.name}-${podName}` });
  }
  return out;
}

/**
 * The files of a configMap, secret, downwardAPI or projected volume, by path, as the kubelet writes
 * them. `containers` are the pod's (for resourceFieldRef items, which name theirs); `token` is the
 * service-account token a projected serviceAccountToken source gets.
 */
export function volumeFiles(sources: readonly Json[], pod: PodFacts, data: ConfigData, containers: readonly Json[] = [], token?: string): Record<string, string> {
  const files: Record<string, string> = {};
  const keyed = (what: 'configMaps' | 'secrets', src: Json) => {
    const obj = data[what][src.name];
    if (!obj) {
      if (src.optional) return;
      throw new PodTemplateError(`${what === 'configMaps' ? 'ConfigMap' : 'Secret'} ${src.name} is not in the rendered manifests`);
    }
    const items: Array<{ key: string; path: string }> = src.items ?? Object.keys(obj).map((key) => ({ key, path: key }));
    for (const { key, path } of items) {
      if (!(key in obj)) throw new PodTemplateError(`key ${key} is not in ${src.name}`);
      files[path] = obj[key]!;
    }
  };
  for (const src of sources) {
    if (src.configMap) keyed('configMaps', src.configMap);
    else if (src.secret) keyed('secrets', src.secret);
    else if (src.downwardAPI) {
      for (const item of src.downwardAPI.items ?? []) {
        const ref = item.resourceFieldRef;
        files[item.path] = item.fieldRef
          ? fieldRefValue(item.fieldRef.fieldPath, pod)
          : resourceFieldValue(ref, containers.find((c) => c.name === ref?.containerName) ?? {});
      }
    } else if (src.serviceAccountToken) {
      if (token === undefined) throw new PodTemplateError('a serviceAccountToken volume source needs a token: give the pods a Kubernetes API');
      files[src.serviceAccountToken.path] = token;
    } else throw new PodTemplateError(`volume source ${Object.keys(src).join(',')} is not supported`);
  }
  return files;
}

/** The user, groups and flags a container runs with, from the pod's and the container's securityContext. */
export function securityArgs(spec: Json, container: Json): string[] {
  const pod = spec.securityContext ?? {};
  const sc = { ...pod, ...(container.securityContext ?? {}) };
  const args: string[] = [];
  if (sc.runAsUser !== undefined) args.push('--user', sc.runAsGroup !== undefined ? `${sc.runAsUser}:${sc.runAsGroup}` : String(sc.runAsUser));
  if (sc.runAsNonRoot && sc.runAsUser === 0) throw new PodTemplateError(`container ${container.name}: runAsNonRoot with runAsUser 0`);
  for (const g of [...(pod.fsGroup !== undefined ? [pod.fsGroup] : []), ...(pod.supplementalGroups ?? [])]) args.push('--group-add', String(g));
  // podman adds tmpfs on /tmp, /run and /var/tmp to a read-only container; a kubelet does not.
  if (sc.readOnlyRootFilesystem) args.push('--read-only', '--read-only-tmpfs=false');
  for (const cap of sc.capabilities?.drop ?? []) args.push('--cap-drop', cap);
  for (const cap of sc.capabilities?.add ?? []) args.push('--cap-add', cap);
  if (sc.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  if (sc.privileged) throw new PodTemplateError(`container ${container.name}: privileged containers are not run here`);
  return args;
}

export interface RunPlanInput {
  readonly spec: Json;
  readonly container: Json;
  readonly pod: PodFacts;
  readonly data: ConfigData;
  /** Host directory of each volume, by volume name. */
  readonly volumeDirs: Readonly<Record<string, string>>;
  /** The image to run instead of the one named (local builds, stand-ins). */
  readonly image: string;
  /** A host file mounted at the container's terminationMessagePath. */
  readonly terminationLog?: string;
}

/** `podman run` options (everything but name, network and hosts) and the argv after the image. */
export function containerRunArgs(input: RunPlanInput): { options: string[]; image: string; argv: string[]; env: Record<string, string> } {
  const { container: c, spec } = input;
  const env = resolveEnv(c, input.pod, input.data);
  const options: string[] = [];
  for (const [k, v] of Object.entries(env)) options.push('--env', `${k}=${v}`);
  for (const m of c.volumeMounts ?? []) {
    const dir = input.volumeDirs[m.name];
    if (dir === undefined) throw new PodTemplateError(`container ${c.name}: volumeMount ${m.name} names no volume`);
    const src = m.subPath ? `${dir}/${m.subPath}` : dir;
    options.push('--volume', `${src}:${m.mountPath}${m.readOnly ? ':ro' : ''}`);
  }
  if (input.terminationLog) options.push('--volume', `${input.terminationLog}:${c.terminationMessagePath ?? '/dev/termination-log'}`);
  options.push(...securityArgs(spec, c));
  const mem = c.resources?.limits?.memory;
  if (mem !== undefined) options.push('--memory', String(memoryBytes(mem)));
  if (c.workingDir) options.push('--workdir', c.workingDir);
  const command: string[] = (c.command ?? []).map((s: string) => expandVars(s, env));
  const args: string[] = (c.args ?? []).map((s: string) => expandVars(s, env));
  if (command.length > 0) options.push('--entrypoint', JSON.stringify(command));
  // With a command but no args, the image's CMD must not be appended: pass args as given (maybe none).
  return { options, image: input.image, argv: args, env };
}
