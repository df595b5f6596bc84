/**
 * Rendering server.properties for Kafka 3.9 in ZooKeeper mode: the template's
 * keys and comments as written, then the keys this agent owns. Pure.
 */
import type { Template } from '../lib/init-files.ts';
import { assertNoOwnedKeys, parseTemplateProperties, renderProperties, type OwnedKey, type PropertyLine } from '../lib/properties.ts';
import type { Listeners } from './listeners.ts';

/** Keys derived from settings, and keys that would contradict them; a template may set none of them. */
export const OWNED_KEYS: readonly OwnedKey[] = [
  'broker.id',
  'broker.rack',
  'listeners',
  'advertised.listeners',
  'listener.security.protocol.map',
  'inter.broker.listener.name',
  'security.inter.broker.protocol',
  'zookeeper.connect',
  'log.dirs',
  'log.dir',
];

const CONTROLLED_BY: Record<string, string> = {
  'broker.id': 'it is the ordinal + KAFKA_BROKER_ID_OFFSET',
  'broker.rack': 'it comes from the node label KAFKA_RACK_LABEL',
  'security.inter.broker.protocol': 'brokers replicate over the INTERNAL listener (inter.broker.listener.name)',
  'zookeeper.connect': 'set KAFKA_ZOOKEEPER_CONNECT',
  'log.dirs': 'set KAFKA_DATA_DIR',
  'log.dir': 'set KAFKA_DATA_DIR',
};

export function controlledBy(key: string): string {
  return CONTROLLED_BY[key] ?? 'listeners come from KAFKA_INTERNAL_PORT and the KAFKA_EXTERNAL_* settings';
}

export interface ServerPropertiesInput {
  readonly brokerId: number;
  readonly podName: string;
  readonly rack: string | null;
  readonly listeners: Listeners;
  readonly zookeeperConnect: string;
  readonly dataDir: string;
  readonly template?: ServerTemplate;
}

/** A template whose keys were parsed and checked: it sets no owned key, and no key twice. */
export interface ServerTemplate extends Template {
  readonly keys: readonly PropertyLine[];
}

/** Parses and checks the template once, as read; throws ConfigError naming KAFKA_CONFIG_TEMPLATE and the line. */
export function parseServerTemplate(template: Template): ServerTemplate {
  const keys = parseTemplateProperties(template.text, 'KAFKA_CONFIG_TEMPLATE', template.path);
  assertNoOwnedKeys(keys, OWNED_KEYS, 'KAFKA_CONFIG_TEMPLATE', template.path, controlledBy);
  return { ...template, keys };
}

export function renderServerProperties(input: ServerPropertiesInput): string {
  const derived: Array<readonly [string, string]> = [['broker.id', String(input.brokerId)]];
  if (input.rack !== null) derived.push(['broker.rack', input.rack]);
  derived.push(...input.listeners.properties, ['zookeeper.connect', input.zookeeperConnect], ['log.dirs', input.dataDir]);
  return renderProperties({
    header: `Written by kafka-init for ${input.podName} (broker.id ${input.brokerId}).\nEdit the template (KAFKA_CONFIG_TEMPLATE) or the agent's settings, not this file.`,
    template: input.template?.text,
    templateKeys: input.template?.keys,
    derived,
  });
}
