/**
 * kafka-init: the init container of the Kafka StatefulSets. Derives the
 * node's id, rack and listeners (internal, and external when turned on) and
 * writes server.properties, and in ZooKeeper mode identity.json. In KRaft mode
 * it adds the roles, the CONTROLLER listener and the quorum; formatting the
 * volume is kafka-storage's, after this has checked it.
 */
import { join } from 'node:path';
import { main, type AgentSpec } from '../lib/run-agent.ts';
import { ensureDirs, logInitialised, readTemplate, writeOutputs } from '../lib/init-files.ts';
import { readSmallFile } from '../lib/read-file.ts';
import { renderKafkaIdentity } from '../lib/kafka-identity.ts';
import { settings } from './settings.ts';
import { planBroker, type BrokerPlan } from './plan.ts';
import { brokerId, maxBrokerId } from './broker-id.ts';
import { checkMetaProperties } from './meta-properties.ts';
import { clusterReads } from './cluster-reads.ts';
import { externalAddress } from './external/address.ts';
import { rackFromLabels } from './rack.ts';
import { deriveListeners } from './listeners.ts';
import { parseServerTemplate, renderKraftProperties, renderServerProperties } from './server-properties.ts';
import { buildIdentity } from './identity-json.ts';
import { KubeClient } from './kube/client.ts';
import { loadConnection } from './kube/load-connection.ts';

export const kafkaInit: AgentSpec<typeof settings, BrokerPlan> = {
  name: 'kafka-init',
  summary: 'writes server.properties (and in ZooKeeper mode identity.json) for a node of a Kafka StatefulSet, ZooKeeper or KRaft mode',
  schema: settings,
  plan: planBroker,
  async run({ config: c, plan, log, signal, env }) {
    const { podName, ordinal } = plan.pod;
    const read = await readTemplate(c.configTemplate, 'KAFKA_CONFIG_TEMPLATE');
    const template = read && parseServerTemplate(read);
    const { kraft } = plan;
    const id = kraft ? kraft.nodeId : brokerId(ordinal, c.brokerIdOffset, maxBrokerId(template?.keys ?? []));

    await ensureDirs([['KAFKA_DATA_DIR', c.dataDir]]);
    const metaFile = join(c.dataDir, 'meta.properties');
    const metaText = await readSmallFile({ path: metaFile, setting: 'KAFKA_DATA_DIR', maxBytes: 64 * 1024, encoding: 'latin1' });
    const meta = checkMetaProperties(metaText, {
      file: metaFile,
      podName,
      id,
      idFrom: kraft ? kraft.nodeIdFrom : `ordinal ${ordinal} + KAFKA_BROKER_ID_OFFSET ${c.brokerIdOffset}`,
      ...(kraft && { kraft: { clusterId: kraft.clusterId, offsetApplies: kraft.broker } }),
    });
    if (meta.state === 'no-id') log.warn(meta.warning);

    const api = clusterReads(
      async () => {
        const conn = await loadConnection(c.kubeconfig, env, c.serviceAccountDir);
        log.debug({ server: conn.server.origin, source: conn.source }, 'Kubernetes API');
        return new KubeClient(conn, { timeoutMs: c.apiTimeout, retries: c.apiRetries, backoffMs: c.apiBackoff, signal, log });
      },
      { namespace: c.namespace, loadBalancerWaitMs: c.loadBalancerWait, loadBalancerPollMs: c.loadBalancerPoll, log, signal },
    );
    const rack = plan.rackFrom
      ? rackFromLabels(plan.rackFrom.node, (await api.node(plan.rackFrom.node)).metadata?.labels, plan.rackFrom.label, c.rackRequired)
      : { rack: null };
    if (rack.warning) log.warn(rack.warning);
    const external = plan.external && (await externalAddress(plan.external, api, c.externalAddressTypes));
    for (const w of external?.warnings ?? []) log.warn(w);

    const listeners = deriveListeners(
      { bindPort: c.internalPort, advertisedHost: plan.internalHost, advertisedPort: c.internalPort },
      external && { bindPort: c.externalContainerPort, advertisedHost: external.host, advertisedPort: external.port },
    );
    if (kraft) {
      const properties = renderKraftProperties({
        podName,
        kraft,
        rack: rack.rack,
        listeners: kraft.broker ? listeners : undefined,
        controllerListener: kraft.controllerHost === undefined ? undefined : { bindPort: c.controllerPort, advertisedHost: kraft.controllerHost, advertisedPort: c.controllerPort },
        dataDir: c.dataDir,
        template,
      });
      // The sidecar of a KRaft node reads server.properties itself: no identity.json.
      const written = await writeOutputs([{ path: c.configOut, content: properties, setting: 'KAFKA_CONFIG_OUT', encoding: 'latin1' }]);
      const { voters, ...node } = kraft;
      logInitialised(
        log,
        {
          node,
          voters: voters.split(','),
          ...(kraft.broker && { endpoints: Object.values(listeners.advertised) }),
          ...(external && { externalFrom: { host: external.hostFrom, port: external.portFrom } }),
        },
        written,
      );
      return;
    }
    const properties = renderServerProperties({
      brokerId: id,
      podName,
      rack: rack.rack,
      listeners,
      zookeeperConnect: c.zookeeperConnect,
      dataDir: c.dataDir,
      template,
    });
    const identity = buildIdentity({ brokerId: id, rack: rack.rack, podName, listeners, zookeeperConnect: c.zookeeperConnect });

    const written = await writeOutputs(
      [
        { path: c.configOut, content: properties, setting: 'KAFKA_CONFIG_OUT', encoding: 'latin1' },
        { path: c.identityOut, content: renderKafkaIdentity(identity), setting: 'KAFKA_IDENTITY_OUT' },
      ],
    );
    logInitialised(log, { identity, ...(external && { externalFrom: { host: external.hostFrom, port: external.portFrom } }) }, written);
  },
};

main(kafkaInit);
