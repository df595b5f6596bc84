/**
 * "Stored as applied": every field a manifest sets, compared with the object the API server returns.
 * Fields the server adds (defaults, status, metadata it keeps) are not ours and not compared.
 */
import type { K8sObject } from '../manifests/lint/kustomize.ts';

/** Paths where `got` differs from what `want` sets, each with both values. */
export function differences(want: unknown, got: unknown, path = ''): string[] {
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return [`${path}: set ${JSON.stringify(want)}, stored ${JSON.stringify(got)}`];
    if (got.length !== want.length) return [`${path}: set ${want.length} items, stored ${got.length}`];
    return want.flatMap((w, i) => differences(w, got[i], `${path}[${i}]`));
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return [`${path}: set an object, stored ${JSON.stringify(got)}`];
    return Object.entries(want).flatMap(([k, v]) => differences(v, (got as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return want === got ? [] : [`${path}: set ${JSON.stringify(want)}, stored ${JSON.stringify(got)}`];
}

export function objectKey(o: K8sObject): string {
  return `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}
