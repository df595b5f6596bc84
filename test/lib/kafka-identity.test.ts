import { describe, expect, it } from 'vitest';
import {
  formatHostPort,
  identityEndpoints,
  parseKafkaIdentity,
  renderKafkaIdentity,
  splitHostPort,
  type KafkaIdentity,
} from '../../agents/lib/kafka-identity.ts';
import { testIdentity } from '../support/kafka-identity.ts';

const valid: KafkaIdentity = testIdentity({
  brokerId: 2,
  rack: 'zone-b',
  internal: 'kafka-2.broker.kafka.svc.cluster.local:9092',
  external: '[2001:db8::1]:31092',
  zookeeperConnect: 'zookeeper:2181/kafka',
});

function withField(key: string, value: unknown): string {
  return JSON.stringify({ ...valid, [key]: value });
}

describe('kafka identity', () => {
  it('round-trips through render and parse', () => {
    expect(parseKafkaIdentity(renderKafkaIdentity(valid))).toEqual(valid);
  });

  it('accepts an internal-only identity with no rack', () => {
    const internal = {
      ...valid,
      rack: null,
      advertisedListeners: { INTERNAL: valid.advertisedListeners.INTERNAL },
      listenerSecurityProtocolMap: { INTERNAL: 'PLAINTEXT' },
      endpoints: [valid.endpoints[0]],
    };
    expect(parseKafkaIdentity(JSON.stringify(internal)).endpoints).toEqual([valid.endpoints[0]]);
  });

  it.each([
    ['not json', '{', /not JSON/],
    ['an array', '[]', /must be a JSON object/],
    ['another version', withField('version', 2), /version must be 1, got 2/],
    ['a negative broker id', withField('brokerId', -1), /brokerId must be a non-negative integer, got -1/],
    ['a string broker id', withField('brokerId', '1'), /brokerId must be a non-negative integer, got "1"/],
    ['an empty rack', withField('rack', ''), /rack must be null or a non-empty string/],
    ['a listener without port', withField('advertisedListeners', { INTERNAL: 'kafka-0' }), /advertisedListeners.INTERNAL must be "host:port"/],
    ['an unknown listener', withField('advertisedListeners', { INTERNAL: 'a:1', PLAIN: 'b:2' }), /unknown listener "PLAIN"/],
    ['no INTERNAL listener', withField('advertisedListeners', {}), /advertisedListeners.INTERNAL is missing/],
    ['a bad protocol', withField('listenerSecurityProtocolMap', { INTERNAL: 'TLS', EXTERNAL: 'PLAINTEXT' }), /must be one of PLAINTEXT/],
    ['maps that disagree', withField('listenerSecurityProtocolMap', { INTERNAL: 'PLAINTEXT' }), /EXTERNAL must be in both/],
    ['endpoints that disagree', withField('endpoints', ['INTERNAL://x:1']), /endpoints must be \["INTERNAL:\/\/kafka-2/],
    ['another inter-broker listener', withField('interBrokerListenerName', 'EXTERNAL'), /interBrokerListenerName must be "INTERNAL"/],
    ['no pod name', withField('podName', ''), /podName must be a non-empty string/],
    ['no zookeeper.connect', withField('zookeeperConnect', undefined), /zookeeperConnect must be a non-empty string, got nothing/],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseKafkaIdentity(text)).toThrow(message);
  });

  it.each([
    ['kafka-0.broker', 9092, 'kafka-0.broker:9092'],
    ['10.0.0.1', 31090, '10.0.0.1:31090'],
    ['2001:db8::1', 9094, '[2001:db8::1]:9094'],
  ])('formats %s:%i as %s and splits it back', (host, port, text) => {
    expect(formatHostPort(host, port)).toBe(text);
    expect(splitHostPort(text)).toEqual({ host, port });
  });

  it.each(['host', 'host:', 'host:0', 'host:70000', ':9092', '2001:db8::1:9092'])('splitHostPort(%s) is null', (text) => {
    expect(splitHostPort(text)).toBeNull();
  });

  it('lists INTERNAL before EXTERNAL', () => {
    expect(identityEndpoints({ EXTERNAL: 'b:2', INTERNAL: 'a:1' })).toEqual(['INTERNAL://a:1', 'EXTERNAL://b:2']);
  });
});
