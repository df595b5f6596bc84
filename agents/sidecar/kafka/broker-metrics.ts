/**
 * The cluster metrics a broker's sidecar collects on its own timer (kafka_exporter's names, sharded
 * by leader and coordinator), the same with ZooKeeper or KRaft metadata: they come from the broker's
 * own answers, never from ZooKeeper.
 */
import type { ConfigOf } from '../../lib/config/index.ts';
import type { Logger } from '../../lib/log.ts';
import { pass } from '../checks/check.ts';
import type { CheckMetrics } from '../checks/metrics.ts';
import { createCheckRunner, type CheckRunner } from '../checks/runner.ts';
import type { settings, Target } from '../settings.ts';
import { clusterMetrics } from './cluster-metrics.ts';
import { collectGroups, collectPartitions, type CollectDeps } from './collect.ts';
import { BrokerClient } from './wire/client.ts';

export interface BrokerMetrics {
  readonly collector: CheckRunner;
  text(): string;
  close(): void;
}

export function brokerMetrics(c: ConfigOf<typeof settings>, target: Target, self: number, metrics: CheckMetrics, log: Logger): BrokerMetrics {
  // Its own connection: a broker answers one request per connection at a time, so the readiness
  // probe must not queue behind a large metrics request.
  const local = new BrokerClient(target);
  const pool = new Map<string, BrokerClient>();
  const deps: CollectDeps = {
    local,
    self,
    topics: { include: c.topicInclude, exclude: c.topicExclude },
    groups: { include: c.groupInclude, exclude: c.groupExclude },
    maxPartitions: c.maxPartitionSeries,
    clientFor(host, port) {
      const k = `${host}:${port}`;
      let client = pool.get(k);
      if (!client) pool.set(k, (client = new BrokerClient({ host, port })));
      return client;
    },
  };
  const cluster = clusterMetrics();
  const collector = createCheckRunner({
    checks: {
      cluster_partitions: async (signal) => {
        const d = await collectPartitions(deps, signal);
        cluster.setPartitions(d);
        return pass(`${d.partitions.length} partitions exported`);
      },
      cluster_groups: async (signal) => {
        const groups = await collectGroups(deps, signal);
        cluster.setGroups(groups);
        return pass(`${new Set(groups.map((g) => g.group)).size} groups exported`);
      },
    },
    intervalMs: c.metricsInterval,
    timeoutMs: c.metricsTimeout,
    metrics,
    log,
  });
  return {
    collector,
    text: () => cluster.text(),
    close() {
      local.close();
      for (const client of pool.values()) client.close();
    },
  };
}
