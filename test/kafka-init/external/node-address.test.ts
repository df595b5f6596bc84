import { describe, expect, it } from 'vitest';
import { ADDRESS_TYPES, chooseNodeAddress } from '../../../agents/kafka-init/external/node-address.ts';

type A = Array<{ type: string; address: string }>;
const a = (...pairs: Array<[string, string]>): A => pairs.map(([type, address]) => ({ type, address }));
const DEFAULT = [...ADDRESS_TYPES];

describe('choosing the node address', () => {
  it.each([
    ['ExternalDNS first', a(['InternalIP', '10.0.0.1'], ['ExternalDNS', 'n.example.com'], ['ExternalIP', '1.2.3.4']), DEFAULT, 'n.example.com', 'ExternalDNS', []],
    ['ExternalIP over internal ones', a(['InternalIP', '10.0.0.1'], ['ExternalIP', '1.2.3.4']), DEFAULT, '1.2.3.4', 'ExternalIP', []],
    ['InternalIP on a private cluster', a(['InternalIP', '10.0.0.1'], ['Hostname', 'n1']), DEFAULT, '10.0.0.1', 'InternalIP', []],
    ['Hostname last', a(['Hostname', 'n1']), DEFAULT, 'n1', 'Hostname', []],
    ['the user order, not the node order', a(['ExternalIP', '1.2.3.4'], ['InternalIP', '10.0.0.1']), ['InternalIP', 'ExternalIP'], '10.0.0.1', 'InternalIP', []],
    ['the first of several, the rest reported', a(['ExternalIP', '1.2.3.4'], ['ExternalIP', '5.6.7.8'], ['ExternalIP', '9.9.9.9']), DEFAULT, '1.2.3.4', 'ExternalIP', ['5.6.7.8', '9.9.9.9']],
    ['empty addresses skipped', a(['ExternalIP', ''], ['InternalIP', '10.0.0.1']), DEFAULT, '10.0.0.1', 'InternalIP', []],
  ])('%s', (_name, addresses, preference, address, type, alsoOfType) => {
    expect(chooseNodeAddress('n1', addresses, preference)).toEqual({ address, type, alsoOfType });
  });

  it.each([
    ['no address of a preferred type', a(['InternalIP', '10.0.0.1']), ['ExternalIP'], /node n1 has no address of type ExternalIP \(it has: InternalIP 10.0.0.1\)/],
    ['no addresses at all', a(), DEFAULT, /\(it has: none\): add a type it has to KAFKA_EXTERNAL_ADDRESS_TYPES, or set KAFKA_EXTERNAL_HOST/],
  ])('fails with %s', (_name, addresses, preference, message) => {
    expect(() => chooseNodeAddress('n1', addresses, preference)).toThrow(message);
  });
});
