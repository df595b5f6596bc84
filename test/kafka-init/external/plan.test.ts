import { describe, expect, it } from 'vitest';
import { planExternal, type ExternalSettings } from '../../../agents/kafka-init/external/plan.ts';
import { EXTERNAL_DEFAULTS } from './settings.ts';

const base: ExternalSettings = { ...EXTERNAL_DEFAULTS, externalMode: 'nodeport' };

describe('planning the EXTERNAL listener', () => {
  it.each([
    ['nodeport discovers host and port', {}, { host: { from: 'node', node: 'n2' }, port: { from: 'nodePort', service: 'outside-2' } }],
    ['nodeport with an explicit host reads only the Service', { externalHost: 'k{ordinal}.example.com' }, { host: { from: 'KAFKA_EXTERNAL_HOST', host: 'k2.example.com' }, port: { from: 'nodePort', service: 'outside-2' } }],
    ['nodeport with both explicit reads nothing', { externalHost: 'k.example.com', externalPort: '{ordinal+31000}' }, { host: { from: 'KAFKA_EXTERNAL_HOST', host: 'k.example.com' }, port: { from: 'KAFKA_EXTERNAL_PORT', port: 31002 } }],
    ['nodeport with an explicit host needs no NODE_NAME', { externalHost: 'k.example.com', nodeName: undefined }, { host: { from: 'KAFKA_EXTERNAL_HOST', host: 'k.example.com' } }],
    ['loadbalancer discovers host and port from the Service', { externalMode: 'loadbalancer' }, { host: { from: 'loadBalancer', service: 'outside-2' }, port: { from: 'servicePort', service: 'outside-2' } }],
    ['loadbalancer with an explicit port still waits for the address', { externalMode: 'loadbalancer', externalPort: '9094' }, { host: { from: 'loadBalancer', service: 'outside-2' }, port: { from: 'KAFKA_EXTERNAL_PORT', port: 9094 } }],
    ['hostport uses HOST_IP and the host port', { externalMode: 'hostport', hostIp: '10.0.0.5', externalHostPort: 19094 }, { host: { from: 'HOST_IP', host: '10.0.0.5' }, port: { from: 'KAFKA_EXTERNAL_HOSTPORT', port: 19094 } }],
    ['hostport with an explicit host needs no HOST_IP', { externalMode: 'hostport', externalHost: 'k.example.com' }, { host: { from: 'KAFKA_EXTERNAL_HOST', host: 'k.example.com' }, port: { from: 'KAFKA_EXTERNAL_HOSTPORT', port: 9094 } }],
    ['another Service template', { externalServiceTemplate: 'kafka-{ordinal}-external' }, { port: { from: 'nodePort', service: 'kafka-2-external' } }],
    ['a trailing dot in a host is dropped', { externalHost: 'k.example.com.' }, { host: { from: 'KAFKA_EXTERNAL_HOST', host: 'k.example.com' } }],
  ] as Array<[string, Partial<ExternalSettings>, object]>)('%s', (_name, overrides, expected) => {
    expect(planExternal({ ...base, ...overrides }, 2)).toMatchObject({ containerPort: 9094, ...expected });
  });

  it('mode none plans nothing', () => {
    expect(planExternal({ ...base, externalMode: 'none' }, 0)).toBeUndefined();
  });

  it.each([
    ['a host with mode none', { externalMode: 'none', externalHost: 'x' }, /KAFKA_EXTERNAL_HOST is set but KAFKA_EXTERNAL_MODE is none/],
    ['a port with mode none', { externalMode: 'none', externalPort: '1' }, /KAFKA_EXTERNAL_PORT is set but KAFKA_EXTERNAL_MODE is none/],
    ['hostport without HOST_IP', { externalMode: 'hostport' }, /HOST_IP is not set/],
    ['nodeport without NODE_NAME', { nodeName: undefined }, /NODE_NAME is not set, but nodeport mode advertises an address of the node.*or set KAFKA_EXTERNAL_HOST/],
    ['one port for two listeners', { externalContainerPort: 9092 }, /are both 9092/],
    ['a port of 0', { externalPort: '{ordinal}' }, /gives port "0"/],
    ['a port that is no number', { externalPort: 'p{ordinal}' }, /gives port "p0"/],
    ['a host with a space', { externalHost: 'a b' }, /gives host "a b", which is neither an IP address nor a DNS name/],
    ['a Service name with upper case', { externalServiceTemplate: 'Outside-{ordinal}' }, /gives "Outside-0", which is not a valid Service name/],
  ] as Array<[string, Partial<ExternalSettings>, RegExp]>)('refuses %s', (_name, overrides, message) => {
    expect(() => planExternal({ ...base, ...overrides }, 0)).toThrow(message);
  });
});
