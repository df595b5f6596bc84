/**
 * Everything that follows from the settings alone, checked before any I/O:
 * the pod's ordinal, the INTERNAL address, what the EXTERNAL listener needs,
 * and whether the node must be read. Pure; throws ConfigError.
 */
import { ConfigError } from '../lib/exit-codes.ts';
import { podFqdn } from '../lib/dns.ts';
import { parsePodName, type PodIdentity } from '../lib/pod-name.ts';
import { planExternal, type ExternalPlan, type ExternalSettings } from './external.ts';

export interface PlanSettings extends ExternalSettings {
  readonly podName: string;
  readonly namespace: string;
  readonly headlessService: string;
  readonly clusterDomain: string;
  readonly nodeName: string | undefined;
  readonly rackLabel: string;
}

export interface BrokerPlan {
  readonly pod: PodIdentity;
  readonly internalHost: string;
  readonly external: ExternalPlan | undefined;
  /** The node to read, and why; undefined when neither rack nor address needs it. */
  readonly node: { readonly name: string; readonly forRack: boolean; readonly forAddress: boolean } | undefined;
}

export function planBroker(s: PlanSettings): BrokerPlan {
  const pod = parsePodName(s.podName);
  const external = planExternal(s, pod.ordinal);
  const forRack = s.rackLabel !== '';
  const forAddress = external?.hostFrom === 'node';
  let node: BrokerPlan['node'];
  if (forRack || forAddress) {
    if (s.nodeName === undefined) {
      const why = forAddress ? 'nodeport mode advertises an address of the node' : `broker.rack comes from the node label ${s.rackLabel}`;
      const or = forAddress ? 'or set KAFKA_EXTERNAL_HOST' : 'or set KAFKA_RACK_LABEL to empty to turn racks off';
      throw new ConfigError(`NODE_NAME is not set, but ${why}: set NODE_NAME from the downward API (fieldRef spec.nodeName), ${or}`, 'NODE_NAME');
    }
    node = { name: s.nodeName, forRack, forAddress };
  }
  return {
    pod,
    internalHost: podFqdn(pod.podName, s.headlessService, s.namespace, s.clusterDomain),
    external,
    node,
  };
}
