/** The rendered manifests (kubectl kustomize manifests), as the end-to-end tests use them. */
import { MANIFESTS, render, type K8sObject } from '../manifests/lint/kustomize.ts';

export { findObject } from '../manifests/lint/kustomize.ts';
import type { ConfigData } from './pods/pod-template.ts';

export function renderedManifests(dir = MANIFESTS): K8sObject[] {
  return render(dir);
}


/** ConfigMaps and Secrets (decoded) by name, for env and volumes. */
export function configData(objects: readonly K8sObject[]): ConfigData {
  const configMaps: Record<string, Record<string, string>> = {};
  const secrets: Record<string, Record<string, string>> = {};
  for (const o of objects) {
    if (o.kind === 'ConfigMap') configMaps[o.metadata.name] = { ...(o.data ?? {}) };
    if (o.kind === 'Secret') {
      const decoded = Object.fromEntries(Object.entries((o.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
      secrets[o.metadata.name] = { ...decoded, ...(o.stringData ?? {}) };
    }
  }
  return { configMaps, secrets };
}
