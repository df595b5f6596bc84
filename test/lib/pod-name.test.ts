import { describe, expect, it } from 'vitest';
import { parsePodName } from '../../agents/lib/pod-name.ts';
import { ConfigError } from '../../agents/lib/exit-codes.ts';

describe('parsePodName', () => {
  const parsed: Record<string, [set: string, ordinal: number]> = {
    'zoo-0': ['zoo', 0],
    'zoo-12': ['zoo', 12],
    'my-kafka-3': ['my-kafka', 3],
    'kafka-1.broker.kafka.svc.cluster.local': ['kafka', 1],
  };
  it.each(Object.entries(parsed).map(([name, [set, ordinal]]) => [name, set, ordinal] as const))('%s -> set %s, ordinal %i', (name, set, ordinal) => {
    expect(parsePodName(name)).toMatchObject({ setName: set, ordinal });
  });

  it.each([
    ['', /is empty/],
    ['zoo', /has no ordinal: StatefulSet pods are named <set>-<ordinal>/],
    ['zoo-', /not a valid pod name/],
    ['zoo-01', /has no ordinal/],
    ['Zoo-0', /not a valid pod name/],
    ['zoo-abc12', /has no ordinal/],
    ['zoo-7f9c8d-xk2p', /has no ordinal/],
  ])('rejects %j', (name, message) => {
    expect(() => parsePodName(name)).toThrow(ConfigError);
    expect(() => parsePodName(name)).toThrow(message);
  });
});
