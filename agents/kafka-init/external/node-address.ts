/**
 * Choosing the node address to advertise in nodeport mode: the first type in
 * the user's preference list that the node has. Nodes often have several
 * (InternalIP, ExternalIP, Hostname, ...); only the user knows which one
 * clients outside can reach. Pure.
 */
import { AgentError } from '../../lib/exit-codes.ts';
import type { NodeAddress } from '../kube/types.ts';

export const ADDRESS_TYPES = ['ExternalDNS', 'ExternalIP', 'InternalDNS', 'InternalIP', 'Hostname'] as const;

export interface NodeAddressChoice {
  readonly address: string;
  readonly type: string;
  /** Other addresses of the chosen type, not used (a warning is logged). */
  readonly alsoOfType: readonly string[];
}

export function chooseNodeAddress(nodeName: string, addresses: readonly NodeAddress[], preference: readonly string[]): NodeAddressChoice {
  for (const type of preference) {
    const ofType = addresses.filter((a) => a.type === type && a.address !== '').map((a) => a.address);
    if (ofType.length > 0) return { address: ofType[0]!, type, alsoOfType: ofType.slice(1) };
  }
  const has = addresses.length === 0 ? 'none' : addresses.map((a) => `${a.type} ${a.address}`).join(', ');
  throw new AgentError(
    'E_NO_NODE_ADDRESS',
    `node ${nodeName} has no address of type ${preference.join(', ')} (it has: ${has}): add a type it has to KAFKA_EXTERNAL_ADDRESS_TYPES, or set KAFKA_EXTERNAL_HOST`,
  );
}
