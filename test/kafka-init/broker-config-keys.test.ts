// Every key kafka-init writes into server.properties, and every key of the
// golden files (template included), is a Kafka 3.9 broker config key, so a
// misspelled key fails here instead of being ignored by the broker.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../agents/lib/properties.ts';
import { deriveListeners } from '../../agents/kafka-init/listeners.ts';
import { OWNED_KEYS, renderServerProperties } from '../../agents/kafka-init/server-properties.ts';
import { GOLDEN_DIR } from '../support/golden.ts';
import { REPO_ROOT as ROOT } from '../../images/bake/repo.ts';

const KNOWN = new Set(
  readFileSync(join(ROOT, 'test/fixtures/kafka-3.9-broker-configs.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#')),
);

/** Keys Kafka 3.9 would not recognise; listener.name.<listener>.<key> is checked by its <key>. */
function unknownKeys(text: string): string[] {
  return parseProperties(text)
    .map((e) => e.key)
    .filter((key) => !KNOWN.has(key.replace(/^listener\.name\.[a-z0-9_-]+\./, '')));
}

const goldens = readdirSync(join(GOLDEN_DIR, 'kafka-init')).filter((f) => f.endsWith('.properties'));

describe('Kafka 3.9 broker config keys', () => {
  it('the list holds the keys this agent relies on', () => {
    expect(KNOWN.size).toBeGreaterThan(300);
    for (const key of ['broker.id', 'broker.rack', 'listeners', 'advertised.listeners', 'zookeeper.connect', 'log.dirs']) {
      expect(KNOWN.has(key), key).toBe(true);
    }
  });

  it('has the thirteen golden files (nine of ZooKeeper mode, four of KRaft mode)', () => {
    expect(goldens).toHaveLength(13);
  });

  it.each(goldens)('every key of golden %s is known', (file) => {
    expect(unknownKeys(readFileSync(join(GOLDEN_DIR, 'kafka-init', file), 'utf8'))).toEqual([]);
  });

  it('every key the agent derives or refuses is known', () => {
    const listeners = deriveListeners(
      { bindPort: 9092, advertisedHost: 'kafka-0.broker.kafka.svc.cluster.local', advertisedPort: 9092 },
      { bindPort: 9094, advertisedHost: '203.0.113.1', advertisedPort: 32400 },
    );
    const text = renderServerProperties({ brokerId: 0, podName: 'kafka-0', rack: 'zone-a', listeners, zookeeperConnect: 'zk:2181', dataDir: '/data' });
    expect(unknownKeys(text)).toEqual([]);
    expect(OWNED_KEYS.filter((k) => typeof k === 'string' && !KNOWN.has(k))).toEqual([]);
  });

  it("the manifests' template is accepted, and every key of it is known", () => {
    const file = join(ROOT, 'manifests/kafka/server.properties');
    const text = readFileSync(file, 'utf8');
    const listeners = deriveListeners({ bindPort: 9092, advertisedHost: 'kafka-0.broker.kafka.svc.cluster.local', advertisedPort: 9092 });
    const rendered = renderServerProperties({
      brokerId: 0,
      podName: 'kafka-0',
      rack: null,
      listeners,
      zookeeperConnect: 'zookeeper:2181',
      dataDir: '/var/lib/kafka/data',
      template: { path: file, text, keys: parseProperties(text) },
    });
    expect(unknownKeys(rendered)).toEqual([]);
  });

  it.each([
    ['advertised.listener', ['advertised.listener']],
    ['zookeeper.conect', ['zookeeper.conect']],
    ['log.dir.s', ['log.dir.s']],
    ['listener.name.external.ssl.keystore.locaton', ['listener.name.external.ssl.keystore.locaton']],
    ['listener.name.external.ssl.keystore.location', []],
  ])('a file with %s reports %j', (key, unknown) => {
    expect(unknownKeys(`num.partitions=3\n${key}=x\n`)).toEqual(unknown);
  });
});
