/**
 * ZooKeeper metrics from the latest mntr reply: zookeeper_up, the server state
 * as a labelled gauge, zookeeper_info{version}, and every numeric key as a
 * gauge (named by metric-names.ts). Series of keys that disappear (zk_followers
 * after a leader steps down) are dropped; when mntr fails only up=0 remains.
 */
import { Gauge, type Registry } from 'prom-client';
import { mntrNumber, type MntrReply } from './mntr.ts';
import { mntrSeriesName, ZK_NAMESPACE } from './metric-names.ts';

/** Keys that carry words, exported as labels instead of values. */
const LABEL_KEYS = new Set(['zk_version', 'zk_server_state', 'zk_peer_state']);

export const SERVER_STATES = ['leader', 'follower', 'standalone', 'observer', 'read-only'] as const;

export interface ZookeeperMetrics {
  /** Sets every series from a mntr reply, or marks the server down (undefined). */
  update(reply: MntrReply | undefined): void;
}

export function zookeeperMetrics(registry: Registry): ZookeeperMetrics {
  const up = new Gauge({ name: `${ZK_NAMESPACE}_up`, help: 'Whether the local ZooKeeper answered mntr (1) or not (0)', registers: [registry] });
  const state = new Gauge({
    name: `${ZK_NAMESPACE}_server_state`,
    help: 'The server state from mntr zk_server_state: 1 for the current state, 0 for the others',
    labelNames: ['state'],
    registers: [registry],
  });
  const info = new Gauge({
    name: `${ZK_NAMESPACE}_info`,
    help: 'ZooKeeper version (mntr zk_version), always 1',
    labelNames: ['version'],
    registers: [registry],
  });
  const numeric = new Map<string, { gauge: Gauge; key: string }>();
  up.set(0);

  function dropAbsent(present: ReadonlySet<string>): void {
    for (const [name, g] of numeric) {
      if (!present.has(name)) {
        registry.removeSingleMetric(name);
        numeric.delete(name);
      }
    }
  }

  return {
    update(reply) {
      state.reset();
      info.reset();
      if (reply === undefined) {
        up.set(0);
        dropAbsent(new Set());
        return;
      }
      up.set(1);
      const current = reply.get('zk_server_state');
      const states = new Set<string>(SERVER_STATES);
      if (current !== undefined) states.add(current);
      for (const s of states) state.set({ state: s }, s === current ? 1 : 0);
      const version = reply.get('zk_version');
      if (version !== undefined) info.set({ version: version.split(',')[0]!.trim() }, 1);
      const present = new Set<string>();
      for (const [key, raw] of reply) {
        if (LABEL_KEYS.has(key)) continue;
        const value = mntrNumber(raw);
        if (value === undefined) continue;
        const series = mntrSeriesName(key);
        if (present.has(series.name) || (registry.getSingleMetric(series.name) !== undefined && !numeric.has(series.name))) continue;
        present.add(series.name);
        let entry = numeric.get(series.name);
        if (entry === undefined) {
          entry = { gauge: new Gauge({ name: series.name, help: series.help, registers: [registry] }), key };
          numeric.set(series.name, entry);
        }
        entry.gauge.set(value / series.divisor);
      }
      dropAbsent(present);
    },
  };
}
