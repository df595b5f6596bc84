import { describe, expect, it } from 'vitest';
import { topicSpec } from '../../agents/canary/topic-spec.ts';

describe('topicSpec', () => {
  it.each([
    [1, { partitions: 1, replicationFactor: 1, configs: {} }],
    [2, { partitions: 2, replicationFactor: 2, configs: {} }],
    [3, { partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }],
    [5, { partitions: 5, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }],
  ])('%i brokers: %j', (brokers, want) => {
    expect(topicSpec(brokers)).toEqual(want);
  });

  it.each([0, -1, 1.5])('refuses %d brokers', (n) => {
    expect(() => topicSpec(n)).toThrow('a topic needs at least one broker');
  });
});
