/**
 * Everything that follows from the settings alone, checked before any I/O:
 * the pod's ordinal, the INTERNAL address, what the EXTERNAL listener needs,
 * and whether the node must be read for its rack label. Pure; throws ConfigError.
 */
import { ConfigError } from '../lib/exit-codes.ts';
import { podFqdn } from '../lib/dns.ts';
import { parsePodName, type PodIdentity } from '../lib/pod-name.ts';
import { planExternal, type ExternalPlan, type ExternalSettings } from './external/plan.ts';

export interface PlanSettings extends ExternalSettings {
  readonly podName: string;
  readonly namespace: string;
  readonly headlessService: string;
  readonly clusterDomain: string;
  readonly rackLabel: string;
}

export interface BrokerPlan {
  readonly pod: PodIdentity;
  readonly internalHost: string;
  readonly external: ExternalPlan | undefined;
  /** The node whose label gives broker.rack; undefined when racks are off. */
  readonly rackFrom: { readonly node: string; readonly label: string } | undefined;
}

export function planBroker(s: PlanSettings): BrokerPlan {
  const pod = parsePodName(s.podName);
  const external = planExternal(s, pod.ordinal);
  let rackFrom: BrokerPlan['rackFrom'];
  if (s.rackLabel !== '') {
    if (s.nodeName === undefined) {
      throw new ConfigError(
        `NODE_NAME is not set, but broker.rack comes from the node label ${s.rackLabel}: set NODE_NAME from the downward API (fieldRef spec.nodeName), or set KAFKA_RACK_LABEL to empty to turn racks off`,
        'NODE_NAME',
      );
    }
    rackFrom = { node: s.nodeName, label: s.rackLabel };
  }
  return {
    pod,
    internalHost: podFqdn(pod.podName, s.headlessService, s.namespace, s.clusterDomain),
    external,
    rackFrom,
  };
}
