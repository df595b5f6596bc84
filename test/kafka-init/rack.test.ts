import { describe, expect, it } from 'vitest';
import { rackFromLabels } from '../../agents/kafka-init/rack.ts';

const ZONE = 'topology.kubernetes.io/zone';

describe('broker.rack', () => {
  it.each([
    ['the label value', { [ZONE]: 'eu-west-1a' }, false, 'eu-west-1a'],
    ['a value with every allowed character', { [ZONE]: 'Zone_b.2-x' }, true, 'Zone_b.2-x'],
    ['a one-character value', { [ZONE]: 'a' }, true, 'a'],
    ['a 63-character value', { [ZONE]: 'a'.repeat(63) }, true, 'a'.repeat(63)],
  ])('is %s', (_name, labels, required, rack) => {
    expect(rackFromLabels('n1', labels, ZONE, required)).toEqual({ rack });
  });

  it.each([
    ['no labels', undefined],
    ['another label', { 'kubernetes.io/hostname': 'n1' }],
    ['an empty value', { [ZONE]: '' }],
  ])('with %s: no rack and a warning', (_name, labels) => {
    const result = rackFromLabels('n1', labels, ZONE, false);
    expect(result.rack).toBeNull();
    expect(result.warning).toMatch(/node n1 has no label topology.kubernetes.io\/zone; broker.rack is not set/);
  });

  // The node is untrusted input: a label value that Kubernetes itself would refuse is refused, naming the field.
  it.each([
    ['spaces around it', ' zone-b '],
    ['a space inside', 'zone b'],
    ['a line break', 'zone-b\nbroker.id=7'],
    ['a carriage return', 'zone-b\rbroker.id=7'],
    ['a backslash', 'zone\\b'],
    ['an equals sign', 'zone=b'],
    ['a dash at the end', 'zone-'],
    ['a dot at the start', '.zone'],
    ['64 characters', 'a'.repeat(64)],
    ['a non-ASCII letter', 'zöne'],
  ])('refuses a label value with %s', (_name, value) => {
    expect(() => rackFromLabels('n1', { [ZONE]: value }, ZONE, false)).toThrow(
      /^node n1 metadata\.labels\["topology\.kubernetes\.io\/zone"\] ".*" is not a valid label value \(at most 63 characters, \[A-Za-z0-9\] at both ends, \[-_.A-Za-z0-9\] between\)/,
    );
  });

  it('with the label required: an error that says how to label the node', () => {
    expect(() => rackFromLabels('n1', {}, ZONE, true)).toThrow(/kubectl label node n1 topology.kubernetes.io\/zone=<zone>/);
  });
});
