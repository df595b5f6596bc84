// The rendered server.properties as Kafka reads it: java.util.Properties (a
// real JVM) must see exactly the entries the agent meant, template included.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveListeners } from '../../agents/kafka-init/listeners.ts';
import { renderServerProperties } from '../../agents/kafka-init/server-properties.ts';
import { parseProperties } from '../../agents/lib/properties.ts';
import { GOLDEN_DIR } from '../support/golden.ts';
import { javaProperties } from '../support/java.ts';


const javaRead = javaProperties;

function ourRead(text: string): Record<string, string> {
  return Object.fromEntries(parseProperties(text).map((e) => [e.key, e.value]));
}

// Java comes with Debian's zookeeper package, which test/setup.sh installs: this always runs.
describe('server.properties read by java.util.Properties', () => {
  it('every golden file reads the same in the JVM as in the agent', () => {
    const dir = join(GOLDEN_DIR, 'kafka-init');
    const files = readdirSync(dir).filter((f) => f.endsWith('.properties')).map((f) => join(dir, f));
    const java = javaRead(files);
    expect(java.size).toBe(files.length);
    for (const file of files) {
      expect(java.get(file), file).toEqual(ourRead(readFileSync(file, 'utf8')));
    }
  });

  it('a template with escapes, continuations and odd separators keeps its meaning', () => {
    const template = [
      '# comment',
      '! another comment',
      'num.partitions : 6',
      'log.retention.hours   72',
      'ssl.keystore.location=C:\\\\kafka\\\\keystore.jks',
      'sasl.jaas.config=org.example.Login required \\',
      '    user="a" \\',
      '    password="b";',
      'ssl.principal.mapping.rules=RULE:^CN=(.*)$/$1/,DEFAULT',
      'listener.name.external.ssl.client.auth=\\u0072equired',
      '',
    ].join('\n');
    const listeners = deriveListeners(
      { bindPort: 9092, advertisedHost: 'kafka-0.broker.kafka.svc.cluster.local', advertisedPort: 9092 },
      { bindPort: 9094, advertisedHost: '2001:db8::1', advertisedPort: 32400 },
    );
    const text = renderServerProperties({
      brokerId: 0,
      podName: 'kafka-0',
      rack: 'zone a',
      listeners,
      zookeeperConnect: 'zoo-0.zoo:2181,zoo-1.zoo:2181/kafka/prod',
      dataDir: '/var/lib/kafka/data',
      template: { path: '/t', text: template, keys: parseProperties(template) },
    });
    const dir = mkdtempSync(join(tmpdir(), 'kafka-init-java-'));
    try {
      const file = join(dir, 'server.properties');
      writeFileSync(file, text);
      const read = javaRead([file]).get(file)!;
      expect(read).toEqual(ourRead(text));
      expect(read).toMatchObject({
        'num.partitions': '6',
        'log.retention.hours': '72',
        'ssl.keystore.location': 'C:\\kafka\\keystore.jks',
        'sasl.jaas.config': 'org.example.Login required user="a" password="b";',
        'listener.name.external.ssl.client.auth': 'required',
        'broker.rack': 'zone a',
        'advertised.listeners': 'INTERNAL://kafka-0.broker.kafka.svc.cluster.local:9092,EXTERNAL://[2001:db8::1]:32400',
        'zookeeper.connect': 'zoo-0.zoo:2181,zoo-1.zoo:2181/kafka/prod',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
