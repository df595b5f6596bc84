/** Reads SIDECAR_KAFKA_CONFIG_FILE; a missing or unusable file names the setting and the fix. */
import { AgentError } from '../../../lib/exit-codes.ts';
import { lastValues, parseProperties, PropertiesSyntaxError } from '../../../lib/properties.ts';
import { readMounted } from '../read-mounted.ts';
import { InvalidNodeConfig, parseNodeConfig, type NodeConfig } from './node-config.ts';

export async function loadNodeConfig(file: string): Promise<NodeConfig> {
  const fix = 'mount the volume kafka-init writes server.properties to, or point SIDECAR_KAFKA_CONFIG_FILE at it';
  // Java reads .properties as ISO-8859-1.
  const text = await readMounted({ path: file, setting: 'SIDECAR_KAFKA_CONFIG_FILE', encoding: 'latin1', code: 'E_NODE_CONFIG', fix });
  try {
    return parseNodeConfig(new Map([...lastValues(parseProperties(text))].map(([k, v]) => [k, v.value])));
  } catch (e) {
    if (e instanceof InvalidNodeConfig || e instanceof PropertiesSyntaxError) {
      throw new AgentError('E_NODE_CONFIG', `SIDECAR_KAFKA_CONFIG_FILE ${file}: ${e.message}; with SIDECAR_KAFKA_METADATA_MODE=kraft it must be the KRaft server.properties kafka-init wrote`);
    }
    throw e;
  }
}
