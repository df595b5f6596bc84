/**
 * ZooKeeper metrics from the latest mntr reply: zookeeper_up, the server state
 * as a labelled gauge, zookeeper_info{version}, and every numeric key as a
 * gauge (named by metric-names.ts). Rendered to text once per mntr reply (a
 * 3.8 server reports ~500 keys), so scrapes only copy it. Keys that disappear
 * (zk_synced_followers after a leader steps down) disappear from the text;
 * when mntr fails only zookeeper_up 0 remains.
 */
import { renderGauges, type Family } from '../metrics/exposition.ts';
import { mntrNumber, type MntrReply } from './mntr.ts';
import { mntrSeriesName, ZK_NAMESPACE } from './metric-names.ts';

/** Keys that carry words, exported as labels instead of values. */
const LABEL_KEYS = new Set(['zk_version', 'zk_server_state', 'zk_peer_state']);

export const SERVER_STATES = ['leader', 'follower', 'standalone', 'observer', 'read-only'] as const;

export interface ZookeeperMetrics {
  /** Sets every series from a mntr reply, or marks the server down (undefined). */
  update(reply: MntrReply | undefined): void;
  text(): string;
}

/** The families of one mntr reply (undefined: no answer). Pure. */
export function mntrFamilies(reply: MntrReply | undefined): Family[] {
  const up: Family = { name: `${ZK_NAMESPACE}_up`, help: 'Whether the local ZooKeeper answered mntr (1) or not (0)', samples: [[undefined, reply === undefined ? 0 : 1]] };
  if (reply === undefined) return [up];
  const current = reply.get('zk_server_state');
  const states = [...new Set<string>([...SERVER_STATES, ...(current === undefined ? [] : [current])])];
  const version = reply.get('zk_version')?.split(',')[0]!.trim();
  const families: Family[] = [
    up,
    {
      name: `${ZK_NAMESPACE}_server_state`,
      help: 'The server state from mntr zk_server_state: 1 for the current state, 0 for the others',
      samples: states.map((state) => [{ state }, state === current ? 1 : 0] as const),
    },
    { name: `${ZK_NAMESPACE}_info`, help: 'ZooKeeper version (mntr zk_version), always 1', samples: version === undefined ? [] : [[{ version }, 1]] },
  ];
  const seen = new Set(families.map((f) => f.name));
  for (const [key, raw] of reply) {
    if (LABEL_KEYS.has(key)) continue;
    const value = mntrNumber(raw);
    if (value === undefined) continue;
    const series = mntrSeriesName(key);
    if (seen.has(series.name)) continue;
    seen.add(series.name);
    families.push({ name: series.name, help: series.help, samples: [[undefined, value / series.divisor]] });
  }
  return families;
}

export function zookeeperMetrics(): ZookeeperMetrics {
  let text = renderGauges(mntrFamilies(undefined));
  return {
    update(reply) {
      text = renderGauges(mntrFamilies(reply));
    },
    text: () => text,
  };
}
