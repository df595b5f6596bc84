/**
 * Choosing the node address to advertise in nodeport mode: the first type in
 * the user's preference list that the node has. Nodes often have several
 * (InternalIP, ExternalIP, Hostname, ...); only the user knows which one
 * clients outside can reach. Pure.
 */
import { AgentError } from '../../lib/exit-codes.ts';
import { isHostName } from '../../lib/dns.ts';
import { badField } from '../kube/decode.ts';
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
    const ofType = addresses.flatMap((a, i) => (a.type === type && a.address !== '' ? [{ ...a, i }] : []));
    const first = ofType[0];
    if (first === undefined) continue;
    if (!isHostName(first.address)) {
      throw badField(`node ${nodeName}`, `status.addresses[${first.i}].address`, `${JSON.stringify(first.address)} is neither a DNS name nor an IP address`);
    }
    return { address: first.address.replace(/\.$/, ''), type, alsoOfType: ofType.slice(1).map((a) => a.address) };
  }
  const has = addresses.length === 0 ? 'none' : addresses.map((a) => `${a.type} ${a.address}`).join(', ');
  throw new AgentError(
    'E_NO_NODE_ADDRESS',
    `node ${nodeName} has no address of type ${preference.join(', ')} (it has: ${has}): add a type it has to KAFKA_EXTERNAL_ADDRESS_TYPES, or set KAFKA_EXTERNAL_HOST`,
  );
}
