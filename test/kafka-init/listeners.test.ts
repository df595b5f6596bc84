import { describe, expect, it } from 'vitest';
import { deriveListeners } from '../../agents/kafka-init/listeners.ts';

const internal = { bindPort: 9092, advertisedHost: 'kafka-0.broker.kafka.svc.cluster.local', advertisedPort: 9092 };

describe('listeners', () => {
  it.each([
    ['internal only', undefined, {
      listeners: 'INTERNAL://:9092',
      'advertised.listeners': 'INTERNAL://kafka-0.broker.kafka.svc.cluster.local:9092',
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT',
    }],
    ['with a nodePort', { bindPort: 9094, advertisedHost: '203.0.113.1', advertisedPort: 32400 }, {
      listeners: 'INTERNAL://:9092,EXTERNAL://:9094',
      'advertised.listeners': 'INTERNAL://kafka-0.broker.kafka.svc.cluster.local:9092,EXTERNAL://203.0.113.1:32400',
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT',
    }],
    ['with an IPv6 host', { bindPort: 9094, advertisedHost: '2001:db8::1', advertisedPort: 9094 }, {
      listeners: 'INTERNAL://:9092,EXTERNAL://:9094',
      'advertised.listeners': 'INTERNAL://kafka-0.broker.kafka.svc.cluster.local:9092,EXTERNAL://[2001:db8::1]:9094',
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT',
    }],
  ])('%s', (_name, external, expected) => {
    const l = deriveListeners(internal, external);
    expect(Object.fromEntries(l.properties)).toEqual({ ...expected, 'inter.broker.listener.name': 'INTERNAL' });
  });

  it.each([undefined, { bindPort: 9094, advertisedHost: 'h', advertisedPort: 1 }])('agree with each other (external %j)', (external) => {
    const props = Object.fromEntries(deriveListeners(internal, external).properties);
    const names = (v: string, sep: string) => v.split(',').map((x) => x.split(sep)[0]);
    expect(names(props['advertised.listeners']!, '://')).toEqual(names(props.listeners!, '://'));
    expect(names(props['listener.security.protocol.map']!, ':')).toEqual(names(props.listeners!, '://'));
    expect(names(props.listeners!, '://')).toContain(props['inter.broker.listener.name']);
  });
});
