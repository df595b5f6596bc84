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
import type { Mode } from '../mode.ts';
import type { settings, Target } from '../settings.ts';
import { brokerMetrics } from './broker-metrics.ts';
import { brokerInfo, brokerInfoOf } from './cluster-metrics.ts';
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
  brokerInfo(registry, brokerInfoOf(identity));
  const id = identity.brokerId;
  const regPath = `/brokers/ids/${id}`;
  let recheck: () => void = () => undefined;
  const session = openZkSession(identity.zookeeperConnect, c.zkSessionTimeout, log, () => {
    cache.clear();
    recheck();
  });
  const cache = createZkCache(session, () => recheck());
  // Its own connection: the readiness probe must not queue behind a large metrics request.
  const probe = new BrokerClient(target);
  const collected = brokerMetrics(c, target, id, metrics, log);
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
      collected.collector.start();
    },
    metricsText: () => collected.text(),
    async stop() {
      await collected.collector.stop();
      session.close();
      probe.close();
      collected.close();
    },
  };
}
