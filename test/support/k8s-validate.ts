/**
 * Validates rendered objects against the Kubernetes API as strictly as an API
 * server with strict field validation (kubectl apply's default) does:
 *  - kubernetes-models' JSON-schema validators: types, required fields, enums;
 *  - a walk over the field lists of @kubernetes/client-node's model classes
 *    (one per API type, every field with its type): unknown fields fail, as
 *    `imagee:` does on a real server.
 * Both come from the Kubernetes OpenAPI document; each catches what the other lets through.
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

/** Everything an API server would reject about this object's shape. */
export async function validateObject(obj: K8sObject): Promise<string[]> {
  if (typeof obj !== 'object' || obj === null || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return ['object without apiVersion and kind'];
  }
  return [...(await schemaErrors(obj)), ...unknownFieldErrors(obj)];
}
