/**
 * Everything that follows from the settings alone, checked before any I/O:
 * the pod's ordinal, the INTERNAL address, what the EXTERNAL listener needs,
 * and whether the node must be read for its rack label. Pure; throws ConfigError.
 */
import { join } from 'node:path';
import { ConfigError } from '../lib/exit-codes.ts';
import { assertNoPathClash, assertRenderablePath, type PathClaim } from '../lib/path-claims.ts';
import { podFqdn } from '../lib/dns.ts';
import { parsePodName, type PodIdentity } from '../lib/pod-name.ts';
import { planExternal, type ExternalPlan, type ExternalSettings } from './external/plan.ts';
import { planKraft, type KraftPlan, type KraftSettings } from './kraft-plan.ts';

export interface PlanSettings extends ExternalSettings, KraftSettings {
  readonly podName: string;
  readonly rackLabel: string;
  readonly dataDir: string;
  readonly configTemplate: string | undefined;
  readonly configOut: string;
  readonly identityOut: string;
}

/** Files Kafka keeps in a log directory (besides its partition directories). */
export const KAFKA_DATA_DIR_FILES = [
  'meta.properties',
  '.lock',
  'recovery-point-offset-checkpoint',
  'log-start-offset-checkpoint',
  'replication-offset-checkpoint',
  'cleaner-offset-checkpoint',
  '.kafka_cleanshutdown',
] as const;

/** What each file setting claims; Kafka's data directory and its files first, the outputs last. */
function pathClaims(s: PlanSettings): PathClaim[] {
  return [
    { setting: 'KAFKA_DATA_DIR', path: s.dataDir, kind: 'dir', exclusive: 'which Kafka reads as a partition directory (and refuses to start)' },
    ...KAFKA_DATA_DIR_FILES.map((f): PathClaim => ({ setting: 'KAFKA_DATA_DIR', path: join(s.dataDir, f), kind: 'file', as: `${f}, which Kafka keeps in KAFKA_DATA_DIR (${join(s.dataDir, f)})` })),
    ...(s.configTemplate === undefined ? [] : [{ setting: 'KAFKA_CONFIG_TEMPLATE', path: s.configTemplate, kind: 'file' as const }]),
    { setting: 'KAFKA_CONFIG_OUT', path: s.configOut, kind: 'file' },
    { setting: 'KAFKA_IDENTITY_OUT', path: s.identityOut, kind: 'file' },
  ];
}

export interface BrokerPlan {
  readonly pod: PodIdentity;
  readonly internalHost: string;
  readonly external: ExternalPlan | undefined;
  /** The node whose label gives broker.rack; undefined when racks are off, or on a controller. */
  readonly rackFrom: { readonly node: string; readonly label: string } | undefined;
  /** KRaft mode's roles, node id and quorum; undefined in ZooKeeper mode. */
  readonly kraft: KraftPlan | undefined;
}

export function planBroker(s: PlanSettings): BrokerPlan {
  const pod = parsePodName(s.podName);
  assertRenderablePath(s.dataDir, 'KAFKA_DATA_DIR', ',');
  assertNoPathClash(pathClaims(s));
  const kraft = planKraft(s, pod);
  const external = planExternal(s, pod.ordinal);
  let rackFrom: BrokerPlan['rackFrom'];
  if (s.rackLabel !== '' && (kraft === undefined || kraft.broker)) {
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
    kraft,
  };
}
