/** Memory: each JVM's heap leaves room under its container's memory limit, or the kernel kills it. */
import { findContainer, podOwners, type K8sObject } from './kustomize.ts';
import { quantityBytes } from '../../support/quantity.ts';

/** The JVM servers, how each takes its maximum heap, and its default when unset. */
const JVMS: Record<string, { env: string; parse: (v: string) => number; fallback: string }> = {
  // kafka-server-start.sh: KAFKA_HEAP_OPTS, default -Xmx1G -Xms1G.
  kafka: { env: 'KAFKA_HEAP_OPTS', parse: xmx, fallback: '-Xmx1G -Xms1G' },
  // zkEnv.sh: ZK_SERVER_HEAP in MiB, default 1000.
  zookeeper: { env: 'ZK_SERVER_HEAP', parse: (v) => Number(v) * 1024 * 1024, fallback: '1000' },
};

/** The -Xmx of JVM options, in bytes. */
function xmx(opts: string): number {
  const m = /-Xmx(\d+)([kKmMgG]?)/.exec(opts);
  if (!m) return NaN;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

/** Heap at most 3/4 of the memory limit: the rest is metaspace, threads, direct buffers. */
export function checkMemory(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    for (const [name, jvm] of Object.entries(JVMS)) {
      const c = findContainer(o, name);
      if (!c) continue;
      const where = `${o.where} container ${name}`;
      const raw = ((c.env ?? []) as Array<{ name: string; value?: string }>).find((e) => e.name === jvm.env)?.value ?? jvm.fallback;
      const heap = jvm.parse(raw);
      const limit = quantityBytes(c.resources?.limits?.memory ?? '');
      if (Number.isNaN(heap)) problems.push(`${where}: cannot read the heap size from ${jvm.env}=${raw}`);
      else if (Number.isNaN(limit)) problems.push(`${where} has no memory limit to size its heap against`);
      else if (heap > limit * 0.75) {
        problems.push(`${where}: heap ${Math.round(heap / 2 ** 20)}Mi (${jvm.env}) leaves too little of the ${c.resources.limits.memory} limit; the container would be OOM-killed`);
      }
    }
  }
  return problems;
}
