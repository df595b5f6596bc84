/**
 * Rendering server.properties, for Kafka 3.9 in ZooKeeper mode or Kafka 4.x in KRaft mode: the
 * template's keys and comments as written, then the keys this agent owns. Pure.
 */
import type { Template } from '../lib/init-files.ts';
import { assertNoOwnedKeys, parseTemplateProperties, renderProperties, type OwnedKey, type PropertyLine } from '../lib/properties.ts';
import type { Listeners } from './listeners.ts';
import type { KraftPlan } from './kraft-plan.ts';
import { kraftListenerProperties, type ControllerListener } from './kraft-listeners.ts';

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
  'node.id',
  'process.roles',
  'controller.listener.names',
  'controller.quorum.voters',
  'controller.quorum.bootstrap.servers',
  'metadata.log.dir',
];

const CONTROLLED_BY: Record<string, string> = {
  'broker.id': 'it is the ordinal + KAFKA_BROKER_ID_OFFSET',
  'broker.rack': 'it comes from the node label KAFKA_RACK_LABEL',
  'security.inter.broker.protocol': 'brokers replicate over the INTERNAL listener (inter.broker.listener.name)',
  'zookeeper.connect': 'set KAFKA_ZOOKEEPER_CONNECT',
  'log.dirs': 'set KAFKA_DATA_DIR',
  'log.dir': 'set KAFKA_DATA_DIR',
  'metadata.log.dir': 'the metadata log stays in KAFKA_DATA_DIR, the volume that is formatted and checked',
  'node.id': 'in kraft mode it is the ordinal + KAFKA_BROKER_ID_OFFSET (brokers) or 1000 + the ordinal (controllers)',
  'process.roles': 'set KAFKA_METADATA_MODE=kraft and KAFKA_PROCESS_ROLES',
  'controller.listener.names': 'the CONTROLLER listener comes from KAFKA_CONTROLLER_PORT',
  'controller.quorum.voters': 'the voters come from KAFKA_CONTROLLER_STATEFULSET, KAFKA_CONTROLLER_SERVICE, KAFKA_CONTROLLER_REPLICAS and KAFKA_CONTROLLER_PORT',
  'controller.quorum.bootstrap.servers': 'the quorum is static voters from the KAFKA_CONTROLLER_* settings',
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

function render(podName: string, what: string, template: ServerTemplate | undefined, derived: Array<readonly [string, string]>): string {
  return renderProperties({
    header: `Written by kafka-init for ${podName} (${what}).\nEdit the template (KAFKA_CONFIG_TEMPLATE) or the agent's settings, not this file.`,
    template: template?.text,
    templateKeys: template?.keys,
    derived,
  });
}

export function renderServerProperties(input: ServerPropertiesInput): string {
  const derived: Array<readonly [string, string]> = [['broker.id', String(input.brokerId)]];
  if (input.rack !== null) derived.push(['broker.rack', input.rack]);
  derived.push(...input.listeners.properties, ['zookeeper.connect', input.zookeeperConnect], ['log.dirs', input.dataDir]);
  return render(input.podName, `broker.id ${input.brokerId}`, input.template, derived);
}

export interface KraftPropertiesInput {
  readonly podName: string;
  readonly kraft: KraftPlan;
  readonly rack: string | null;
  /** The broker's INTERNAL/EXTERNAL listeners; undefined on a controller. */
  readonly listeners: Listeners | undefined;
  readonly controllerListener: ControllerListener | undefined;
  readonly dataDir: string;
  readonly template?: ServerTemplate;
}

/** KRaft: node.id, process.roles, the listeners with CONTROLLER, the static voters; nothing of ZooKeeper. */
export function renderKraftProperties(input: KraftPropertiesInput): string {
  const k = input.kraft;
  const derived: Array<readonly [string, string]> = [
    ['node.id', String(k.nodeId)],
    ['process.roles', k.roles],
  ];
  if (input.rack !== null) derived.push(['broker.rack', input.rack]);
  derived.push(...kraftListenerProperties(input.listeners, input.controllerListener), ['controller.quorum.voters', k.voters], ['log.dirs', input.dataDir]);
  return render(input.podName, `node.id ${k.nodeId}, ${k.roles}, cluster ${k.clusterId}`, input.template, derived);
}
