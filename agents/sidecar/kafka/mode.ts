/**
 * kafka mode: ready = the local broker answers ApiVersions on its internal
 * listener, /brokers/ids/<id> holds the expected endpoints, and the broker is
 * in the ISR of every partition it replicates (SIDECAR_ISR_MAX_WAIT releases only
 * partitions that cannot catch up).
 * Cluster metrics are collected on their own timer and served from the last
 * collection.
 */
import type { Registry } from 'prom-client';
import type { ConfigOf } from '../../lib/config/index.ts';
import type { Logger } from '../../lib/log.ts';
import { fail, pass } from '../checks/check.ts';
import type { CheckMetrics } from '../checks/metrics.ts';
import { createCheckRunner } from '../checks/runner.ts';
import type { Mode } from '../mode.ts';
import type { settings, Target } from '../settings.ts';
import { brokerInfo, clusterMetrics } from './cluster-metrics.ts';
import { collectGroups, collectPartitions, type CollectDeps } from './collect.ts';
import { loadIdentity } from './identity-file.ts';
import { isrOutcome } from './isr.ts';
import { kafkaVerdict, nextHoldBack, NO_HOLD_BACK } from './verdict.ts';
import { registrationOutcome } from './registration.ts';
import { BrokerClient } from './wire/client.ts';
import { createZkCache } from './zk/cache.ts';
import { liveBrokers, partitionsOfBroker } from './zk/partitions.ts';
import { openZkSession } from './zk/session.ts';

type Config = ConfigOf<typeof settings>;

export async function kafkaMode(c: Config, target: Target, registry: Registry, metrics: CheckMetrics, log: Logger): Promise<Mode> {
  const identity = await loadIdentity(c.identityFile);
  brokerInfo(registry, identity);
  const id = identity.brokerId;
  const regPath = `/brokers/ids/${id}`;
  let recheck: () => void = () => undefined;
  const session = openZkSession(identity.zookeeperConnect, c.zkSessionTimeout, log, () => {
    cache.clear();
    recheck();
  });
  const cache = createZkCache(session, () => recheck());
  // Two connections: a broker answers one request per connection at a time, so the
  // readiness probe must not queue behind a large metrics request.
  const probe = new BrokerClient(target);
  const local = new BrokerClient(target);
  const pool = new Map<string, BrokerClient>();
  const deps: CollectDeps = {
    local,
    self: id,
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
  let hold = NO_HOLD_BACK;
  // One watcher function for every read: the client keeps each distinct function until the znode
  // changes, so a new closure per round would pile up for as long as the registration stays the same.
  const onRegistrationChange = () => recheck();

  return {
    checks: {
      broker: async (signal) => {
        const apis = await probe.apiVersions(signal);
        return pass(`broker answers ApiVersions on ${target.host}:${target.port} (${apis.size} APIs)`);
      },
      registration: async () => {
        if (!session.connected()) return fail(`no ZooKeeper session to ${identity.zookeeperConnect}`);
        const node = await session.getData(regPath, onRegistrationChange);
        return registrationOutcome(identity, node?.data.toString('utf8'));
      },
      isr: async () => {
        if (!session.connected()) return fail(`no ZooKeeper session to ${identity.zookeeperConnect}`);
        const [parts, live] = await Promise.all([partitionsOfBroker(cache, id), liveBrokers(cache)]);
        return isrOutcome(id, parts, live);
      },
    },
    verdict(results, now) {
      hold = nextHoldBack(hold, results, now);
      return kafkaVerdict(results, hold, now, c.isrMaxWait);
    },
    start(trigger) {
      recheck = trigger;
      collector.start();
    },
    metricsText: () => cluster.text(),
    async stop() {
      await collector.stop();
      session.close();
      probe.close();
      local.close();
      for (const client of pool.values()) client.close();
    },
  };
}
