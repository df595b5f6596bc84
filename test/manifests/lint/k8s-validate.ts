/**
 * Validates rendered objects against the Kubernetes API as strictly as an API
 * server with strict field validation (kubectl apply's default) does:
 *  - kubernetes-models' JSON-schema validators: types, required fields, enums;
 *  - a walk over the field lists of @kubernetes/client-node's model classes
 *    (one per API type, every field with its type): unknown fields fail, as
 *    `imagee:` does on a real server;
 *  - the API server's own validation of names, labels and list keys that no
 *    schema states (duplicate container names, unnamed ports of a multi-port Service).
 * The first two come from the Kubernetes OpenAPI document; each catches what the other lets through.
 */
import * as models from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import type { K8sObject } from './kustomize.ts';

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}

const modelTable = models as unknown as Record<string, { attributeTypeMap?: readonly Attribute[] } | undefined>;

function fieldsOf(typeName: string): ReadonlyMap<string, string> | undefined {
  const attrs = modelTable[typeName]?.attributeTypeMap;
  if (!attrs) return undefined;
  return new Map(attrs.map((a) => [a.baseName, a.type]));
}

/** apps/v1 StatefulSet -> V1StatefulSet; v1 Service -> V1Service. */
export function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.includes('/') ? apiVersion.split('/')[1]! : apiVersion;
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function describe(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** Unknown fields and wrong JSON types, by JSON path. */
export function unknownFieldErrors(obj: K8sObject): string[] {
  const errors: string[] = [];
  const root = modelName(obj.apiVersion, obj.kind);
  if (!fieldsOf(root)) return [`${obj.apiVersion} ${obj.kind} is not a Kubernetes API type`];
  const walk = (value: unknown, type: string, path: string): void => {
    if (value === null || value === undefined) return; // null means unset to the API server
    switch (type) {
      case 'any':
      case 'object':
        return;
      case 'string':
      case 'Date':
        if (typeof value !== 'string') errors.push(`${path}: expected string, got ${describe(value)}`);
        return;
      case 'number':
        if (typeof value !== 'number') errors.push(`${path}: expected number, got ${describe(value)}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') errors.push(`${path}: expected boolean, got ${describe(value)}`);
        return;
      case 'IntOrString':
        if (typeof value !== 'string' && typeof value !== 'number') errors.push(`${path}: expected int or string, got ${describe(value)}`);
        return;
    }
    const arr = ARRAY.exec(type);
    if (arr) {
      if (!Array.isArray(value)) {
        errors.push(`${path}: expected array, got ${describe(value)}`);
        return;
      }
      value.forEach((v, i) => walk(v, arr[1]!, `${path}[${i}]`));
      return;
    }
    const map = MAP.exec(type);
    if (map) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        errors.push(`${path}: expected object, got ${describe(value)}`);
        return;
      }
      for (const [k, v] of Object.entries(value)) walk(v, map[1]!, `${path}[${JSON.stringify(k)}]`);
      return;
    }
    const fields = fieldsOf(type);
    if (!fields) {
      errors.push(`${path}: no API type ${type} to check against`);
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push(`${path}: expected object (${type}), got ${describe(value)}`);
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      const t = fields.get(k);
      if (t === undefined) {
        errors.push(`${path}.${k}: unknown field "${k}" (${type} has ${[...fields.keys()].join(', ')})`);
        continue;
      }
      walk(v, t, `${path}.${k}`);
    }
  };
  walk(obj, root, `${obj.kind}/${obj.metadata?.name ?? '?'}`);
  return errors;
}

type ModelClass = new (data: unknown) => { validate(): void };

const modelClasses = new Map<string, ModelClass | null>();

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass | null> {
  const key = `${apiVersion}/${kind}`;
  if (!modelClasses.has(key)) {
    const spec = apiVersion.includes('/') ? `kubernetes-models/${apiVersion}/${kind}` : `kubernetes-models/v1/${kind}`;
    try {
      const mod = (await import(spec)) as Record<string, ModelClass | undefined>;
      modelClasses.set(key, mod[kind] ?? null);
    } catch {
      modelClasses.set(key, null);
    }
  }
  return modelClasses.get(key)!;
}

/** Required fields, types, enums and formats, as kubernetes-models' validators see them. */
export async function schemaErrors(obj: K8sObject): Promise<string[]> {
  const Cls = await modelClass(obj.apiVersion, obj.kind);
  if (!Cls) return [`${obj.apiVersion} ${obj.kind} has no schema in kubernetes-models`];
  try {
    new Cls(obj).validate();
    return [];
  } catch (e) {
    return [`${obj.kind}/${obj.metadata?.name ?? '?'}: ${(e as Error).message}`];
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Kinds whose names must be DNS-1035 labels; most others are DNS subdomains. */
const LABEL_NAMED = new Set(['Service', 'Namespace']);

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/**
 * The validation an API server does beyond the schema: name syntax, label syntax,
 * and names that must be unique within a list (containers, volumes, ports).
 */
export function semanticErrors(obj: K8sObject): string[] {
  const errors: string[] = [];
  const where = `${obj.kind}/${obj.metadata?.name ?? '?'}`;
  const name = obj.metadata?.name ?? '';
  const nameRule = LABEL_NAMED.has(obj.kind) ? (obj.kind === 'Service' ? DNS_1035_LABEL : DNS_LABEL) : DNS_SUBDOMAIN;
  if (!nameRule.test(name) || name.length > (LABEL_NAMED.has(obj.kind) ? 63 : 253)) errors.push(`${where}: metadata.name ${JSON.stringify(name)} is not a valid ${obj.kind} name`);
  const labelMaps: Array<[string, Record<string, string> | undefined]> = [
    ['metadata.labels', obj.metadata?.labels],
    ['spec.selector', obj.kind === 'Service' ? obj.spec?.selector : obj.spec?.selector?.matchLabels],
    ['spec.template.metadata.labels', obj.spec?.template?.metadata?.labels],
  ];
  for (const [path, labels] of labelMaps) {
    for (const [k, v] of Object.entries(labels ?? {})) {
      const [prefix, key] = k.includes('/') ? [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)] : [undefined, k];
      if ((prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) || !LABEL_NAME.test(key) || key.length > 63) errors.push(`${where}: ${path} key ${JSON.stringify(k)} is not a valid label key`);
      if (typeof v === 'string' && (!LABEL_VALUE.test(v) || v.length > 63)) errors.push(`${where}: ${path}[${JSON.stringify(k)}] value ${JSON.stringify(v)} is not a valid label value`);
    }
  }
  const pod = obj.spec?.template?.spec;
  if (pod) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])] as Array<Record<string, any>>;
    for (const d of duplicates(containers.map((c) => c.name))) errors.push(`${where}: container name ${d} is used twice`);
    for (const c of containers) if (typeof c.name === 'string' && !DNS_LABEL.test(c.name)) errors.push(`${where}: container name ${JSON.stringify(c.name)} is not a DNS label`);
    for (const d of duplicates((pod.volumes ?? []).map((v: { name: string }) => v.name))) errors.push(`${where}: volume name ${d} is used twice`);
    for (const c of containers) {
      const ports = (c.ports ?? []) as Array<{ name?: string; containerPort: number; protocol?: string }>;
      for (const d of duplicates(ports.filter((p) => p.name).map((p) => p.name!))) errors.push(`${where} container ${c.name}: port name ${d} is used twice`);
      for (const d of duplicates(ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`))) errors.push(`${where} container ${c.name}: port ${d} is declared twice`);
      for (const p of ports) {
        if (p.name !== undefined && (!IANA_SVC_NAME.test(p.name) || p.name.length > 15 || !/[a-z]/.test(p.name))) errors.push(`${where} container ${c.name}: port name ${JSON.stringify(p.name)} is not an IANA service name`);
        if (!(p.containerPort >= 1 && p.containerPort <= 65535)) errors.push(`${where} container ${c.name}: containerPort ${p.containerPort} is out of range`);
      }
    }
  }
  if (obj.kind === 'Service') {
    const ports = (obj.spec?.ports ?? []) as Array<{ name?: string; port: number; nodePort?: number }>;
    if (ports.length > 1) ports.forEach((p, i) => { if (!p.name) errors.push(`${where}: spec.ports[${i}].name is required when a Service has several ports`); });
    for (const d of duplicates(ports.filter((p) => p.name).map((p) => p.name!))) errors.push(`${where}: port name ${d} is used twice`);
    for (const p of ports) if (p.nodePort !== undefined && (p.nodePort < 30000 || p.nodePort > 32767)) errors.push(`${where}: nodePort ${p.nodePort} is outside the default range 30000-32767`);
    if (obj.spec?.clusterIP === 'None' && obj.spec?.type && obj.spec.type !== 'ClusterIP') errors.push(`${where}: a headless Service must be of type ClusterIP`);
  }
  return errors;
}

/** Everything an API server would reject about this object. */
export async function validateObject(obj: K8sObject): Promise<string[]> {
  if (typeof obj !== 'object' || obj === null || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return ['object without apiVersion and kind'];
  }
  return [...(await schemaErrors(obj)), ...unknownFieldErrors(obj), ...semanticErrors(obj)];
}
