/** Storage: claims, the classes they name, and hand-made volumes. */
import { podOwners, type K8sObject } from './kustomize.ts';
import { quantityBytes } from '../../support/quantity.ts';

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
        .flatMap((t) => Array.from({ length: x.obj.spec.replicas ?? 1 }, () => quantityBytes(t.spec.resources.requests.storage))))
      .sort((a, b) => b - a);
    const volumes = objs
      .filter((v) => v.kind === 'PersistentVolume' && v.spec?.storageClassName === name)
      .map((v) => quantityBytes(v.spec.capacity?.storage ?? '0'))
      .sort((a, b) => b - a);
    if (volumes.length < claims.length) problems.push(`StorageClass/${name} has no provisioner and ${volumes.length} PersistentVolumes for ${claims.length} claims`);
    claims.forEach((want, i) => {
      if (volumes[i] !== undefined && volumes[i]! < want) problems.push(`StorageClass/${name}: a PersistentVolume is smaller than the claim it would serve`);
    });
  }
  return problems;
}
