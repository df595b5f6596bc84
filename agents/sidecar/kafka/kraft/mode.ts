/**
 * kafka mode with KRaft metadata (Kafka 4.x): what to check follows process.roles of the node's own
 * server.properties. A broker is ready when it answers ApiVersions, the cluster's metadata lists it
 * unfenced with the advertised endpoints of its config, and it is in the ISR of every partition it
 * replicates; its cluster metrics are collected as with ZooKeeper. A controller is ready when it
 * answers on its controller listener and is a caught-up voter of a quorum that has a leader; the
 * leader's sidecar exports the quorum's series. No ZooKeeper anywhere.
 */
import type { Registry } from 'prom-client';
import type { ConfigOf } from '../../../lib/config/index.ts';
import { formatHostPort } from '../../../lib/kafka-identity.ts';
import type { Logger } from '../../../lib/log.ts';
import { pass, type CheckFn } from '../../checks/check.ts';
import type { CheckMetrics } from '../../checks/metrics.ts';
import type { Mode } from '../../mode.ts';
import type { settings } from '../../settings.ts';
import { brokerMetrics, type BrokerMetrics } from '../broker-metrics.ts';
import { brokerInfo, controllerInfo } from '../cluster-metrics.ts';
import { isrOutcome } from '../isr.ts';
import { nextHoldBack, NO_HOLD_BACK } from '../verdict.ts';
import { BrokerClient } from '../wire/client.ts';
import { ENDPOINT_BROKERS } from '../wire/describe-cluster.ts';
import { loadNodeConfig } from './load-node-config.ts';
import { leadersToAsk, liveFromMetadata, partitionsFromMetadata, withLeadersView } from './partitions.ts';
import { askQuorum } from './ask-quorum.ts';
import { renderQuorum } from './quorum-metrics.ts';
import { quorumOutcome } from './quorum.ts';
import { askable, kraftRegistrationOutcome } from './registration.ts';
import { kraftVerdict } from './verdict.ts';
import type { QuorumState } from '../wire/describe-quorum.ts';
import type { Metadata } from '../wire/metadata.ts';

type Config = ConfigOf<typeof settings>;

export async function kraftMode(c: Config, registry: Registry, metrics: CheckMetrics, log: Logger): Promise<Mode> {
  const node = await loadNodeConfig(c.kafkaConfigFile);
  const id = node.nodeId;
  const clients: BrokerClient[] = [];
  const client = (t: { host: string; port: number }) => {
    const cl = new BrokerClient(t);
    clients.push(cl);
    return cl;
  };
  const checks: Record<string, CheckFn> = {};
  let collected: BrokerMetrics | undefined;
  let quorum: QuorumState | undefined;

  if (node.broker) {
    const ib = node.interBrokerListener!;
    const target = c.target ?? ib.local;
    brokerInfo(registry, { brokerId: id, podName: c.podName ?? '', rack: node.rack, internal: formatHostPort(ib.advertised.host, ib.advertised.port), external: advertisedOf(node.brokerListeners, 'EXTERNAL') });
    // Separate connections: ApiVersions must not queue behind a large Metadata answer.
    const probe = client(target);
    const state = client(target);
    const perListener = askable(node).ask.map((l) => ({ listener: l, client: l.name === ib.name ? state : client(l.local) }));
    checks.broker = async (signal) => {
      const apis = await probe.apiVersions(signal);
      return pass(`broker answers ApiVersions on ${formatHostPort(target.host, target.port)} (${apis.size} APIs)`);
    };
    checks.registration = async (signal) => {
      const answers = await Promise.all(perListener.map(async (p) => ({ listener: p.listener, answer: await p.client.describeCluster(ENDPOINT_BROKERS, signal) })));
      return kraftRegistrationOutcome(node, answers);
    };
    const peers = new Map<string, BrokerClient>();
    checks.isr = async (signal) => {
      const meta = await state.metadata(null, signal);
      const live = liveFromMetadata(meta);
      const parts = partitionsFromMetadata(id, meta);
      // Behind by its own view: ask those partitions' leaders, whose view does not lag a restart's.
      const views = new Map<number, Metadata>();
      await Promise.all(
        leadersToAsk(id, parts, live).map(async (leader) => {
          const b = meta.brokers.find((x) => x.nodeId === leader)!;
          const k = formatHostPort(b.host, b.port);
          if (!peers.has(k)) peers.set(k, client({ host: b.host, port: b.port }));
          const view = await peers.get(k)!.metadata(null, signal).catch(() => undefined);
          if (view) views.set(leader, view);
        }),
      );
      return isrOutcome(id, withLeadersView(id, parts, views), live);
    };
    collected = brokerMetrics(c, target, id, metrics, log);
  }

  if (node.controller) {
    const cl = node.controllerListener!;
    controllerInfo(registry, { nodeId: id, podName: c.podName ?? '', controller: formatHostPort(cl.advertised.host, cl.advertised.port) });
    const local = client(cl.local);
    const leaders = new Map<string, BrokerClient>();
    const bounds = { maxLag: c.quorumMaxLag, maxLagMs: c.quorumMaxLagTime };
    checks.controller = async (signal) => {
      const apis = await local.apiVersions(signal);
      return pass(`controller answers ApiVersions on ${formatHostPort(cl.local.host, cl.local.port)} (${apis.size} APIs)`);
    };
    const leaderClient = (t: { host: string; port: number }) => {
      const k = formatHostPort(t.host, t.port);
      if (!leaders.has(k)) leaders.set(k, client(t));
      return leaders.get(k)!;
    };
    checks.quorum = async (signal) => {
      // Only the leader's sidecar exports the quorum: its own controller answered as leader. Whatever
      // fails (this controller down, the leader unreachable), this sidecar stops exporting it.
      let exported: QuorumState | undefined;
      try {
        const asked = await askQuorum(local, leaderClient, signal);
        if ('fail' in asked) return asked.fail;
        if (asked.fromLocal && asked.state.leaderId === id) exported = asked.state;
        return quorumOutcome(id, asked.state, bounds, { name: cl.name, ...cl.advertised });
      } finally {
        quorum = exported;
      }
    };
  }

  let hold = NO_HOLD_BACK;
  return {
    checks,
    verdict(results, now) {
      if (node.broker) hold = nextHoldBack(hold, results, now);
      return kraftVerdict(node, results, hold, now, c.isrMaxWait);
    },
    start() {
      collected?.collector.start();
    },
    metricsText: () => [collected?.text() ?? '', renderQuorum(quorum)].filter((t) => t !== '').join('\n'),
    async stop() {
      await collected?.collector.stop();
      collected?.close();
      for (const cl of clients) cl.close();
    },
  };
}

function advertisedOf(listeners: ReadonlyArray<{ name: string; advertised: { host: string; port: number } }>, name: string): string | undefined {
  const l = listeners.find((x) => x.name === name);
  return l === undefined ? undefined : formatHostPort(l.advertised.host, l.advertised.port);
}
