/** The versions pinned in test/versions.env, and where test/setup.sh installed each part. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../images/bake/repo.ts';

export { REPO_ROOT };

function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

const pinned = readEnvFile(join(REPO_ROOT, 'test', 'versions.env'));

function version(name: string): string {
  const v = pinned[name];
  if (!v) throw new Error(`test/versions.env has no ${name}`);
  return v;
}

/** Kafka in ZooKeeper mode (3.9.x). */
export const KAFKA_ZK_VERSION = version('KAFKA_ZK_VERSION');
/** Kafka in KRaft mode (4.x). */
export const KAFKA_KRAFT_VERSION = version('KAFKA_KRAFT_VERSION');

/** .cache/kafka/<version>: libs/, bin/ and config/ as test/kafka/install.sh lays them out. */
export function kafkaHome(v: string = KAFKA_ZK_VERSION): string {
  const home = join(REPO_ROOT, '.cache', 'kafka', v);
  if (!existsSync(join(home, '.installed'))) {
    throw new Error(`Kafka ${v} is not installed in ${home}: run test/setup.sh (as root) first`);
  }
  return home;
}

/** Kubernetes (k8s.io/kubernetes) and etcd, built by test/kubernetes/install.sh. */
export const KUBERNETES_VERSION = version('KUBERNETES_VERSION');
export const ETCD_VERSION = version('ETCD_VERSION');

/** .cache/kubernetes/bin/<program>, as test/kubernetes/install.sh built it at the pinned versions. */
export function kubernetesBin(program: string): string {
  const bin = join(REPO_ROOT, '.cache', 'kubernetes', 'bin');
  const stamp = join(bin, 'versions');
  const want = `kubernetes ${KUBERNETES_VERSION} etcd ${ETCD_VERSION}`;
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== want || !existsSync(join(bin, program))) {
    throw new Error(`${program} (${want}) is not built in ${bin}: run test/kubernetes/install.sh (test/setup.sh does)`);
  }
  return join(bin, program);
}
