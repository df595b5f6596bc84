/**
 * KRaft mode, from the settings alone: this node's roles and node.id, the controller quorum as static
 * voters, and every combination of settings that cannot work, refused naming the setting. Pure.
 *
 * Node ids: brokers and combined nodes are ordinal + KAFKA_BROKER_ID_OFFSET, below 1000; dedicated
 * controllers are 1000 + ordinal. So a controller and a broker never share an id, and a broker's id
 * is the broker.id it would have had in ZooKeeper mode.
 */
import { ConfigError } from '../lib/exit-codes.ts';
import { InvalidValue } from '../lib/config/index.ts';
import { podFqdn } from '../lib/dns.ts';
import type { PodIdentity } from '../lib/pod-name.ts';
import { CLUSTER_ID_HOW } from './cluster-id.ts';

export const PROCESS_ROLES = ['broker', 'controller', 'broker,controller'] as const;
export type ProcessRoles = (typeof PROCESS_ROLES)[number];

/** node.id of the controller of ordinal 0; brokers stay below it. */
export const CONTROLLER_ID_BASE = 1000;

export function parseProcessRoles(raw: string): ProcessRoles {
  const roles = raw.split(',').map((r) => r.trim()).filter((r) => r !== '');
  const set = new Set(roles);
  if (roles.length === 0 || set.size !== roles.length || roles.some((r) => r !== 'broker' && r !== 'controller')) {
    throw new InvalidValue(`must be broker, controller or broker,controller, got ${JSON.stringify(raw)}`);
  }
  return set.size === 2 ? 'broker,controller' : (roles[0] as ProcessRoles);
}

export interface KraftSettings {
  readonly metadataMode: 'zookeeper' | 'kraft';
  readonly processRoles: ProcessRoles | undefined;
  readonly clusterId: string | undefined;
  readonly controllerStatefulSet: string;
  readonly controllerService: string;
  readonly controllerReplicas: number | undefined;
  readonly controllerPort: number;
  readonly brokerIdOffset: number;
  readonly headlessService: string;
  readonly namespace: string;
  readonly clusterDomain: string;
  readonly internalPort: number;
  readonly externalMode: 'none' | 'nodeport' | 'loadbalancer' | 'hostport';
  readonly externalContainerPort: number;
}

export interface KraftPlan {
  readonly roles: ProcessRoles;
  readonly broker: boolean;
  readonly controller: boolean;
  readonly nodeId: number;
  /** How nodeId follows from the pod, for messages: "ordinal 1 + KAFKA_BROKER_ID_OFFSET 0". */
  readonly nodeIdFrom: string;
  readonly clusterId: string;
  /** This node's CONTROLLER host, when it is a controller. */
  readonly controllerHost: string | undefined;
  /** controller.quorum.voters: id@host:port of every controller. */
  readonly voters: string;
}

function need<T>(value: T | undefined, setting: string, why: string): T {
  if (value === undefined) throw new ConfigError(`${setting} is not set, but KAFKA_METADATA_MODE is kraft: ${why}`, setting);
  return value;
}

/** What only kraft mode reads must not be set in zookeeper mode, where it would silently do nothing. */
function refuseInZookeeperMode(s: KraftSettings): undefined {
  const set = (
    [
      ['KAFKA_PROCESS_ROLES', s.processRoles],
      ['KAFKA_CLUSTER_ID', s.clusterId],
      ['KAFKA_CONTROLLER_REPLICAS', s.controllerReplicas],
    ] as const
  ).find(([, v]) => v !== undefined);
  if (set) {
    throw new ConfigError(
      `${set[0]} is set, but KAFKA_METADATA_MODE is zookeeper (the default), which has no process roles, cluster id or controllers: set KAFKA_METADATA_MODE=kraft for Kafka 4.x, or unset ${set[0]}`,
      set[0],
    );
  }
  return undefined;
}

export function planKraft(s: KraftSettings, pod: PodIdentity): KraftPlan | undefined {
  if (s.metadataMode === 'zookeeper') return refuseInZookeeperMode(s);
  const roles = need(s.processRoles, 'KAFKA_PROCESS_ROLES', 'set it to broker, controller or broker,controller');
  const clusterId = need(s.clusterId, 'KAFKA_CLUSTER_ID', `every node of the cluster needs the same id; ${CLUSTER_ID_HOW}, and set it once for all nodes`);
  const replicas = need(s.controllerReplicas, 'KAFKA_CONTROLLER_REPLICAS', 'set it to the controller StatefulSet\'s replicas (1, 3 or 5)');
  const broker = roles !== 'controller';
  const controller = roles !== 'broker';
  const combined = broker && controller;

  if (s.controllerPort === s.internalPort || (broker && s.externalMode !== 'none' && s.controllerPort === s.externalContainerPort)) {
    throw new ConfigError(`KAFKA_CONTROLLER_PORT ${s.controllerPort} is also the port of another listener: give the CONTROLLER listener a port of its own`, 'KAFKA_CONTROLLER_PORT');
  }
  if (!broker && s.externalMode !== 'none') {
    throw new ConfigError(`KAFKA_EXTERNAL_MODE is ${s.externalMode}, but KAFKA_PROCESS_ROLES is controller: controllers serve no clients, so give external access to the brokers only and set KAFKA_EXTERNAL_MODE=none here`, 'KAFKA_EXTERNAL_MODE');
  }
  if (controller) {
    if (pod.setName !== s.controllerStatefulSet) {
      throw new ConfigError(
        `this pod ${pod.podName} has the controller role, but KAFKA_CONTROLLER_STATEFULSET is ${s.controllerStatefulSet}, so the quorum would not list it: set KAFKA_CONTROLLER_STATEFULSET=${pod.setName}`,
        'KAFKA_CONTROLLER_STATEFULSET',
      );
    }
    if (pod.ordinal >= replicas) {
      throw new ConfigError(
        `this pod ${pod.podName} is a controller, but KAFKA_CONTROLLER_REPLICAS is ${replicas}, so only ordinals 0-${replicas - 1} vote: set KAFKA_CONTROLLER_REPLICAS to the StatefulSet's replicas`,
        'KAFKA_CONTROLLER_REPLICAS',
      );
    }
  }
  if (combined && s.controllerService !== s.headlessService) {
    throw new ConfigError(
      `combined nodes (KAFKA_PROCESS_ROLES=broker,controller) have one DNS name, but KAFKA_CONTROLLER_SERVICE is ${s.controllerService} and KAFKA_HEADLESS_SERVICE is ${s.headlessService}: set both to the StatefulSet's serviceName`,
      'KAFKA_CONTROLLER_SERVICE',
    );
  }

  const nodeIdFrom = broker ? `ordinal ${pod.ordinal} + KAFKA_BROKER_ID_OFFSET ${s.brokerIdOffset}` : `${CONTROLLER_ID_BASE} + ordinal ${pod.ordinal}`;
  const nodeId = broker ? pod.ordinal + s.brokerIdOffset : CONTROLLER_ID_BASE + pod.ordinal;
  if (broker && nodeId >= CONTROLLER_ID_BASE) {
    throw new ConfigError(
      `node.id ${nodeId} (${nodeIdFrom}) is ${CONTROLLER_ID_BASE} or more, where controllers' ids begin (${CONTROLLER_ID_BASE} + ordinal): lower KAFKA_BROKER_ID_OFFSET`,
      'KAFKA_BROKER_ID_OFFSET',
    );
  }
  const voterId = (i: number) => (combined ? i + s.brokerIdOffset : CONTROLLER_ID_BASE + i);
  const voterHost = (i: number) => podFqdn(`${s.controllerStatefulSet}-${i}`, s.controllerService, s.namespace, s.clusterDomain);
  return {
    roles,
    broker,
    controller,
    nodeId,
    nodeIdFrom,
    clusterId,
    controllerHost: controller ? voterHost(pod.ordinal) : undefined,
    voters: Array.from({ length: replicas }, (_, i) => `${voterId(i)}@${voterHost(i)}:${s.controllerPort}`).join(','),
  };
}
