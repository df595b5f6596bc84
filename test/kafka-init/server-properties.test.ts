import { describe, expect, it } from 'vitest';
import { deriveListeners } from '../../agents/kafka-init/listeners.ts';
import { parseServerTemplate, renderServerProperties, type ServerPropertiesInput } from '../../agents/kafka-init/server-properties.ts';
import { parseProperties } from '../../agents/lib/properties.ts';

const listeners = deriveListeners({ bindPort: 9092, advertisedHost: 'kafka-1.broker.kafka.svc.cluster.local', advertisedPort: 9092 });
const input: ServerPropertiesInput = { brokerId: 1, podName: 'kafka-1', rack: 'zone-b', listeners, zookeeperConnect: 'zk:2181/kafka', dataDir: '/var/lib/kafka/data' };
const template = (text: string) => parseServerTemplate({ path: '/etc/kafka-template/server.properties', text });

describe('server.properties', () => {
  it('derives every owned key once', () => {
    const entries = parseProperties(renderServerProperties(input));
    expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual({
      'broker.id': '1',
      'broker.rack': 'zone-b',
      listeners: 'INTERNAL://:9092',
      'advertised.listeners': 'INTERNAL://kafka-1.broker.kafka.svc.cluster.local:9092',
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT',
      'inter.broker.listener.name': 'INTERNAL',
      'zookeeper.connect': 'zk:2181/kafka',
      'log.dirs': '/var/lib/kafka/data',
    });
  });

  it('leaves broker.rack out when there is no rack', () => {
    expect(renderServerProperties({ ...input, rack: null })).not.toMatch(/broker\.rack/);
  });

  it('keeps the template, comments included, before the derived keys', () => {
    const text = '# tuned for three brokers\nnum.partitions = 6\n! old style comment\nlog.retention.hours: 72\n';
    const out = renderServerProperties({ ...input, template: template(text) });
    expect(out).toContain(text.trimEnd());
    expect(out.indexOf('num.partitions')).toBeLessThan(out.indexOf('broker.id='));
  });

  it.each([
    ['broker.id', 'it is the ordinal'],
    ['broker.rack', 'KAFKA_RACK_LABEL'],
    ['listeners', 'KAFKA_INTERNAL_PORT'],
    ['advertised.listeners', 'KAFKA_EXTERNAL_'],
    ['listener.security.protocol.map', 'KAFKA_INTERNAL_PORT'],
    ['inter.broker.listener.name', 'KAFKA_INTERNAL_PORT'],
    ['security.inter.broker.protocol', 'INTERNAL listener'],
    ['zookeeper.connect', 'KAFKA_ZOOKEEPER_CONNECT'],
    ['log.dirs', 'KAFKA_DATA_DIR'],
    ['log.dir', 'KAFKA_DATA_DIR'],
  ])('refuses a template that sets %s, pointing at %s', (key, hint) => {
    expect(() => template(`num.partitions=3\n${key}=x\n`)).toThrow(
      new RegExp(`line 2 sets ${key.replace(/\./g, '\\.')}, which this agent derives.*${hint}`),
    );
  });

  it('allows per-listener settings in the template', () => {
    const text = 'listener.name.external.ssl.keystore.location=/etc/tls/keystore.jks\n';
    expect(renderServerProperties({ ...input, template: template(text) })).toContain(text.trim());
  });
});
