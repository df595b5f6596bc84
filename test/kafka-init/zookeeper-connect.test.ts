import { describe, expect, it } from 'vitest';
import { parseZookeeperConnect } from '../../agents/kafka-init/zookeeper-connect.ts';

describe('KAFKA_ZOOKEEPER_CONNECT', () => {
  it.each([
    ['zookeeper:2181', 'zookeeper:2181'],
    ['zoo-0.zoo:2181, zoo-1.zoo:2181', 'zoo-0.zoo:2181,zoo-1.zoo:2181'],
    ['zoo-0.zoo.kafka.svc.cluster.local:2181/kafka', 'zoo-0.zoo.kafka.svc.cluster.local:2181/kafka'],
    ['10.0.0.1:2181/a/b', '10.0.0.1:2181/a/b'],
    ['[2001:db8::1]:2181', '[2001:db8::1]:2181'],
  ])('accepts %s', (raw, value) => {
    expect(parseZookeeperConnect(raw)).toBe(value);
  });

  it.each([
    ['', /must not be empty/],
    ['zookeeper', /"zookeeper" has no port/],
    ['zookeeper:', /"zookeeper:" has no port/],
    ['zk:0', /has port 0/],
    ['zk:2181,', /"" has no port/],
    ['zk_1:2181', /invalid host "zk_1"/],
    ['[zk]:2181', /invalid host "zk"/],
    ['zk:2181/', /invalid chroot "\/"/],
    ['zk:2181/kafka/', /invalid chroot/],
    ['zk:2181//kafka', /invalid chroot/],
    ['zk:2181/../kafka', /invalid chroot/],
  ])('rejects %j', (raw, message) => {
    expect(() => parseZookeeperConnect(raw)).toThrow(message);
  });
});
