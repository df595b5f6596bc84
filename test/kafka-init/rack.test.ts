import { describe, expect, it } from 'vitest';
import { rackFromLabels } from '../../agents/kafka-init/rack.ts';

const ZONE = 'topology.kubernetes.io/zone';

describe('broker.rack', () => {
  it.each([
    ['the label value', { [ZONE]: 'eu-west-1a' }, false, 'eu-west-1a'],
    ['a trimmed value', { [ZONE]: ' zone-b ' }, true, 'zone-b'],
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

  it('with the label required: an error that says how to label the node', () => {
    expect(() => rackFromLabels('n1', {}, ZONE, true)).toThrow(/kubectl label node n1 topology.kubernetes.io\/zone=<zone>/);
  });
});
