import { describe, expect, it } from 'vitest';
import { checkMetaProperties } from '../../agents/kafka-init/meta-properties.ts';

const ctx = { file: '/data/meta.properties', podName: 'kafka-1', ordinal: 1, offset: 0 };

describe('meta.properties', () => {
  it.each([
    ['no file', undefined, { state: 'absent' }],
    ['the same broker.id', '#Tue\nversion=0\nbroker.id=1\ncluster.id=x\n', { state: 'matches', storedId: 1 }],
    ['a KRaft node.id', 'version=1\nnode.id=1\n', { state: 'matches', storedId: 1 }],
  ])('%s passes', (_name, text, result) => {
    expect(checkMetaProperties(text, 1, ctx)).toEqual(result);
  });

  it.each([
    ['no id', 'version=0\ncluster.id=x\n', /has no usable broker.id \(missing\)/],
    ['an id that is no number', 'broker.id=one\n', /has no usable broker.id \("one"\)/],
  ])('%s is a warning', (_name, text, warning) => {
    const result = checkMetaProperties(text, 1, ctx);
    expect(result.state).toBe('no-id');
    expect(result.state === 'no-id' && result.warning).toMatch(warning);
  });

  it.each([
    [0, 1, 0, /says broker.id 0, but this pod kafka-1 is broker 1 \(ordinal 1 \+ KAFKA_BROKER_ID_OFFSET 0\)/],
    [7, 101, 100, /says broker.id 7, but this pod kafka-1 is broker 101 \(ordinal 1 \+ KAFKA_BROKER_ID_OFFSET 100\)/],
  ])('stored %i against derived %i refuses, naming both ids and the fixes', (stored, derived, offset, message) => {
    expect(() => checkMetaProperties(`broker.id=${stored}\n`, derived, { ...ctx, offset })).toThrow(message);
    expect(() => checkMetaProperties(`broker.id=${stored}\n`, derived, { ...ctx, offset })).toThrow(/set KAFKA_BROKER_ID_OFFSET back.*delete \/data\/meta.properties. Nothing was written/);
  });
});
