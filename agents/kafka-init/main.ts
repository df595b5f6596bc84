/**
 * kafka-init: the init container of the Kafka StatefulSet. Derives the
 * broker's id, rack and listeners (internal, and external when turned on) and
 * writes server.properties and identity.json.
 */
import { dirname, join } from 'node:path';
import { main, type AgentSpec } from '../lib/run-agent.ts';
import { readIfExists, writeIfChanged } from '../lib/atomic-write.ts';
import { ConfigError } from '../lib/exit-codes.ts';
import { ensureWritableDir } from '../lib/fs-checks.ts';
import { renderKafkaIdentity } from '../lib/kafka-identity.ts';
import { parseProperties } from '../lib/properties.ts';
import { settings } from './settings.ts';
import { planBroker } from './broker-plan.ts';
import { brokerId, maxBrokerId } from './broker-id.ts';
import { checkMetaProperties } from './meta-properties.ts';
import { discover, needsApi } from './discover.ts';
import { externalAddress, type Found } from './external-address.ts';
import { rackFromLabels } from './rack.ts';
import { deriveListeners } from './listeners.ts';
import { checkTemplate, renderServerProperties, type ServerPropertiesInput } from './server-properties.ts';
import { buildIdentity } from './identity.ts';
import { KubeClient } from './kube/client.ts';
import { loadConnection } from './kube/load-connection.ts';

async function readTemplate(path: string | undefined): Promise<ServerPropertiesInput['template']> {
  if (path === undefined) return undefined;
  const text = await readIfExists(path);
  if (text === undefined) {
    throw new ConfigError(`KAFKA_CONFIG_TEMPLATE ${path} does not exist: mount the ConfigMap there, or unset KAFKA_CONFIG_TEMPLATE`, 'KAFKA_CONFIG_TEMPLATE');
  }
  const template = { path, text, keys: parseProperties(text) };
  checkTemplate(template);
  return template;
}

export const kafkaInit: AgentSpec<typeof settings> = {
  name: 'kafka-init',
  summary: "writes server.properties and identity.json for a broker of a Kafka StatefulSet (ZooKeeper mode)",
  schema: settings,
  validate(c) {
    planBroker(c);
  },
  async run({ config: c, log, signal, env }) {
    const plan = planBroker(c);
    const { podName, ordinal } = plan.pod;
    const template = await readTemplate(c.configTemplate);
    const id = brokerId(ordinal, c.brokerIdOffset, maxBrokerId(template?.keys ?? []));

    const metaFile = join(c.dataDir, 'meta.properties');
    const meta = checkMetaProperties(await readIfExists(metaFile), id, { file: metaFile, podName, ordinal, offset: c.brokerIdOffset });
    if (meta.state === 'no-id') log.warn(meta.warning);

    let found: Found = {};
    if (needsApi(plan)) {
      const conn = await loadConnection(c.kubeconfig, env, c.serviceAccountDir);
      log.debug({ server: conn.server.origin, source: conn.source }, 'Kubernetes API');
      const client = new KubeClient(conn, { timeoutMs: c.apiTimeout, retries: c.apiRetries, backoffMs: c.apiBackoff, signal, log });
      found = await discover(plan, client, {
        namespace: c.namespace,
        loadBalancerWaitMs: c.loadBalancerWait,
        loadBalancerPollMs: c.loadBalancerPoll,
        log,
        signal,
      });
    }

    const rack = plan.node?.forRack ? rackFromLabels(plan.node.name, found.node?.metadata?.labels, c.rackLabel, c.rackRequired) : { rack: null };
    if (rack.warning) log.warn(rack.warning);
    const external = plan.external ? externalAddress(plan.external, found, c.externalAddressTypes) : undefined;
    for (const w of external?.warnings ?? []) log.warn(w);

    const listeners = deriveListeners(
      { bindPort: c.internalPort, advertisedHost: plan.internalHost, advertisedPort: c.internalPort },
      external && { bindPort: c.externalContainerPort, advertisedHost: external.host, advertisedPort: external.port },
    );
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

    await ensureWritableDir(dirname(c.configOut), 'KAFKA_CONFIG_OUT');
    await ensureWritableDir(dirname(c.identityOut), 'KAFKA_IDENTITY_OUT');
    await ensureWritableDir(c.dataDir, 'KAFKA_DATA_DIR');
    const written: string[] = [];
    if (await writeIfChanged(c.configOut, properties)) written.push(c.configOut);
    if (await writeIfChanged(c.identityOut, renderKafkaIdentity(identity))) written.push(c.identityOut);

    log.info(
      {
        identity,
        ...(external && { externalFrom: { host: external.hostFrom, port: external.portFrom } }),
        written,
        unchanged: written.length === 0,
      },
      written.length === 0 ? 'already initialised; nothing changed' : 'initialised',
    );
  },
};

main(kafkaInit);
