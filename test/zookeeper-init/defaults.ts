/** zookeeper-init's settings at their manifest values, for pod zoo-0: the base that table cases override. */
import type { EnsembleInput } from '../../agents/zookeeper-init/ensemble.ts';

export const ensembleDefaults: EnsembleInput = {
  podName: 'zoo-0',
  namespace: 'kafka',
  replicas: 3,
  headlessService: 'zoo',
  clusterDomain: 'cluster.local',
  idOffset: 1,
  clientPort: 2181,
  quorumPort: 2888,
  electionPort: 3888,
  adminPort: 0,
};
