/**
 * Who this member is and who the others are: pure derivation from the settings.
 */
import { ConfigError } from '../lib/exit-codes.ts';
import { podFqdn } from '../lib/dns.ts';
import { parsePodName } from '../lib/pod-name.ts';

export interface EnsembleInput {
  podName: string;
  namespace: string;
  replicas: number;
  headlessService: string;
  clusterDomain: string;
  idOffset: number;
  quorumPort: number;
  electionPort: number;
  clientPort: number;
  adminPort: number;
}

export interface Member {
  readonly id: number;
  readonly host: string;
}

export interface Ensemble {
  readonly setName: string;
  readonly ordinal: number;
  /** This member's myid. */
  readonly myid: number;
  readonly members: readonly Member[];
}

export function deriveEnsemble(input: EnsembleInput): Ensemble {
  const pod = parsePodName(input.podName);
  if (pod.ordinal >= input.replicas) {
    throw new ConfigError(
      `pod ${pod.podName} has ordinal ${pod.ordinal} but ZK_REPLICAS is ${input.replicas}: set ZK_REPLICAS to the StatefulSet's replicas (at least ${pod.ordinal + 1})`,
      'ZK_REPLICAS',
      'E_ORDINAL_OUT_OF_RANGE',
    );
  }
  if (input.idOffset + input.replicas - 1 > 255) {
    throw new ConfigError(
      `ZK_ID_OFFSET ${input.idOffset} + ZK_REPLICAS ${input.replicas} gives ids above 255; lower ZK_ID_OFFSET`,
      'ZK_ID_OFFSET',
    );
  }
  const ports: Array<[string, number]> = [
    ['ZK_CLIENT_PORT', input.clientPort],
    ['ZK_QUORUM_PORT', input.quorumPort],
    ['ZK_ELECTION_PORT', input.electionPort],
  ];
  if (input.adminPort !== 0) ports.push(['ZK_ADMIN_PORT', input.adminPort]);
  for (let i = 0; i < ports.length; i++) {
    for (let j = i + 1; j < ports.length; j++) {
      if (ports[i]![1] === ports[j]![1]) {
        throw new ConfigError(
          `${ports[i]![0]} and ${ports[j]![0]} are both ${ports[i]![1]}: each ZooKeeper port must be distinct`,
          ports[j]![0],
          'E_PORT_COLLISION',
        );
      }
    }
  }
  const members: Member[] = [];
  for (let i = 0; i < input.replicas; i++) {
    members.push({
      id: i + input.idOffset,
      host: podFqdn(`${pod.setName}-${i}`, input.headlessService, input.namespace, input.clusterDomain),
    });
  }
  return { setName: pod.setName, ordinal: pod.ordinal, myid: pod.ordinal + input.idOffset, members };
}
