import { describe, expect, it } from 'vitest';
import { brokerId, maxBrokerId } from '../../agents/kafka-init/broker-id.ts';
import { parseProperties } from '../../agents/lib/properties.ts';

describe('broker.id', () => {
  it.each([
    [0, 0, 0],
    [2, 0, 2],
    [2, 100, 102],
    [0, 1000, 1000],
  ])('ordinal %i + offset %i = %i', (ordinal, offset, id) => {
    expect(brokerId(ordinal, offset)).toBe(id);
  });

  it('refuses an id above reserved.broker.max.id, naming the fix', () => {
    expect(() => brokerId(1, 1000)).toThrow(/broker.id 1001 .* above reserved.broker.max.id 1000.*lower KAFKA_BROKER_ID_OFFSET, or raise reserved.broker.max.id/);
  });

  it.each([
    ['', 1000],
    ['reserved.broker.max.id=5000', 5000],
    ['broker.id.generation.enable=false', 2_147_483_647],
    ['reserved.broker.max.id=lots', 1000],
  ])('the template %j allows ids up to %i', (template, max) => {
    expect(maxBrokerId(parseProperties(template))).toBe(max);
  });
});
