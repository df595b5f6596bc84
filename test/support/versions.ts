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
