import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../agents/lib/exit-codes.ts';
import { effectiveTarget } from '../../agents/sidecar/sidecar.ts';
import { DEFAULT_PORT } from '../../agents/sidecar/settings.ts';
import { sidecarConfig } from '../support/sidecar.ts';

describe('sidecar settings', () => {
  it('defaults to a port no server in the pod uses', () => {
    const c = sidecarConfig({ SIDECAR_MODE: 'zookeeper' });
    expect(c.port).toBe(DEFAULT_PORT);
    expect([8080, 2181, 2888, 3888, 9092, 9094]).not.toContain(c.port);
  });

  it.each([
    ['zookeeper', undefined, '127.0.0.1:2181'],
    ['kafka', undefined, '127.0.0.1:9092'],
    ['kafka', 'localhost:19092', 'localhost:19092'],
    ['zookeeper', '[::1]:2181', '::1:2181'],
  ])('mode %s with SIDECAR_TARGET %j checks %s', (mode, target, want) => {
    const t = effectiveTarget(sidecarConfig({ SIDECAR_MODE: mode, ...(target ? { SIDECAR_TARGET: target } : {}) }));
    expect(`${t.host}:${t.port}`).toBe(want);
  });

  it('reads durations and patterns', () => {
    const c = sidecarConfig({ SIDECAR_MODE: 'kafka', SIDECAR_CHECK_INTERVAL: '5s', SIDECAR_ISR_MAX_WAIT: '0s', SIDECAR_TOPIC_INCLUDE: 'orders|pay.*' });
    expect([c.checkInterval, c.isrMaxWait]).toEqual([5000, 0]);
    expect(['orders', 'payments', 'orders2'].filter((t) => c.topicInclude.test(t))).toEqual(['orders', 'payments']);
    expect(c.topicExclude.test('__consumer_offsets')).toBe(true);
    expect(c.groupExclude.test('anything')).toBe(false);
  });

  it('reads the KRaft settings, defaulting to ZooKeeper metadata and the files kafka-init writes', () => {
    const d = sidecarConfig({ SIDECAR_MODE: 'kafka' });
    expect([d.metadataMode, d.kafkaConfigFile, d.quorumMaxLag, d.quorumMaxLagTime, d.podName]).toEqual(['zookeeper', '/etc/kafka-broker/server.properties', 1000, 5000, undefined]);
    const k = sidecarConfig({ SIDECAR_MODE: 'kafka', SIDECAR_KAFKA_METADATA_MODE: 'kraft', SIDECAR_QUORUM_MAX_LAG: '10', SIDECAR_QUORUM_MAX_LAG_TIME: '2s', HOSTNAME: 'kafka-controller-1' });
    expect([k.metadataMode, k.quorumMaxLag, k.quorumMaxLagTime, k.podName]).toEqual(['kraft', 10, 2000, 'kafka-controller-1']);
  });

  it.each([
    [{ SIDECAR_MODE: 'kafka', SIDECAR_KAFKA_METADATA_MODE: 'etcd' }, 'invalid setting --sidecar-kafka-metadata-mode ($SIDECAR_KAFKA_METADATA_MODE): must be one of zookeeper, kraft, got "etcd"'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_QUORUM_MAX_LAG: '-1' }, 'invalid setting --sidecar-quorum-max-lag ($SIDECAR_QUORUM_MAX_LAG)'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_QUORUM_MAX_LAG_TIME: '100ms' }, 'must be at least 500ms'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_KAFKA_CONFIG_FILE: 'server.properties' }, 'must be an absolute path'],
    [{}, 'missing setting: set $SIDECAR_MODE or --sidecar-mode'],
    [{ SIDECAR_MODE: 'broker' }, 'invalid setting --sidecar-mode ($SIDECAR_MODE): must be one of zookeeper, kafka, got "broker"'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_TARGET: 'localhost' }, 'invalid setting --sidecar-target ($SIDECAR_TARGET): must be host:port'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_PORT: '0' }, 'must be a TCP port from 1 to 65535'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_CHECK_INTERVAL: '10' }, 'must be a duration like 500ms'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_CHECK_TIMEOUT: '1ms' }, 'must be at least 50ms'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_TOPIC_EXCLUDE: '(' }, 'invalid setting --sidecar-topic-exclude ($SIDECAR_TOPIC_EXCLUDE): must be a valid regular expression'],
    [{ SIDECAR_MODE: 'kafka', SIDECAR_IDENTITY_FILE: 'identity.json' }, 'must be an absolute path'],
  ])('%j is refused: %s', (env, message) => {
    expect(() => sidecarConfig(env)).toThrow(ConfigError);
    expect(() => sidecarConfig(env)).toThrow(message);
  });
});
