/** The kraft settings at their defaults (ZooKeeper mode), for tests of the plan. */
import type { KraftSettings } from '../../agents/kafka-init/kraft-plan.ts';

export const KRAFT_DEFAULTS: Omit<KraftSettings, 'internalPort' | 'externalMode' | 'externalContainerPort'> = {
  metadataMode: 'zookeeper',
  processRoles: undefined,
  clusterId: undefined,
  controllerStatefulSet: 'kafka-controller',
  controllerService: 'controller',
  controllerReplicas: undefined,
  controllerPort: 9093,
  brokerIdOffset: 0,
  headlessService: 'broker',
  namespace: 'kafka',
  clusterDomain: 'cluster.local',
};
