import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentError } from '../../../../agents/lib/exit-codes.ts';
import { loadNodeConfig } from '../../../../agents/sidecar/kafka/kraft/load-node-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'sidecar-node-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text, 'latin1');
  return join(dir, name);
};

describe('loading SIDECAR_KAFKA_CONFIG_FILE', () => {
  it('reads server.properties as Java does: the last entry wins, escapes and continuation lines', async () => {
    const f = file('ok.properties', 'node.id=7\nprocess.roles=broker\nlisteners=PLAINTEXT://0.0.0.0:9092\nadvertised.listeners=PLAINTEXT://a:9092,\\\n  PLAINTEXT://b\\u002dc:9092\nbroker.rack=zone\\ a\n');
    const c = await loadNodeConfig(f);
    expect([c.nodeId, c.rack, c.interBrokerListener?.advertised]).toEqual([7, 'zone a', { host: 'b-c', port: 9092 }]);
  });

  it.each([
    ['a missing file', join(dir, 'none.properties'), `SIDECAR_KAFKA_CONFIG_FILE ${join(dir, 'none.properties')} cannot be read (ENOENT): mount the volume kafka-init writes server.properties to`],
    ['a ZooKeeper-mode config', file('zk.properties', 'broker.id=0\nzookeeper.connect=zoo:2181\n'), 'node.id must be a non-negative integer, got null: is this a KRaft node\'s config?; with SIDECAR_KAFKA_METADATA_MODE=kraft it must be the KRaft server.properties kafka-init wrote'],
    ['a malformed escape', file('bad.properties', 'node.id=\\u12\n'), 'with SIDECAR_KAFKA_METADATA_MODE=kraft it must be the KRaft server.properties'],
    ['a directory', dir, 'is a directory, not a regular file: point SIDECAR_KAFKA_CONFIG_FILE at a file'],
  ])('%s is refused, naming the setting', async (_what, path, message) => {
    const e = await loadNodeConfig(path).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AgentError);
    expect((e as AgentError).code).toBe('E_NODE_CONFIG');
    expect((e as Error).message).toContain(message);
  });
});
